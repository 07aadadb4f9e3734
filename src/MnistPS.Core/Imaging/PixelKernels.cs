using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistPS.Imaging;

/// <summary>
/// Span kernels of the image pipeline. The 256-bit paths perform the same single-precision operations, in the same
/// order, as the plain loops that finish each kernel (selects stand for Math.Max and Math.Clamp), so for every finite
/// input the result is identical on any machine; the tests compare them bit for bit.
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

    /// <summary>values[x] = 255 - values[x].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invert(Span<float> values)
    {
        ref var v = ref MemoryMarshal.GetReference(values);
        var x = 0;
        if (IsVectorized)
        {
            var full = Vector256.Create(255f);
            for (; x <= values.Length - 8; x += 8)
            {
                (full - Vector256.LoadUnsafe(ref v, (nuint)x)).StoreUnsafe(ref v, (nuint)x);
            }
        }

        for (; x < values.Length; x++)
        {
            Unsafe.Add(ref v, x) = 255 - Unsafe.Add(ref v, x);
        }
    }

    /// <summary>counts[bin(v)] += 1 for each v, bin(v) = floor(clamp(v, 0, 255) + 0.5): a 256-bin histogram (halves round up).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CountBins(ReadOnlySpan<float> values, Span<int> counts)
    {
        if (counts.Length < 256)
        {
            throw new ArgumentException("counts must have 256 bins.", nameof(counts));
        }

        ref var v = ref MemoryMarshal.GetReference(values);
        ref var c = ref MemoryMarshal.GetReference(counts);
        var x = 0;
        if (IsVectorized)
        {
            var half = Vector256.Create(0.5f);
            var top = Vector256.Create(255f);
            for (; x <= values.Length - 8; x += 8)
            {
                var bins = Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(Vector256.LoadUnsafe(ref v, (nuint)x), Vector256<float>.Zero), top) + half);
                Unsafe.Add(ref c, bins.GetElement(0))++;
                Unsafe.Add(ref c, bins.GetElement(1))++;
                Unsafe.Add(ref c, bins.GetElement(2))++;
                Unsafe.Add(ref c, bins.GetElement(3))++;
                Unsafe.Add(ref c, bins.GetElement(4))++;
                Unsafe.Add(ref c, bins.GetElement(5))++;
                Unsafe.Add(ref c, bins.GetElement(6))++;
                Unsafe.Add(ref c, bins.GetElement(7))++;
            }
        }

        for (; x < values.Length; x++)
        {
            Unsafe.Add(ref c, Histogram.Bin(Unsafe.Add(ref v, x)))++;
        }
    }

    /// <summary>
    /// counts[group[x] + bin(values[x])] += 1, bin as in <see cref="CountBins(ReadOnlySpan{float}, Span{int})"/>: the
    /// histograms of several groups of values at once, group[x] being the offset of value x's 256 bins in counts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CountBins(ReadOnlySpan<float> values, ReadOnlySpan<int> group, Span<int> counts)
    {
        if (group.Length != values.Length)
        {
            throw new ArgumentException("values and group differ in length.", nameof(group));
        }

        if (counts.Length < 256 || group.IndexOfAnyExceptInRange(0, counts.Length - 256) >= 0)
        {
            throw new ArgumentException("Every group's 256 bins must lie within counts.", nameof(counts));
        }

        ref var v = ref MemoryMarshal.GetReference(values);
        ref var o = ref MemoryMarshal.GetReference(group);
        ref var c = ref MemoryMarshal.GetReference(counts);
        var x = 0;
        if (IsVectorized)
        {
            var half = Vector256.Create(0.5f);
            var top = Vector256.Create(255f);
            for (; x <= values.Length - 8; x += 8)
            {
                var bins = Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(Vector256.LoadUnsafe(ref v, (nuint)x), Vector256<float>.Zero), top) + half)
                    + Vector256.LoadUnsafe(ref o, (nuint)x);
                Unsafe.Add(ref c, bins.GetElement(0))++;
                Unsafe.Add(ref c, bins.GetElement(1))++;
                Unsafe.Add(ref c, bins.GetElement(2))++;
                Unsafe.Add(ref c, bins.GetElement(3))++;
                Unsafe.Add(ref c, bins.GetElement(4))++;
                Unsafe.Add(ref c, bins.GetElement(5))++;
                Unsafe.Add(ref c, bins.GetElement(6))++;
                Unsafe.Add(ref c, bins.GetElement(7))++;
            }
        }

        for (; x < values.Length; x++)
        {
            Unsafe.Add(ref c, Unsafe.Add(ref o, x) + Histogram.Bin(Unsafe.Add(ref v, x)))++;
        }
    }

    /// <summary>sum[i] += counts[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddCounts(ReadOnlySpan<int> counts, Span<int> sum)
    {
        if (counts.Length != sum.Length)
        {
            throw new ArgumentException("counts and sum differ in length.", nameof(sum));
        }

        ref var c = ref MemoryMarshal.GetReference(counts);
        ref var s = ref MemoryMarshal.GetReference(sum);
        var i = 0;
        if (IsVectorized)
        {
            for (; i <= counts.Length - 8; i += 8)
            {
                (Vector256.LoadUnsafe(ref s, (nuint)i) + Vector256.LoadUnsafe(ref c, (nuint)i)).StoreUnsafe(ref s, (nuint)i);
            }
        }

        for (; i < counts.Length; i++)
        {
            Unsafe.Add(ref s, i) += Unsafe.Add(ref c, i);
        }
    }

    /// <summary>
    /// row[x] = max(0, row[x] - (a + fx[x] (b - a))) with a = left[x] + fy leftStep[x] and b = right[x] + fy rightStep[x]:
    /// a background interpolated bilinearly (down, then across) subtracted, floored at 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractBilinear(Span<float> row, ReadOnlySpan<float> fx, float fy, ReadOnlySpan<float> left, ReadOnlySpan<float> leftStep, ReadOnlySpan<float> right, ReadOnlySpan<float> rightStep)
    {
        var n = row.Length;
        if (fx.Length != n || left.Length != n || leftStep.Length != n || right.Length != n || rightStep.Length != n)
        {
            throw new ArgumentException("row, fx, left, leftStep, right and rightStep differ in length.", nameof(fx));
        }

        ref var r = ref MemoryMarshal.GetReference(row);
        ref var f = ref MemoryMarshal.GetReference(fx);
        ref var l = ref MemoryMarshal.GetReference(left);
        ref var ls = ref MemoryMarshal.GetReference(leftStep);
        ref var rt = ref MemoryMarshal.GetReference(right);
        ref var rs = ref MemoryMarshal.GetReference(rightStep);
        var x = 0;
        if (IsVectorized)
        {
            var vfy = Vector256.Create(fy);
            for (; x <= n - 8; x += 8)
            {
                var i = (nuint)x;
                var a = Vector256.LoadUnsafe(ref l, i) + (vfy * Vector256.LoadUnsafe(ref ls, i));
                var b = Vector256.LoadUnsafe(ref rt, i) + (vfy * Vector256.LoadUnsafe(ref rs, i));
                var s = Vector256.LoadUnsafe(ref r, i) - (a + (Vector256.LoadUnsafe(ref f, i) * (b - a)));
                Vector256.ConditionalSelect(Vector256.GreaterThan(s, Vector256<float>.Zero), s, Vector256<float>.Zero).StoreUnsafe(ref r, i);
            }
        }

        for (; x < n; x++)
        {
            var a = Unsafe.Add(ref l, x) + (fy * Unsafe.Add(ref ls, x));
            var b = Unsafe.Add(ref rt, x) + (fy * Unsafe.Add(ref rs, x));
            Unsafe.Add(ref r, x) = Math.Max(0, Unsafe.Add(ref r, x) - (a + (Unsafe.Add(ref f, x) * (b - a))));
        }
    }

    /// <summary>values[x] = clamp((values[x] - lo) scale, 0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Stretch(Span<float> values, float lo, float scale)
    {
        ref var v = ref MemoryMarshal.GetReference(values);
        var x = 0;
        if (IsVectorized)
        {
            var vlo = Vector256.Create(lo);
            var vscale = Vector256.Create(scale);
            for (; x <= values.Length - 8; x += 8)
            {
                var s = (Vector256.LoadUnsafe(ref v, (nuint)x) - vlo) * vscale;
                s = Vector256.ConditionalSelect(Vector256.LessThan(s, Vector256<float>.Zero), Vector256<float>.Zero, s);
                Vector256.ConditionalSelect(Vector256.GreaterThan(s, Vector256<float>.One), Vector256<float>.One, s).StoreUnsafe(ref v, (nuint)x);
            }
        }

        for (; x < values.Length; x++)
        {
            Unsafe.Add(ref v, x) = Math.Clamp((Unsafe.Add(ref v, x) - lo) * scale, 0, 1);
        }
    }

    /// <summary>Whether every value is a whole level 0, 1, ..., 255.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AreWholeLevels(ReadOnlySpan<float> values)
    {
        ref var v = ref MemoryMarshal.GetReference(values);
        var x = 0;
        if (IsVectorized)
        {
            var top = Vector256.Create(255f);
            for (; x <= values.Length - 8; x += 8)
            {
                var value = Vector256.LoadUnsafe(ref v, (nuint)x);
                var whole = Vector256.Equals(Vector256.ConvertToSingle(Vector256.ConvertToInt32(value)), value)
                    & Vector256.GreaterThanOrEqual(value, Vector256<float>.Zero) & Vector256.LessThanOrEqual(value, top);
                if (whole.ExtractMostSignificantBits() != 0xFF)
                {
                    return false;
                }
            }
        }

        for (; x < values.Length; x++)
        {
            var value = Unsafe.Add(ref v, x);
            if (!(value >= 0 && value <= 255 && value == (int)value))
            {
                return false;
            }
        }

        return true;
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
