using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistPS.Numerics;

/// <summary>Back-propagation through a sparse layer: the dots of dz with the weight rows of the inputs a row used.</summary>
internal static partial class Kernels
{
    /// <summary>result[t] = sum_c dz[c] * w[index[t] * stride + c], stride = dz.Length: (W dz) at the given inputs (back-propagation).</summary>
    public static void GatherDots(ReadOnlySpan<int> index, ReadOnlySpan<float> dz, ReadOnlySpan<float> w, Span<float> result) =>
        GatherDots(index, dz, w, result, 0, index.Length);

    /// <summary>
    /// Positions [first, end) of <see cref="GatherDots(ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    /// into result[0 .. end - first], so that a batch's rows can take turns on a block of weight rows while it is in
    /// cache. The positions go in groups of eight counted from the start of the list, as in the whole call, so each dot
    /// is the same bit for bit: <paramref name="first"/> is a multiple of 8, and <paramref name="end"/> is one too or is
    /// the list's end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void GatherDots(ReadOnlySpan<int> index, ReadOnlySpan<float> dz, ReadOnlySpan<float> w, Span<float> result, int first, int end)
    {
        if ((uint)end > (uint)index.Length || (uint)first > (uint)end || first % 8 != 0 || (end % 8 != 0 && end != index.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"[{first}, {end}) is not a range of whole groups of the {index.Length} positions.");
        }

        if (result.Length < end - first)
        {
            throw new ArgumentException("result must hold one value per index.", nameof(result));
        }

        CheckRows(index[first..end], w, dz.Length);
        var stride = dz.Length;
        var t = first;
        if (Avx.IsSupported && stride % 8 == 0)
        {
            // Eight rows at a time: a vector of partial products per row, then one transposing reduction yields all eight dots.
            ref var pw = ref MemoryMarshal.GetReference(w);
            ref var pz = ref MemoryMarshal.GetReference(dz);
            ref var pi = ref MemoryMarshal.GetReference(index);
            for (; t <= end - 8; t += 8)
            {
                Dots8(ref pw, ref pz, stride, ref Unsafe.Add(ref pi, t)).StoreUnsafe(ref MemoryMarshal.GetReference(result), (nuint)(t - first));
            }
        }

        for (; t < end; t++)
        {
            result[t - first] = Dot(dz, w.Slice(index[t] * stride, stride));
        }
    }

    /// <summary>The dots of dz with the eight weight rows index[0..8), as one vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Dots8(ref float w, ref float dz, int stride, ref int index)
    {
        // Per row, lane-wise sums of dz[c] * w[row * stride + c] over the row's vectors: eight independent chains of
        // multiply-adds, advanced together.
        ref var w0 = ref Unsafe.Add(ref w, index * stride);
        ref var w1 = ref Unsafe.Add(ref w, Unsafe.Add(ref index, 1) * stride);
        ref var w2 = ref Unsafe.Add(ref w, Unsafe.Add(ref index, 2) * stride);
        ref var w3 = ref Unsafe.Add(ref w, Unsafe.Add(ref index, 3) * stride);
        ref var w4 = ref Unsafe.Add(ref w, Unsafe.Add(ref index, 4) * stride);
        ref var w5 = ref Unsafe.Add(ref w, Unsafe.Add(ref index, 5) * stride);
        ref var w6 = ref Unsafe.Add(ref w, Unsafe.Add(ref index, 6) * stride);
        ref var w7 = ref Unsafe.Add(ref w, Unsafe.Add(ref index, 7) * stride);
        var z = Vector256.LoadUnsafe(ref dz);
        var p0 = z * Vector256.LoadUnsafe(ref w0);
        var p1 = z * Vector256.LoadUnsafe(ref w1);
        var p2 = z * Vector256.LoadUnsafe(ref w2);
        var p3 = z * Vector256.LoadUnsafe(ref w3);
        var p4 = z * Vector256.LoadUnsafe(ref w4);
        var p5 = z * Vector256.LoadUnsafe(ref w5);
        var p6 = z * Vector256.LoadUnsafe(ref w6);
        var p7 = z * Vector256.LoadUnsafe(ref w7);
        for (nuint c = 8; c < (nuint)stride; c += 8)
        {
            z = Vector256.LoadUnsafe(ref dz, c);
            p0 = MulAdd(z, Vector256.LoadUnsafe(ref w0, c), p0);
            p1 = MulAdd(z, Vector256.LoadUnsafe(ref w1, c), p1);
            p2 = MulAdd(z, Vector256.LoadUnsafe(ref w2, c), p2);
            p3 = MulAdd(z, Vector256.LoadUnsafe(ref w3, c), p3);
            p4 = MulAdd(z, Vector256.LoadUnsafe(ref w4, c), p4);
            p5 = MulAdd(z, Vector256.LoadUnsafe(ref w5, c), p5);
            p6 = MulAdd(z, Vector256.LoadUnsafe(ref w6, c), p6);
            p7 = MulAdd(z, Vector256.LoadUnsafe(ref w7, c), p7);
        }

        // Pairwise horizontal adds leave, per 128-bit half, the half-sums of rows 0-3 (and 4-7); adding the halves finishes them.
        var low = Avx.HorizontalAdd(Avx.HorizontalAdd(p0, p1), Avx.HorizontalAdd(p2, p3));
        var high = Avx.HorizontalAdd(Avx.HorizontalAdd(p4, p5), Avx.HorizontalAdd(p6, p7));
        return Avx.Permute2x128(low, high, 0x20) + Avx.Permute2x128(low, high, 0x31);
    }
}
