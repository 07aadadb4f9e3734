using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistPS.Imaging;

/// <summary>
/// Span kernels of the image pipeline. The 256-bit paths perform the same single-precision operations, in the same
/// order, as the plain loops that finish each kernel, so every result is identical on any machine.
/// </summary>
internal static class PixelKernels
{
    private static bool IsVectorized => Vector256.IsHardwareAccelerated && BitConverter.IsLittleEndian;

    /// <summary>
    /// grey[x] = (a luma + 255 (255 - a)) / 255 with luma = (77 R + 150 G + 29 B + 128) &gt;&gt; 8: ITU-R BT.601 luma of
    /// 8-bit RGBA pixels, composited over white (luma itself when a = 255).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Luma(ReadOnlySpan<byte> rgba, Span<float> grey)
    {
        if (rgba.Length != grey.Length * 4)
        {
            throw new ArgumentException("rgba must hold four bytes per grey value.", nameof(grey));
        }

        ref var g = ref MemoryMarshal.GetReference(grey);
        var x = 0;
        if (IsVectorized)
        {
            // Eight pixels as little-endian words R | G << 8 | B << 16 | A << 24.
            ref var p = ref Unsafe.As<byte, int>(ref MemoryMarshal.GetReference(rgba));
            var low = Vector256.Create(0xFF);
            var opaque = Vector256.Create(255);
            for (; x <= grey.Length - 8; x += 8)
            {
                var v = Vector256.LoadUnsafe(ref p, (nuint)x);
                var luma = ((Vector256.Create(77) * (v & low)) + (Vector256.Create(150) * ((v >>> 8) & low))
                    + (Vector256.Create(29) * ((v >>> 16) & low)) + Vector256.Create(128)) >>> 8;
                var alpha = v >>> 24;
                var value = Vector256.ConvertToSingle(luma);
                if (alpha != opaque)
                {
                    // 255 luma / 255 is exactly luma, so opaque pixels among these come out as in the plain loop.
                    value = Vector256.ConvertToSingle((alpha * luma) + (opaque * (opaque - alpha))) / Vector256.Create(255f);
                }

                value.StoreUnsafe(ref g, (nuint)x);
            }
        }

        for (; x < grey.Length; x++)
        {
            var i = 4 * x;
            var luma = ((77 * rgba[i]) + (150 * rgba[i + 1]) + (29 * rgba[i + 2]) + 128) >> 8;
            var alpha = rgba[i + 3];
            Unsafe.Add(ref g, x) = alpha == 255 ? luma : ((alpha * luma) + (255 * (255 - alpha))) / 255f;
        }
    }

    /// <summary>The first index from <paramref name="start"/> whose value is at least <paramref name="threshold"/>, or values.Length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOfAtLeast(ReadOnlySpan<float> values, int start, float threshold)
    {
        ref var v = ref MemoryMarshal.GetReference(values);
        var x = start;
        if (IsVectorized)
        {
            var t = Vector256.Create(threshold);
            for (; x <= values.Length - 8; x += 8)
            {
                var mask = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref v, (nuint)x), t).ExtractMostSignificantBits();
                if (mask != 0)
                {
                    return x + System.Numerics.BitOperations.TrailingZeroCount(mask);
                }
            }
        }

        for (; x < values.Length; x++)
        {
            if (Unsafe.Add(ref v, x) >= threshold)
            {
                return x;
            }
        }

        return values.Length;
    }

    /// <summary>The first index from <paramref name="start"/> whose value is below <paramref name="threshold"/>, or values.Length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOfBelow(ReadOnlySpan<float> values, int start, float threshold)
    {
        ref var v = ref MemoryMarshal.GetReference(values);
        var x = start;
        for (; x < values.Length; x++)
        {
            if (Unsafe.Add(ref v, x) < threshold)
            {
                return x;
            }
        }

        return values.Length;
    }
}
