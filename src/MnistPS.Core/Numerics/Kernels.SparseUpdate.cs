using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistPS.Numerics;

/// <summary>
/// The weight gradient of a sparse layer over the rows of a batch, two inputs at a time: the rows in which either input
/// is non-zero add their dz to the inputs' weight rows, which stay in registers meanwhile, so each weight is loaded and
/// stored once per batch instead of once per row, and each row of dz loaded serves both inputs.
/// </summary>
internal static partial class Kernels
{
    /// <summary>
    /// W += a dz^T over a batch, for columns [from, to) of every input's weight row, with a given by its non-zero
    /// entries two neighbouring inputs at a time (as <c>InputPairLists</c> gives them): pair m's entries
    /// e in [start[m], start[m + 1]) name a row of dz, row[e], ascending, and inputs 2m and 2m + 1's values in it,
    /// first[e] and second[e], 0 where the input is zero. Each weight takes value * dz[row] for its input's rows in row
    /// order, one multiply-add each, as from <see cref="SparseOuterAddTrusted(ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    /// called row by row; where both inputs of a pair have rows but only one is non-zero in a row, the other's weights
    /// take 0 * dz there, which leaves them as they are (an IEEE sum with +0 or -0 is the other addend) unless a weight
    /// is -0, which becomes +0, the same number, or dz is infinite (training has diverged), which makes the weight NaN.
    /// Initialisation and training never make a weight -0 (a sum is -0 only if both addends are), and a finite loss
    /// comes with a finite dz unless the weights are near float's limit, so for them the results are the same bit for
    /// bit; but each weight is loaded and stored once, and each row of dz loaded serves both inputs.
    /// </summary>
    /// <param name="start">Where each pair's entries start, then their end: one more than the pairs, never decreasing.</param>
    /// <param name="present">Per pair: bit 0 if its first input is listed in any row, bit 1 if its second is (a pair with one only takes that input's rows alone).</param>
    /// <param name="row">Per entry, the row of dz (below <paramref name="rows"/>; trusted, as the indices of the other sparse kernels are).</param>
    /// <param name="first">Per entry, the pair's first input's value in that row.</param>
    /// <param name="second">Per entry, the pair's second input's value in that row.</param>
    /// <param name="dz">The batch's dz, rows of <paramref name="stride"/>.</param>
    /// <param name="rows">How many rows of dz the entries name.</param>
    /// <param name="stride">The layer's row stride.</param>
    /// <param name="w">The inputs' weight rows (the last pair has one input if their count is odd).</param>
    /// <param name="from">The first column.</param>
    /// <param name="to">The column after the last.</param>
    /// <param name="wide">Whether to take the 512-bit path (the tests take both).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void InputPairsOuterAdd(ReadOnlySpan<int> start, ReadOnlySpan<byte> present, ReadOnlySpan<int> row, ReadOnlySpan<float> first, ReadOnlySpan<float> second, ReadOnlySpan<float> dz, int rows, int stride, Span<float> w, int from, int to, bool wide)
    {
        var pairs = start.Length - 1;
        var inputs = stride <= 0 ? -1L : w.Length / stride;
        if (pairs < 0 || present.Length != pairs || row.Length != first.Length || row.Length != second.Length || stride <= 0 || (long)inputs * stride != w.Length
            || (inputs + 1) / 2 != pairs || (long)rows * stride > dz.Length || (uint)to > (uint)stride || (uint)from > (uint)to
            || (pairs > 0 && (start[0] < 0 || start[pairs] > row.Length)))
        {
            throw new ArgumentException("Inconsistent shapes.", nameof(w));
        }

        for (var m = 0; m < pairs; m++)
        {
            if (start[m + 1] < start[m] || present[m] > 3 || ((2 * m) + 1 == inputs && present[m] > 1))
            {
                throw new ArgumentException("The pairs' entries must follow one another (start never decreases), and a lone last input has no second.", nameof(start));
            }
        }

        ref var pz = ref MemoryMarshal.GetReference(dz);
        ref var pw = ref MemoryMarshal.GetReference(w);
        for (var m = 0; m < pairs; m++)
        {
            var (begin, end) = (start[m], start[m + 1]);
            if (end == begin)
            {
                continue;
            }

            ref var pr = ref Unsafe.Add(ref MemoryMarshal.GetReference(row), begin);
            ref var p1 = ref Unsafe.Add(ref MemoryMarshal.GetReference(first), begin);
            ref var p2 = ref Unsafe.Add(ref MemoryMarshal.GetReference(second), begin);
            ref var w1 = ref Unsafe.Add(ref pw, 2 * m * stride);
            switch (present[m])
            {
                case 3:
                    OuterAddPair(ref pr, ref p1, ref p2, end - begin, ref pz, stride, ref w1, ref Unsafe.Add(ref w1, stride), from, to, wide);
                    break;
                case 1:
                    OuterAddInput(ref pr, ref p1, end - begin, ref pz, stride, ref w1, from, to, wide);
                    break;
                case 2:
                    OuterAddInput(ref pr, ref p2, end - begin, ref pz, stride, ref Unsafe.Add(ref w1, stride), from, to, wide);
                    break;
            }
        }
    }

