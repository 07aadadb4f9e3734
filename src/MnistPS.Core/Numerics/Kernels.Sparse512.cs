using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistPS.Numerics;

/// <summary>
/// The 512-bit paths of the sparse layer kernels, for x64 machines with AVX-512: the wide column blocks of the 256-bit
/// paths, twice as wide. Every output is summed over the inputs in the same order as on the 256-bit path, one fused
/// multiply-add per input, so the results are the same bit for bit, and seeded runs do not depend on the width.
/// Each returns the first column it left to the narrower paths. Where AVX-512 is missing, <see cref="Vector512"/>
/// runs in software (two 256-bit halves), which is how the tests check these paths on every machine.
/// </summary>
internal static partial class Kernels
{
    /// <summary>destination[c] = bias[c] + sum_t value[t] * w[index[t] * stride + c], in blocks of 64 columns from <paramref name="c"/> before <paramref name="end"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SparseAffine512(ref int pi, ref float pv, int n, ref float pw, ref float pb, ref float pd, int stride, int c, int end)
    {
        // Eight sums in registers where the columns allow: enough independent multiply-adds to keep both FMA units busy.
        for (; c <= end - 128; c += 128)
        {
            var a0 = Vector512.LoadUnsafe(ref pb, (nuint)c);
            var a1 = Vector512.LoadUnsafe(ref pb, (nuint)c + 16);
            var a2 = Vector512.LoadUnsafe(ref pb, (nuint)c + 32);
            var a3 = Vector512.LoadUnsafe(ref pb, (nuint)c + 48);
            var a4 = Vector512.LoadUnsafe(ref pb, (nuint)c + 64);
            var a5 = Vector512.LoadUnsafe(ref pb, (nuint)c + 80);
            var a6 = Vector512.LoadUnsafe(ref pb, (nuint)c + 96);
            var a7 = Vector512.LoadUnsafe(ref pb, (nuint)c + 112);
            for (var t = 0; t < n; t++)
            {
                var v = Vector512.Create(Unsafe.Add(ref pv, t));
                var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
                a0 = MulAdd(v, Vector512.LoadUnsafe(ref pw, row), a0);
                a1 = MulAdd(v, Vector512.LoadUnsafe(ref pw, row + 16), a1);
                a2 = MulAdd(v, Vector512.LoadUnsafe(ref pw, row + 32), a2);
                a3 = MulAdd(v, Vector512.LoadUnsafe(ref pw, row + 48), a3);
                a4 = MulAdd(v, Vector512.LoadUnsafe(ref pw, row + 64), a4);
                a5 = MulAdd(v, Vector512.LoadUnsafe(ref pw, row + 80), a5);
                a6 = MulAdd(v, Vector512.LoadUnsafe(ref pw, row + 96), a6);
                a7 = MulAdd(v, Vector512.LoadUnsafe(ref pw, row + 112), a7);
            }

            a0.StoreUnsafe(ref pd, (nuint)c);
            a1.StoreUnsafe(ref pd, (nuint)c + 16);
            a2.StoreUnsafe(ref pd, (nuint)c + 32);
            a3.StoreUnsafe(ref pd, (nuint)c + 48);
            a4.StoreUnsafe(ref pd, (nuint)c + 64);
            a5.StoreUnsafe(ref pd, (nuint)c + 80);
            a6.StoreUnsafe(ref pd, (nuint)c + 96);
            a7.StoreUnsafe(ref pd, (nuint)c + 112);
        }

        for (; c <= end - 64; c += 64)
        {
            SumRow64(ref pi, ref pv, 0, n, ref pw, stride, c, ref pb, ref pd);
        }

        return c;
    }

