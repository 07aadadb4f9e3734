using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MnistPS.Numerics;

/// <summary>
/// Span kernels for dense layers whose weights are stored input-major: row k of W (length <c>stride</c>, the layer
/// width padded to a multiple of 8) holds the weights from input k to every unit. Inputs are handled as sparse rows
/// (the indices and values of their non-zero entries): MNIST pixels are about 80% zeros and ReLU outputs about half,
/// so skipping zeros is where the speed comes from. Each kernel checks its preconditions first; the SIMD paths are
/// tested against the plain loops of the tests' reference kernels. One file per family: dense (Kernels.Dense.cs),
/// compression to sparse rows (Kernels.Compression.cs), sparse layers (Kernels.Sparse.cs, over a batch's rows
/// Kernels.SparseBatch.cs, their weight gradient Kernels.SparseUpdate.cs), activations
/// (Kernels.Activations.cs), the small matrix product of elastic fields (Kernels.Product.cs); this one holds what
/// they share.
/// </summary>
internal static partial class Kernels
{
    /// <summary>Whether the 256-bit SIMD path is used on this machine (x64 with AVX2).</summary>
    public static bool IsVectorized => Vector256.IsHardwareAccelerated;

    /// <summary>
    /// Whether the 128-bit SIMD path is used instead: no 256-bit vectors, but 128-bit ones (ARM64's AdvSimd, x64 with
    /// SSE only).
    /// </summary>
    public static bool IsNarrow => !Vector256.IsHardwareAccelerated && Vector128.IsHardwareAccelerated;

    /// <summary>
    /// Whether the sparse layer kernels take their 512-bit path first (x64 with AVX-512, see Kernels.Sparse512.cs).
    /// Only kernels whose every output is summed in the same order at any width have one, so seeded results are the
    /// same with and without it; the reductions (dot products, softmax) stay 256-bit.
    /// </summary>
    public static bool IsWide => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>Width in bits of the widest SIMD vectors used (0 when scalar).</summary>
    public static int VectorBits => IsWide ? 512 : IsVectorized ? 256 : IsNarrow ? 128 : 0;

    /// <summary>
    /// Columns per block when the rows of a batch take turns on one block of a layer's weights while it is in cache.
    /// Every vector path gives each column one chain of fused multiply-adds in input order, except the 256-bit path's
    /// 24- and 16-column blocks, which sum even and odd inputs apart; those are taken only for a row's last columns,
    /// after the widest blocks, and depend on the stride modulo 32 alone. Blocks that start at multiples of 64 (and end
    /// at one or at the row's end) keep that, so a column gets the same sums, bit for bit, as when a row is computed
    /// whole.
    /// </summary>
    public const int ColumnBlock = 64;

    /// <summary>
    /// The end of the block of columns that starts at <paramref name="start"/> (a multiple of <see cref="ColumnBlock"/>):
    /// <paramref name="width"/> columns on (a multiple of it too), or the row's end when fewer than
    /// <see cref="ColumnBlock"/> would be left after them.
    /// </summary>
    public static int ColumnsEnd(int start, int stride, int width) =>
        stride - (start + width) < ColumnBlock ? stride : start + width;

    /// <summary>
    /// Whether a layer of this stride has more than one block of columns (see <see cref="ColumnsEnd"/>): then its
    /// forward pass takes a batch's rows a block at a time; a layer of one block takes each row whole.
    /// </summary>
    public static bool HasColumnBlocks(int stride) => ColumnsEnd(0, stride, ColumnBlock) < stride;

    /// <summary>Rounds a layer width up to whole vectors: the row stride of weights and activations.</summary>
    public static int Stride(int width) => (width + 7) & ~7;

    /// <summary>a * b + c, fused where the processor can.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>a * b + c, fused where the processor can (x64 FMA, ARM64 AdvSimd).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : AdvSimd.IsSupported ? AdvSimd.FusedMultiplyAdd(c, a, b) : (a * b) + c;
}