    /// <summary>
    /// Two inputs' weight rows: w1[c] += first[e] * dz[row[e] * stride + c] and w2[c] += second[e] * (the same), for e
    /// in [0, n) in order and c in [from, to); each width's columns as in <see cref="OuterAddInput"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OuterAddPair(ref int pr, ref float p1, ref float p2, int n, ref float pz, int stride, ref float w1, ref float w2, int from, int to, bool wide)
    {
        var c = from;
        if (wide)
        {
            // Sixteen sums in registers, eight per input, take each row of dz loaded: the FMA units, not the loads, set the pace.
            for (; c <= to - 128; c += 128)
            {
                var a0 = Vector512.LoadUnsafe(ref w1, (nuint)c);
                var a1 = Vector512.LoadUnsafe(ref w1, (nuint)c + 16);
                var a2 = Vector512.LoadUnsafe(ref w1, (nuint)c + 32);
                var a3 = Vector512.LoadUnsafe(ref w1, (nuint)c + 48);
                var a4 = Vector512.LoadUnsafe(ref w1, (nuint)c + 64);
                var a5 = Vector512.LoadUnsafe(ref w1, (nuint)c + 80);
                var a6 = Vector512.LoadUnsafe(ref w1, (nuint)c + 96);
                var a7 = Vector512.LoadUnsafe(ref w1, (nuint)c + 112);
                var b0 = Vector512.LoadUnsafe(ref w2, (nuint)c);
                var b1 = Vector512.LoadUnsafe(ref w2, (nuint)c + 16);
                var b2 = Vector512.LoadUnsafe(ref w2, (nuint)c + 32);
                var b3 = Vector512.LoadUnsafe(ref w2, (nuint)c + 48);
                var b4 = Vector512.LoadUnsafe(ref w2, (nuint)c + 64);
                var b5 = Vector512.LoadUnsafe(ref w2, (nuint)c + 80);
                var b6 = Vector512.LoadUnsafe(ref w2, (nuint)c + 96);
                var b7 = Vector512.LoadUnsafe(ref w2, (nuint)c + 112);
                for (var e = 0; e < n; e++)
                {
                    var u = Vector512.Create(Unsafe.Add(ref p1, e));
                    var v = Vector512.Create(Unsafe.Add(ref p2, e));
                    var at = (nuint)((Unsafe.Add(ref pr, e) * stride) + c);
                    var z = Vector512.LoadUnsafe(ref pz, at);
                    (a0, b0) = (MulAdd(u, z, a0), MulAdd(v, z, b0));
                    z = Vector512.LoadUnsafe(ref pz, at + 16);
                    (a1, b1) = (MulAdd(u, z, a1), MulAdd(v, z, b1));
                    z = Vector512.LoadUnsafe(ref pz, at + 32);
                    (a2, b2) = (MulAdd(u, z, a2), MulAdd(v, z, b2));
                    z = Vector512.LoadUnsafe(ref pz, at + 48);
                    (a3, b3) = (MulAdd(u, z, a3), MulAdd(v, z, b3));
                    z = Vector512.LoadUnsafe(ref pz, at + 64);
                    (a4, b4) = (MulAdd(u, z, a4), MulAdd(v, z, b4));
                    z = Vector512.LoadUnsafe(ref pz, at + 80);
                    (a5, b5) = (MulAdd(u, z, a5), MulAdd(v, z, b5));
                    z = Vector512.LoadUnsafe(ref pz, at + 96);
                    (a6, b6) = (MulAdd(u, z, a6), MulAdd(v, z, b6));
                    z = Vector512.LoadUnsafe(ref pz, at + 112);
                    (a7, b7) = (MulAdd(u, z, a7), MulAdd(v, z, b7));
                }

                a0.StoreUnsafe(ref w1, (nuint)c);
                a1.StoreUnsafe(ref w1, (nuint)c + 16);
                a2.StoreUnsafe(ref w1, (nuint)c + 32);
                a3.StoreUnsafe(ref w1, (nuint)c + 48);
                a4.StoreUnsafe(ref w1, (nuint)c + 64);
                a5.StoreUnsafe(ref w1, (nuint)c + 80);
                a6.StoreUnsafe(ref w1, (nuint)c + 96);
                a7.StoreUnsafe(ref w1, (nuint)c + 112);
                b0.StoreUnsafe(ref w2, (nuint)c);
                b1.StoreUnsafe(ref w2, (nuint)c + 16);
                b2.StoreUnsafe(ref w2, (nuint)c + 32);
                b3.StoreUnsafe(ref w2, (nuint)c + 48);
                b4.StoreUnsafe(ref w2, (nuint)c + 64);
                b5.StoreUnsafe(ref w2, (nuint)c + 80);
                b6.StoreUnsafe(ref w2, (nuint)c + 96);
                b7.StoreUnsafe(ref w2, (nuint)c + 112);
            }

            for (; c <= to - 16; c += 16)
            {
                var a0 = Vector512.LoadUnsafe(ref w1, (nuint)c);
                var b0 = Vector512.LoadUnsafe(ref w2, (nuint)c);
                for (var e = 0; e < n; e++)
                {
                    var z = Vector512.LoadUnsafe(ref pz, (nuint)((Unsafe.Add(ref pr, e) * stride) + c));
                    (a0, b0) = (MulAdd(Vector512.Create(Unsafe.Add(ref p1, e)), z, a0), MulAdd(Vector512.Create(Unsafe.Add(ref p2, e)), z, b0));
                }

                a0.StoreUnsafe(ref w1, (nuint)c);
                b0.StoreUnsafe(ref w2, (nuint)c);
            }
        }

        if (IsVectorized)
        {
            for (; c <= to - 32; c += 32)
            {
                var a0 = Vector256.LoadUnsafe(ref w1, (nuint)c);
                var a1 = Vector256.LoadUnsafe(ref w1, (nuint)c + 8);
                var a2 = Vector256.LoadUnsafe(ref w1, (nuint)c + 16);
                var a3 = Vector256.LoadUnsafe(ref w1, (nuint)c + 24);
                var b0 = Vector256.LoadUnsafe(ref w2, (nuint)c);
                var b1 = Vector256.LoadUnsafe(ref w2, (nuint)c + 8);
                var b2 = Vector256.LoadUnsafe(ref w2, (nuint)c + 16);
                var b3 = Vector256.LoadUnsafe(ref w2, (nuint)c + 24);
                for (var e = 0; e < n; e++)
                {
                    var u = Vector256.Create(Unsafe.Add(ref p1, e));
                    var v = Vector256.Create(Unsafe.Add(ref p2, e));
                    var at = (nuint)((Unsafe.Add(ref pr, e) * stride) + c);
                    var z = Vector256.LoadUnsafe(ref pz, at);
                    (a0, b0) = (MulAdd(u, z, a0), MulAdd(v, z, b0));
                    z = Vector256.LoadUnsafe(ref pz, at + 8);
                    (a1, b1) = (MulAdd(u, z, a1), MulAdd(v, z, b1));
                    z = Vector256.LoadUnsafe(ref pz, at + 16);
                    (a2, b2) = (MulAdd(u, z, a2), MulAdd(v, z, b2));
                    z = Vector256.LoadUnsafe(ref pz, at + 24);
                    (a3, b3) = (MulAdd(u, z, a3), MulAdd(v, z, b3));
                }

                a0.StoreUnsafe(ref w1, (nuint)c);
                a1.StoreUnsafe(ref w1, (nuint)c + 8);
                a2.StoreUnsafe(ref w1, (nuint)c + 16);
                a3.StoreUnsafe(ref w1, (nuint)c + 24);
                b0.StoreUnsafe(ref w2, (nuint)c);
                b1.StoreUnsafe(ref w2, (nuint)c + 8);
                b2.StoreUnsafe(ref w2, (nuint)c + 16);
                b3.StoreUnsafe(ref w2, (nuint)c + 24);
            }

            for (; c <= to - 8; c += 8)
            {
                var a0 = Vector256.LoadUnsafe(ref w1, (nuint)c);
                var b0 = Vector256.LoadUnsafe(ref w2, (nuint)c);
                for (var e = 0; e < n; e++)
                {
                    var z = Vector256.LoadUnsafe(ref pz, (nuint)((Unsafe.Add(ref pr, e) * stride) + c));
                    (a0, b0) = (MulAdd(Vector256.Create(Unsafe.Add(ref p1, e)), z, a0), MulAdd(Vector256.Create(Unsafe.Add(ref p2, e)), z, b0));
                }

                a0.StoreUnsafe(ref w1, (nuint)c);
                b0.StoreUnsafe(ref w2, (nuint)c);
            }
        }
        else if (IsNarrow)
        {
            for (; c <= to - 4; c += 4)
            {
                var a0 = Vector128.LoadUnsafe(ref w1, (nuint)c);
                var b0 = Vector128.LoadUnsafe(ref w2, (nuint)c);
                for (var e = 0; e < n; e++)
                {
                    var z = Vector128.LoadUnsafe(ref pz, (nuint)((Unsafe.Add(ref pr, e) * stride) + c));
                    (a0, b0) = (MulAdd(Vector128.Create(Unsafe.Add(ref p1, e)), z, a0), MulAdd(Vector128.Create(Unsafe.Add(ref p2, e)), z, b0));
                }

                a0.StoreUnsafe(ref w1, (nuint)c);
                b0.StoreUnsafe(ref w2, (nuint)c);
            }
        }

        for (; c < to; c++)
        {
            var (sum1, sum2) = (Unsafe.Add(ref w1, c), Unsafe.Add(ref w2, c));
            for (var e = 0; e < n; e++)
            {
                var z = Unsafe.Add(ref pz, (Unsafe.Add(ref pr, e) * stride) + c);
                sum1 += Unsafe.Add(ref p1, e) * z;
                sum2 += Unsafe.Add(ref p2, e) * z;
            }

            Unsafe.Add(ref w1, c) = sum1;
            Unsafe.Add(ref w2, c) = sum2;
        }
    }