    /// <summary>
    /// Columns [c, c + 64) of <see cref="SparseAffineTrusted(ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    /// for two rows at once on the 512-bit path: eight independent chains of multiply-adds where one row has four, each
    /// output summed as for its row alone (the same bits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SparseAffinePair(ReadOnlySpan<int> indexA, ReadOnlySpan<float> valueA, ReadOnlySpan<int> indexB, ReadOnlySpan<float> valueB, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> destinationA, Span<float> destinationB, int c)
    {
        var stride = destinationA.Length;
        if (indexA.Length != valueA.Length || indexB.Length != valueB.Length || destinationB.Length != stride || bias.Length != stride || stride < 64 || (uint)c > (uint)(stride - 64))
        {
            throw new ArgumentException("Inconsistent shapes.", nameof(w));
        }

        ref var pw = ref MemoryMarshal.GetReference(w);
        ref var pb = ref MemoryMarshal.GetReference(bias);
        ref var ia = ref MemoryMarshal.GetReference(indexA);
        ref var va = ref MemoryMarshal.GetReference(valueA);
        ref var ib = ref MemoryMarshal.GetReference(indexB);
        ref var vb = ref MemoryMarshal.GetReference(valueB);
        var a0 = Vector512.LoadUnsafe(ref pb, (nuint)c);
        var a1 = Vector512.LoadUnsafe(ref pb, (nuint)c + 16);
        var a2 = Vector512.LoadUnsafe(ref pb, (nuint)c + 32);
        var a3 = Vector512.LoadUnsafe(ref pb, (nuint)c + 48);
        var (b0, b1, b2, b3) = (a0, a1, a2, a3);
        var both = Math.Min(indexA.Length, indexB.Length);
        var t = 0;
        for (; t < both; t++)
        {
            var u = Vector512.Create(Unsafe.Add(ref va, t));
            var v = Vector512.Create(Unsafe.Add(ref vb, t));
            var rowA = (nuint)((Unsafe.Add(ref ia, t) * stride) + c);
            var rowB = (nuint)((Unsafe.Add(ref ib, t) * stride) + c);
            a0 = MulAdd(u, Vector512.LoadUnsafe(ref pw, rowA), a0);
            b0 = MulAdd(v, Vector512.LoadUnsafe(ref pw, rowB), b0);
            a1 = MulAdd(u, Vector512.LoadUnsafe(ref pw, rowA + 16), a1);
            b1 = MulAdd(v, Vector512.LoadUnsafe(ref pw, rowB + 16), b1);
            a2 = MulAdd(u, Vector512.LoadUnsafe(ref pw, rowA + 32), a2);
            b2 = MulAdd(v, Vector512.LoadUnsafe(ref pw, rowB + 32), b2);
            a3 = MulAdd(u, Vector512.LoadUnsafe(ref pw, rowA + 48), a3);
            b3 = MulAdd(v, Vector512.LoadUnsafe(ref pw, rowB + 48), b3);
        }

        // Each row's sums so far go to its destination, and its own inputs after the common ones take them on from there.
        ref var da = ref MemoryMarshal.GetReference(destinationA);
        ref var db = ref MemoryMarshal.GetReference(destinationB);
        a0.StoreUnsafe(ref da, (nuint)c);
        a1.StoreUnsafe(ref da, (nuint)c + 16);
        a2.StoreUnsafe(ref da, (nuint)c + 32);
        a3.StoreUnsafe(ref da, (nuint)c + 48);
        b0.StoreUnsafe(ref db, (nuint)c);
        b1.StoreUnsafe(ref db, (nuint)c + 16);
        b2.StoreUnsafe(ref db, (nuint)c + 32);
        b3.StoreUnsafe(ref db, (nuint)c + 48);
        SumRow64(ref ia, ref va, t, indexA.Length, ref pw, stride, c, ref da, ref da);
        SumRow64(ref ib, ref vb, t, indexB.Length, ref pw, stride, c, ref db, ref db);
    }

    /// <summary>
    /// destination[c + j] = sums[c + j] + sum over inputs t to n - 1 of value[t] * w[index[t] * stride + c + j], for
    /// the 64 columns from c: one multiply-add per input, in input order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SumRow64(ref int pi, ref float pv, int t, int n, ref float pw, int stride, int c, ref float sums, ref float pd)
    {
        var a0 = Vector512.LoadUnsafe(ref sums, (nuint)c);
        var a1 = Vector512.LoadUnsafe(ref sums, (nuint)c + 16);
        var a2 = Vector512.LoadUnsafe(ref sums, (nuint)c + 32);
        var a3 = Vector512.LoadUnsafe(ref sums, (nuint)c + 48);
        for (; t < n; t++)
        {
            var v = Vector512.Create(Unsafe.Add(ref pv, t));
            var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
            a0 = MulAdd(v, Vector512.LoadUnsafe(ref pw, row), a0);
            a1 = MulAdd(v, Vector512.LoadUnsafe(ref pw, row + 16), a1);
            a2 = MulAdd(v, Vector512.LoadUnsafe(ref pw, row + 32), a2);
            a3 = MulAdd(v, Vector512.LoadUnsafe(ref pw, row + 48), a3);
        }

        a0.StoreUnsafe(ref pd, (nuint)c);
        a1.StoreUnsafe(ref pd, (nuint)c + 16);
        a2.StoreUnsafe(ref pd, (nuint)c + 32);
        a3.StoreUnsafe(ref pd, (nuint)c + 48);
    }

