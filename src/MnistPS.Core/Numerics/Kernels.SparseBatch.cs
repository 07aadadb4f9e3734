using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistPS.Numerics;

/// <summary>
/// The weight gradient of a sparse layer taken one input at a time over a whole batch: the rows of the batch in which
/// the input is non-zero add their dz to its weight row, which stays in registers meanwhile, so each weight is loaded
/// and stored once per batch instead of once per row.
/// </summary>
internal static partial class Kernels
{
    /// <summary>
    /// w[c] += value[e] * dz[row[e] * stride + c] for each e in order, for c in [from, to): one input's row of
    /// W += a dz^T over the rows of a batch in which the input is non-zero. Each weight takes the same multiply-adds in
    /// the same order as from <see cref="SparseOuterAddTrusted(ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    /// called row by row, so the results are the same bit for bit.
    /// </summary>
    /// <param name="row">The rows of dz, ascending.</param>
    /// <param name="value">The input's value in each of those rows.</param>
    /// <param name="dz">The batch's dz, rows of <paramref name="stride"/>.</param>
    /// <param name="stride">The layer's row stride.</param>
    /// <param name="w">The input's weight row (<paramref name="stride"/> values).</param>
    /// <param name="from">The first column.</param>
    /// <param name="to">The column after the last.</param>
    internal static void InputOuterAdd(ReadOnlySpan<int> row, ReadOnlySpan<float> value, ReadOnlySpan<float> dz, int stride, Span<float> w, int from, int to) =>
        InputOuterAdd(row, value, dz, stride, w, from, to, IsWide);

    /// <summary><see cref="InputOuterAdd(ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, int, int)"/>, with or without the 512-bit path (the tests take both).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void InputOuterAdd(ReadOnlySpan<int> row, ReadOnlySpan<float> value, ReadOnlySpan<float> dz, int stride, Span<float> w, int from, int to, bool wide)
    {
        if (row.Length != value.Length || w.Length != stride || (uint)from > (uint)to || to > stride || (row.Length > 0 && (uint)row[^1] >= (uint)(dz.Length / Math.Max(stride, 1))))
        {
            throw new ArgumentException("Inconsistent shapes.", nameof(dz));
        }

        ref var pr = ref MemoryMarshal.GetReference(row);
        ref var pv = ref MemoryMarshal.GetReference(value);
        ref var pz = ref MemoryMarshal.GetReference(dz);
        ref var pw = ref MemoryMarshal.GetReference(w);
        var n = row.Length;
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