    /// <summary>One input's weight row: w[c] += value[e] * dz[row[e] * stride + c] for e in [0, n) in order, for c in [from, to).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OuterAddInput(ref int pr, ref float pv, int n, ref float pz, int stride, ref float pw, int from, int to, bool wide)
    {
        var c = from;
        if (wide)
        {
            // Eight sums in registers: enough independent multiply-adds to keep both FMA units busy.
            for (; c <= to - 128; c += 128)
            {
                var a0 = Vector512.LoadUnsafe(ref pw, (nuint)c);
                var a1 = Vector512.LoadUnsafe(ref pw, (nuint)c + 16);
                var a2 = Vector512.LoadUnsafe(ref pw, (nuint)c + 32);
                var a3 = Vector512.LoadUnsafe(ref pw, (nuint)c + 48);
                var a4 = Vector512.LoadUnsafe(ref pw, (nuint)c + 64);
                var a5 = Vector512.LoadUnsafe(ref pw, (nuint)c + 80);
                var a6 = Vector512.LoadUnsafe(ref pw, (nuint)c + 96);
                var a7 = Vector512.LoadUnsafe(ref pw, (nuint)c + 112);
                for (var e = 0; e < n; e++)
                {
                    var v = Vector512.Create(Unsafe.Add(ref pv, e));
                    var at = (nuint)((Unsafe.Add(ref pr, e) * stride) + c);
                    a0 = MulAdd(v, Vector512.LoadUnsafe(ref pz, at), a0);
                    a1 = MulAdd(v, Vector512.LoadUnsafe(ref pz, at + 16), a1);
                    a2 = MulAdd(v, Vector512.LoadUnsafe(ref pz, at + 32), a2);
                    a3 = MulAdd(v, Vector512.LoadUnsafe(ref pz, at + 48), a3);
                    a4 = MulAdd(v, Vector512.LoadUnsafe(ref pz, at + 64), a4);
                    a5 = MulAdd(v, Vector512.LoadUnsafe(ref pz, at + 80), a5);
                    a6 = MulAdd(v, Vector512.LoadUnsafe(ref pz, at + 96), a6);
                    a7 = MulAdd(v, Vector512.LoadUnsafe(ref pz, at + 112), a7);
                }

                a0.StoreUnsafe(ref pw, (nuint)c);
                a1.StoreUnsafe(ref pw, (nuint)c + 16);
                a2.StoreUnsafe(ref pw, (nuint)c + 32);
                a3.StoreUnsafe(ref pw, (nuint)c + 48);
                a4.StoreUnsafe(ref pw, (nuint)c + 64);
                a5.StoreUnsafe(ref pw, (nuint)c + 80);
                a6.StoreUnsafe(ref pw, (nuint)c + 96);
                a7.StoreUnsafe(ref pw, (nuint)c + 112);
            }

            for (; c <= to - 16; c += 16)
            {
                var a0 = Vector512.LoadUnsafe(ref pw, (nuint)c);
                for (var e = 0; e < n; e++)
                {
                    a0 = MulAdd(Vector512.Create(Unsafe.Add(ref pv, e)), Vector512.LoadUnsafe(ref pz, (nuint)((Unsafe.Add(ref pr, e) * stride) + c)), a0);
                }

                a0.StoreUnsafe(ref pw, (nuint)c);
            }
        }

        if (IsVectorized)
        {
            for (; c <= to - 32; c += 32)
            {
                var a0 = Vector256.LoadUnsafe(ref pw, (nuint)c);
                var a1 = Vector256.LoadUnsafe(ref pw, (nuint)c + 8);
                var a2 = Vector256.LoadUnsafe(ref pw, (nuint)c + 16);
                var a3 = Vector256.LoadUnsafe(ref pw, (nuint)c + 24);
                for (var e = 0; e < n; e++)
                {
                    var v = Vector256.Create(Unsafe.Add(ref pv, e));
                    var at = (nuint)((Unsafe.Add(ref pr, e) * stride) + c);
                    a0 = MulAdd(v, Vector256.LoadUnsafe(ref pz, at), a0);
                    a1 = MulAdd(v, Vector256.LoadUnsafe(ref pz, at + 8), a1);
                    a2 = MulAdd(v, Vector256.LoadUnsafe(ref pz, at + 16), a2);
                    a3 = MulAdd(v, Vector256.LoadUnsafe(ref pz, at + 24), a3);
                }

                a0.StoreUnsafe(ref pw, (nuint)c);
                a1.StoreUnsafe(ref pw, (nuint)c + 8);
                a2.StoreUnsafe(ref pw, (nuint)c + 16);
                a3.StoreUnsafe(ref pw, (nuint)c + 24);
            }

            for (; c <= to - 8; c += 8)
            {
                var a0 = Vector256.LoadUnsafe(ref pw, (nuint)c);
                for (var e = 0; e < n; e++)
                {
                    a0 = MulAdd(Vector256.Create(Unsafe.Add(ref pv, e)), Vector256.LoadUnsafe(ref pz, (nuint)((Unsafe.Add(ref pr, e) * stride) + c)), a0);
                }

                a0.StoreUnsafe(ref pw, (nuint)c);
            }
        }
        else if (IsNarrow)
        {
            for (; c <= to - 4; c += 4)
            {
                var a0 = Vector128.LoadUnsafe(ref pw, (nuint)c);
                for (var e = 0; e < n; e++)
                {
                    a0 = MulAdd(Vector128.Create(Unsafe.Add(ref pv, e)), Vector128.LoadUnsafe(ref pz, (nuint)((Unsafe.Add(ref pr, e) * stride) + c)), a0);
                }

                a0.StoreUnsafe(ref pw, (nuint)c);
            }
        }

        for (; c < to; c++)
        {
            var sum = Unsafe.Add(ref pw, c);
            for (var e = 0; e < n; e++)
            {
                sum += Unsafe.Add(ref pv, e) * Unsafe.Add(ref pz, (Unsafe.Add(ref pr, e) * stride) + c);
            }

            Unsafe.Add(ref pw, c) = sum;
        }
    }
}
