using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistPS.Numerics;

/// <summary>
/// The sparse layer kernels over the rows of a batch, which take turns on a block of weights while it is in cache:
/// z = b + W^T a a block of columns at a time, and the weight gradient one input at a time (the rows in which the
/// input is non-zero add their dz to its weight row, which stays in registers meanwhile, so each weight is loaded and
/// stored once per batch instead of once per row).
/// </summary>
internal static partial class Kernels
{
    /// <summary>
    /// Columns [from, to) of z = b + W^T a for the rows of a batch, one row after another on the block of weights:
    /// row i's non-zero inputs are index[start[i] ..] and value[start[i] ..], length[i] of them, and its z is
    /// destination[i * stride ..] (stride = bias.Length). Two rows at once where the 512-bit path takes a whole
    /// <see cref="ColumnBlock"/>; each output is the one <see cref="SparseAffineTrusted(ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    /// gives its row, bit for bit.
    /// </summary>
    internal static void SparseAffineRows(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<int> start, ReadOnlySpan<int> length, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> destination, int from, int to)
    {
        var (rows, stride) = (start.Length, bias.Length);
        if (length.Length != rows || (long)rows * stride > destination.Length)
        {
            throw new ArgumentException("Inconsistent shapes.", nameof(destination));
        }

        var i = 0;
        if (IsWide && to - from == ColumnBlock)
        {
            for (; i + 1 < rows; i += 2)
            {
                var (a, b) = (start[i], start[i + 1]);
                SparseAffinePair(index.Slice(a, length[i]), value.Slice(a, length[i]), index.Slice(b, length[i + 1]), value.Slice(b, length[i + 1]), w, bias, destination.Slice(i * stride, stride), destination.Slice((i + 1) * stride, stride), from);
            }
        }

        for (; i < rows; i++)
        {
            SparseAffineTrusted(index.Slice(start[i], length[i]), value.Slice(start[i], length[i]), w, bias, destination.Slice(i * stride, stride), IsWide, from, to);
        }
    }

    /// <summary>
    /// w[k * stride + c] += value[e] * dz[row[e] * stride + c] for each e in [start[k], start[k + 1]) in order, for
    /// every input k of the range and c in [from, to): W += a dz^T over a batch, with a given by its non-zero entries
    /// input by input (each input's rows ascending, as <c>InputLists</c> gives them). Each weight takes the same
    /// multiply-adds in the same order as from <see cref="SparseOuterAddTrusted(ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    /// called row by row, so the results are the same bit for bit; but each weight is loaded and stored once.
    /// </summary>
    /// <param name="start">Where each input's entries start, then their end: one more than the inputs, never decreasing.</param>
    /// <param name="row">Per entry, the row of dz (below <paramref name="rows"/>; trusted, as the indices of the other sparse kernels are).</param>
    /// <param name="value">Per entry, the input's value in that row.</param>
    /// <param name="dz">The batch's dz, rows of <paramref name="stride"/>.</param>
    /// <param name="rows">How many rows of dz the entries name.</param>
    /// <param name="stride">The layer's row stride.</param>
    /// <param name="w">The inputs' weight rows.</param>
    /// <param name="from">The first column.</param>
    /// <param name="to">The column after the last.</param>
    /// <param name="wide">Whether to take the 512-bit path (the tests take both).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void InputsOuterAdd(ReadOnlySpan<int> start, ReadOnlySpan<int> row, ReadOnlySpan<float> value, ReadOnlySpan<float> dz, int rows, int stride, Span<float> w, int from, int to, bool wide)
    {
        var inputs = start.Length - 1;
        if (inputs < 0 || row.Length != value.Length || stride <= 0 || (long)inputs * stride != w.Length || (long)rows * stride > dz.Length
            || (uint)to > (uint)stride || (uint)from > (uint)to || (inputs > 0 && (start[0] < 0 || start[inputs] > row.Length)))
        {
            throw new ArgumentException("Inconsistent shapes.", nameof(w));
        }

        for (var k = 0; k < inputs; k++)
        {
            if (start[k + 1] < start[k])
            {
                throw new ArgumentException("The inputs' entries must follow one another: start never decreases.", nameof(start));
            }
        }

        ref var ps = ref MemoryMarshal.GetReference(start);
        ref var pz = ref MemoryMarshal.GetReference(dz);
        for (var k = 0; k < inputs; k++)
        {
            var (first, end) = (Unsafe.Add(ref ps, k), Unsafe.Add(ref ps, k + 1));
            if (end > first)
            {
                ref var pr = ref Unsafe.Add(ref MemoryMarshal.GetReference(row), first);
                ref var pv = ref Unsafe.Add(ref MemoryMarshal.GetReference(value), first);
                OuterAddInput(ref pr, ref pv, end - first, ref pz, stride, ref Unsafe.Add(ref MemoryMarshal.GetReference(w), k * stride), from, to, wide);
            }
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