    /// <summary>w[index[t] * stride + c] += value[t] * dz[c], in blocks of 48 columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SparseOuterAdd512(ref int pi, ref float pv, int n, ref float pw, ref float pz, int stride)
    {
        var c = 0;
        for (; c <= stride - 48; c += 48)
        {
            var z0 = Vector512.LoadUnsafe(ref pz, (nuint)c);
            var z1 = Vector512.LoadUnsafe(ref pz, (nuint)c + 16);
            var z2 = Vector512.LoadUnsafe(ref pz, (nuint)c + 32);
            for (var t = 0; t < n; t++)
            {
                var v = Vector512.Create(Unsafe.Add(ref pv, t));
                var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
                MulAdd(v, z0, Vector512.LoadUnsafe(ref pw, row)).StoreUnsafe(ref pw, row);
                MulAdd(v, z1, Vector512.LoadUnsafe(ref pw, row + 16)).StoreUnsafe(ref pw, row + 16);
                MulAdd(v, z2, Vector512.LoadUnsafe(ref pw, row + 32)).StoreUnsafe(ref pw, row + 32);
            }
        }

        return c;
    }

    /// <summary>
    /// z = b + W^T a for four rows at once of a layer of 16 columns (an output layer of 10 units) on the 512-bit path:
    /// row r's non-zero inputs are index[start[r] ..] and value[start[r] ..], length[r] of them, and its z is
    /// destination[16 r ..]. Each row sums as the 256-bit path's 16-column block does (even inputs onto the bias, odd
    /// ones from zero, the two added at the end), so the same bits as one row at a time; four rows give eight
    /// independent chains of multiply-adds where one row has two.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SparseAffine16Rows4(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<int> start, ReadOnlySpan<int> length, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> destination)
    {
        const int stride = Columns16;
        if (start.Length < 4 || length.Length < 4 || bias.Length != stride || destination.Length < 4 * stride || w.Length % stride != 0)
        {
            throw new ArgumentException("Inconsistent shapes.", nameof(w));
        }

        for (var r = 0; r < 4; r++)
        {
            // The lists must lie within index and value; like the other batch kernels', their indices are trusted.
            _ = index.Slice(start[r], length[r]);
            _ = value.Slice(start[r], length[r]);
        }

        ref var pw = ref MemoryMarshal.GetReference(w);
        ref var pd = ref MemoryMarshal.GetReference(destination);
        ref var i0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(index), start[0]);
        ref var i1 = ref Unsafe.Add(ref MemoryMarshal.GetReference(index), start[1]);
        ref var i2 = ref Unsafe.Add(ref MemoryMarshal.GetReference(index), start[2]);
        ref var i3 = ref Unsafe.Add(ref MemoryMarshal.GetReference(index), start[3]);
        ref var v0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(value), start[0]);
        ref var v1 = ref Unsafe.Add(ref MemoryMarshal.GetReference(value), start[1]);
        ref var v2 = ref Unsafe.Add(ref MemoryMarshal.GetReference(value), start[2]);
        ref var v3 = ref Unsafe.Add(ref MemoryMarshal.GetReference(value), start[3]);
        var b = Vector512.Create(bias);
        var (a0, a1, a2, a3) = (b, b, b, b);
        var (o0, o1, o2, o3) = (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
        var pairs = Math.Min(Math.Min(length[0], length[1]), Math.Min(length[2], length[3])) & ~1;
        var t = 0;
        for (; t < pairs; t += 2)
        {
            a0 = MulAdd(Vector512.Create(Unsafe.Add(ref v0, t)), Vector512.LoadUnsafe(ref pw, (nuint)(Unsafe.Add(ref i0, t) * stride)), a0);
            a1 = MulAdd(Vector512.Create(Unsafe.Add(ref v1, t)), Vector512.LoadUnsafe(ref pw, (nuint)(Unsafe.Add(ref i1, t) * stride)), a1);
            a2 = MulAdd(Vector512.Create(Unsafe.Add(ref v2, t)), Vector512.LoadUnsafe(ref pw, (nuint)(Unsafe.Add(ref i2, t) * stride)), a2);
            a3 = MulAdd(Vector512.Create(Unsafe.Add(ref v3, t)), Vector512.LoadUnsafe(ref pw, (nuint)(Unsafe.Add(ref i3, t) * stride)), a3);
            o0 = MulAdd(Vector512.Create(Unsafe.Add(ref v0, t + 1)), Vector512.LoadUnsafe(ref pw, (nuint)(Unsafe.Add(ref i0, t + 1) * stride)), o0);
            o1 = MulAdd(Vector512.Create(Unsafe.Add(ref v1, t + 1)), Vector512.LoadUnsafe(ref pw, (nuint)(Unsafe.Add(ref i1, t + 1) * stride)), o1);
            o2 = MulAdd(Vector512.Create(Unsafe.Add(ref v2, t + 1)), Vector512.LoadUnsafe(ref pw, (nuint)(Unsafe.Add(ref i2, t + 1) * stride)), o2);
            o3 = MulAdd(Vector512.Create(Unsafe.Add(ref v3, t + 1)), Vector512.LoadUnsafe(ref pw, (nuint)(Unsafe.Add(ref i3, t + 1) * stride)), o3);
        }

        // Each row's own inputs after the common pairs, on from its sums so far.
        Finish16(ref i0, ref v0, t, length[0], ref pw, a0, o0).StoreUnsafe(ref pd);
        Finish16(ref i1, ref v1, t, length[1], ref pw, a1, o1).StoreUnsafe(ref pd, stride);
        Finish16(ref i2, ref v2, t, length[2], ref pw, a2, o2).StoreUnsafe(ref pd, 2 * stride);
        Finish16(ref i3, ref v3, t, length[3], ref pw, a3, o3).StoreUnsafe(ref pd, 3 * stride);
    }

    /// <summary>The width of the layers <see cref="SparseAffine16Rows4"/> takes: one 512-bit vector.</summary>
    private const int Columns16 = 16;

    /// <summary>A row of <see cref="SparseAffine16Rows4"/> from input <paramref name="t"/> (even) on: its even and odd sums, then their total.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Finish16(ref int pi, ref float pv, int t, int n, ref float pw, Vector512<float> even, Vector512<float> odd)
    {
        for (; t <= n - 2; t += 2)
        {
            even = MulAdd(Vector512.Create(Unsafe.Add(ref pv, t)), Vector512.LoadUnsafe(ref pw, (nuint)(Unsafe.Add(ref pi, t) * Columns16)), even);
            odd = MulAdd(Vector512.Create(Unsafe.Add(ref pv, t + 1)), Vector512.LoadUnsafe(ref pw, (nuint)(Unsafe.Add(ref pi, t + 1) * Columns16)), odd);
        }

        if (t < n)
        {
            even = MulAdd(Vector512.Create(Unsafe.Add(ref pv, t)), Vector512.LoadUnsafe(ref pw, (nuint)(Unsafe.Add(ref pi, t) * Columns16)), even);
        }

        return even + odd;
    }

    /// <summary>
    /// a * b + c, fused by AVX-512, or on each quarter as the 128-bit <c>MulAdd</c> does it (fused by x64 FMA or
    /// ARM64 AdvSimd, as the 256-bit and 128-bit paths are; plain where neither is).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Avx512F.IsSupported
            ? Avx512F.FusedMultiplyAdd(a, b, c)
            : Vector512.Create(MulAddHalves(a.GetLower(), b.GetLower(), c.GetLower()), MulAddHalves(a.GetUpper(), b.GetUpper(), c.GetUpper()));

    /// <summary>a * b + c on 256 bits as two 128-bit <c>MulAdd</c>s: the software half of the 512-bit one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAddHalves(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Vector256.Create(MulAdd(a.GetLower(), b.GetLower(), c.GetLower()), MulAdd(a.GetUpper(), b.GetUpper(), c.GetUpper()));
}
