using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistPS.Numerics;

/// <summary>
/// Span kernels for dense layers whose weights are stored input-major: row k of W (length <c>stride</c>, the layer
/// width padded to a multiple of 8) holds the weights from input k to every unit. Inputs are handled as sparse rows
/// (the indices and values of their non-zero entries): MNIST pixels are about 80% zeros and ReLU outputs about half,
/// so skipping zeros is where the speed comes from. Each kernel checks its preconditions first; the SIMD paths are
/// tested against the plain loops of the tests' reference kernels. One file per family: dense (Kernels.Dense.cs),
/// compression to sparse rows (Kernels.Compression.cs), sparse layers (Kernels.Sparse.cs), activations
/// (Kernels.Activations.cs); this one holds what they share.
/// </summary>
internal static partial class Kernels
{
    /// <summary>Whether the 256-bit SIMD path is used on this machine.</summary>
    public static bool IsVectorized => Vector256.IsHardwareAccelerated;

    /// <summary>Width in bits of the SIMD vectors used (0 when scalar).</summary>
    public static int VectorBits => IsVectorized ? 256 : 0;

    /// <summary>Rounds a layer width up to whole vectors: the row stride of weights and activations.</summary>
    public static int Stride(int width) => (width + 7) & ~7;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;
}
