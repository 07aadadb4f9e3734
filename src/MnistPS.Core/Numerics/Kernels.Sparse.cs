using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistPS.Numerics;

/// <summary>The sparse layer kernels: z = b + W^T a, W += a dz^T and W dz at a row's non-zero inputs.</summary>
internal static partial class Kernels
{
    /// <summary>
    /// destination[c] = bias[c] + sum_t value[t] * w[index[t] * stride + c], stride = destination.Length:
    /// the affine map z = b + W^T a of a layer, for an input a given by its non-zero entries.
    /// </summary>
    public static void SparseAffine(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> destination)
    {
        CheckSparse(index, value, w, destination.Length);
        if (bias.Length != destination.Length)
        {
            throw new ArgumentException($"bias has {bias.Length} values, expected {destination.Length}.", nameof(bias));
        }

        SparseAffineTrusted(index, value, w, bias, destination);
    }

    /// <summary>
    /// <see cref="SparseAffine"/> for callers whose indices come from <see cref="CompressPixels"/> or
    /// <see cref="CompressNonZero"/> over the weight rows: the indices are trusted to name rows of w (the shapes of the
    /// other operands are still checked, by comparisons only: these run once per row and block).
    /// </summary>
    internal static void SparseAffineTrusted(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> destination) =>
        SparseAffineTrusted(index, value, w, bias, destination, IsWide);

    /// <summary><see cref="SparseAffineTrusted(ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>, with or without the 512-bit path (the tests take both).</summary>
    internal static void SparseAffineTrusted(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> destination, bool wide) =>
        SparseAffineTrusted(index, value, w, bias, destination, wide, 0, destination.Length);

    /// <summary>
    /// Columns [from, to) of <see cref="SparseAffineTrusted(ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>,
    /// so that a batch's rows can share a block of columns while it is in cache. Each column takes the path it takes in
    /// the whole row (so the same sums, bit for bit) when <paramref name="from"/> is a multiple of <see cref="ColumnBlock"/>
    /// and <paramref name="to"/> is too or is the row's end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SparseAffineTrusted(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> destination, bool wide, int from, int to)
    {
        var stride = destination.Length;
        if (index.Length != value.Length || bias.Length != stride || stride == 0 || (uint)to > (uint)stride || (uint)from > (uint)to)
        {
            throw new ArgumentException("Inconsistent shapes.", nameof(w));
        }

        ref var pw = ref MemoryMarshal.GetReference(w);
        ref var pb = ref MemoryMarshal.GetReference(bias);
        ref var pd = ref MemoryMarshal.GetReference(destination);
        ref var pi = ref MemoryMarshal.GetReference(index);
        ref var pv = ref MemoryMarshal.GetReference(value);
        var n = index.Length;
        var end = to;
        var c = wide ? SparseAffine512(ref pi, ref pv, n, ref pw, ref pb, ref pd, stride, from, end) : from;
        if (IsVectorized)
        {
            // Blocks of 32, then one block of 24, 16 or 8 columns: each block keeps its sums in registers for one pass over the inputs.
            for (; c <= end - 32; c += 32)
            {
                var a0 = Vector256.LoadUnsafe(ref pb, (nuint)c);
                var a1 = Vector256.LoadUnsafe(ref pb, (nuint)c + 8);
                var a2 = Vector256.LoadUnsafe(ref pb, (nuint)c + 16);
                var a3 = Vector256.LoadUnsafe(ref pb, (nuint)c + 24);
                for (var t = 0; t < n; t++)
                {
                    var v = Vector256.Create(Unsafe.Add(ref pv, t));
                    var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
                    a0 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row), a0);
                    a1 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row + 8), a1);
                    a2 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row + 16), a2);
                    a3 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row + 24), a3);
                }

                a0.StoreUnsafe(ref pd, (nuint)c);
                a1.StoreUnsafe(ref pd, (nuint)c + 8);
                a2.StoreUnsafe(ref pd, (nuint)c + 16);
                a3.StoreUnsafe(ref pd, (nuint)c + 24);
            }

            // Two sets of sums (even and odd inputs) halve the chain of dependent multiply-adds.
            if (end - c == 24)
            {
                var a0 = Vector256.LoadUnsafe(ref pb, (nuint)c);
                var a1 = Vector256.LoadUnsafe(ref pb, (nuint)c + 8);
                var a2 = Vector256.LoadUnsafe(ref pb, (nuint)c + 16);
                Vector256<float> b0 = default, b1 = default, b2 = default;
                var t = 0;
                for (; t <= n - 2; t += 2)
                {
                    var v = Vector256.Create(Unsafe.Add(ref pv, t));
                    var u = Vector256.Create(Unsafe.Add(ref pv, t + 1));
                    var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
                    var next = (nuint)((Unsafe.Add(ref pi, t + 1) * stride) + c);
                    a0 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row), a0);
                    a1 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row + 8), a1);
                    a2 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row + 16), a2);
                    b0 = MulAdd(u, Vector256.LoadUnsafe(ref pw, next), b0);
                    b1 = MulAdd(u, Vector256.LoadUnsafe(ref pw, next + 8), b1);
                    b2 = MulAdd(u, Vector256.LoadUnsafe(ref pw, next + 16), b2);
                }

                if (t < n)
                {
                    var v = Vector256.Create(Unsafe.Add(ref pv, t));
                    var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
                    a0 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row), a0);
                    a1 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row + 8), a1);
                    a2 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row + 16), a2);
                }

                (a0 + b0).StoreUnsafe(ref pd, (nuint)c);
                (a1 + b1).StoreUnsafe(ref pd, (nuint)c + 8);
                (a2 + b2).StoreUnsafe(ref pd, (nuint)c + 16);
                c += 24;
            }

            for (; c <= end - 16; c += 16)
            {
                var a0 = Vector256.LoadUnsafe(ref pb, (nuint)c);
                var a1 = Vector256.LoadUnsafe(ref pb, (nuint)c + 8);
                Vector256<float> b0 = default, b1 = default;
                var t = 0;
                for (; t <= n - 2; t += 2)
                {
                    var v = Vector256.Create(Unsafe.Add(ref pv, t));
                    var u = Vector256.Create(Unsafe.Add(ref pv, t + 1));
                    var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
                    var next = (nuint)((Unsafe.Add(ref pi, t + 1) * stride) + c);
                    a0 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row), a0);
                    a1 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row + 8), a1);
                    b0 = MulAdd(u, Vector256.LoadUnsafe(ref pw, next), b0);
                    b1 = MulAdd(u, Vector256.LoadUnsafe(ref pw, next + 8), b1);
                }

                if (t < n)
                {
                    var v = Vector256.Create(Unsafe.Add(ref pv, t));
                    var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
                    a0 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row), a0);
                    a1 = MulAdd(v, Vector256.LoadUnsafe(ref pw, row + 8), a1);
                }

                (a0 + b0).StoreUnsafe(ref pd, (nuint)c);
                (a1 + b1).StoreUnsafe(ref pd, (nuint)c + 8);
            }

            for (; c <= end - 8; c += 8)
            {
                var a0 = Vector256.LoadUnsafe(ref pb, (nuint)c);
                for (var t = 0; t < n; t++)
                {
                    a0 = MulAdd(Vector256.Create(Unsafe.Add(ref pv, t)), Vector256.LoadUnsafe(ref pw, (nuint)((Unsafe.Add(ref pi, t) * stride) + c)), a0);
                }

                a0.StoreUnsafe(ref pd, (nuint)c);
            }
        }
        else if (IsNarrow)
        {
            c = SparseAffine128(ref pi, ref pv, n, ref pw, ref pb, ref pd, stride, c, end);
        }

        for (; c < end; c++)
        {
            var sum = Unsafe.Add(ref pb, c);
            for (var t = 0; t < n; t++)
            {
                sum += Unsafe.Add(ref pv, t) * Unsafe.Add(ref pw, (Unsafe.Add(ref pi, t) * stride) + c);
            }

            Unsafe.Add(ref pd, c) = sum;
        }
    }

    /// <summary>
    /// w[index[t] * stride + c] += value[t] * dz[c], stride = dz.Length: the weight gradient dW += a dz^T of one
    /// sample, for an input a given by its non-zero entries.
    /// </summary>
    public static void SparseOuterAdd(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<float> dz, Span<float> w)
    {
        CheckSparse(index, value, w, dz.Length);
        SparseOuterAddTrusted(index, value, dz, w);
    }

    /// <summary><see cref="SparseOuterAdd"/> without the per-index bounds check, for indices made by the compress kernels.</summary>
    internal static void SparseOuterAddTrusted(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<float> dz, Span<float> w) =>
        SparseOuterAddTrusted(index, value, dz, w, IsWide);

    /// <summary><see cref="SparseOuterAddTrusted(ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>, with or without the 512-bit path (the tests take both).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SparseOuterAddTrusted(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<float> dz, Span<float> w, bool wide)
    {
        var stride = dz.Length;
        if (index.Length != value.Length || stride == 0)
        {
            throw new ArgumentException("Inconsistent shapes.", nameof(w));
        }

        ref var pw = ref MemoryMarshal.GetReference(w);
        ref var pz = ref MemoryMarshal.GetReference(dz);
        ref var pi = ref MemoryMarshal.GetReference(index);
        ref var pv = ref MemoryMarshal.GetReference(value);
        var n = index.Length;
        var c = wide ? SparseOuterAdd512(ref pi, ref pv, n, ref pw, ref pz, stride) : 0;
        if (IsVectorized)
        {
            // Blocks of 24 or 16 columns keep dz in registers for one pass over the inputs.
            for (; c <= stride - 24; c += 24)
            {
                var z0 = Vector256.LoadUnsafe(ref pz, (nuint)c);
                var z1 = Vector256.LoadUnsafe(ref pz, (nuint)c + 8);
                var z2 = Vector256.LoadUnsafe(ref pz, (nuint)c + 16);
                for (var t = 0; t < n; t++)
                {
                    var v = Vector256.Create(Unsafe.Add(ref pv, t));
                    var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
                    MulAdd(v, z0, Vector256.LoadUnsafe(ref pw, row)).StoreUnsafe(ref pw, row);
                    MulAdd(v, z1, Vector256.LoadUnsafe(ref pw, row + 8)).StoreUnsafe(ref pw, row + 8);
                    MulAdd(v, z2, Vector256.LoadUnsafe(ref pw, row + 16)).StoreUnsafe(ref pw, row + 16);
                }
            }

            for (; c <= stride - 16; c += 16)
            {
                var z0 = Vector256.LoadUnsafe(ref pz, (nuint)c);
                var z1 = Vector256.LoadUnsafe(ref pz, (nuint)c + 8);
                for (var t = 0; t < n; t++)
                {
                    var v = Vector256.Create(Unsafe.Add(ref pv, t));
                    var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
                    MulAdd(v, z0, Vector256.LoadUnsafe(ref pw, row)).StoreUnsafe(ref pw, row);
                    MulAdd(v, z1, Vector256.LoadUnsafe(ref pw, row + 8)).StoreUnsafe(ref pw, row + 8);
                }
            }

            for (; c <= stride - 8; c += 8)
            {
                var z0 = Vector256.LoadUnsafe(ref pz, (nuint)c);
                for (var t = 0; t < n; t++)
                {
                    var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
                    MulAdd(Vector256.Create(Unsafe.Add(ref pv, t)), z0, Vector256.LoadUnsafe(ref pw, row)).StoreUnsafe(ref pw, row);
                }
            }
        }
        else if (IsNarrow)
        {
            c = SparseOuterAdd128(ref pi, ref pv, n, ref pw, ref pz, stride, c);
        }

        for (; c < stride; c++)
        {
            var zc = Unsafe.Add(ref pz, c);
            for (var t = 0; t < n; t++)
            {
                Unsafe.Add(ref pw, (Unsafe.Add(ref pi, t) * stride) + c) += Unsafe.Add(ref pv, t) * zc;
            }
        }
    }

    private static void CheckSparse(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<float> w, int stride)
    {
        if (index.Length != value.Length)
        {
            throw new ArgumentException("index and value differ in length.", nameof(value));
        }

        CheckRows(index, w, stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckRows(ReadOnlySpan<int> index, ReadOnlySpan<float> w, int stride)
    {
        if (stride == 0 || w.Length % stride != 0)
        {
            throw new ArgumentException($"w has {w.Length} values, not whole rows of {stride}.", nameof(w));
        }

        // Indices compared as unsigned (a negative one is larger than any row count), 8 at a time: this check runs on
        // every call, and one compare and branch per entry cost as much as a short row's work.
        var rows = (uint)(w.Length / stride);
        var outside = false;
        var t = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var pi = ref Unsafe.As<int, uint>(ref MemoryMarshal.GetReference(index));
            var (limit, beyond) = (Vector256.Create(rows), Vector256<uint>.Zero);
            for (; t <= index.Length - 8; t += 8)
            {
                beyond |= Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref pi, (nuint)t), limit);
            }

            outside = beyond != Vector256<uint>.Zero;
        }

        for (; t < index.Length; t++)
        {
            outside |= (uint)index[t] >= rows;
        }

        if (outside)
        {
            foreach (var bad in index)
            {
                if ((uint)bad >= rows)
                {
                    throw new ArgumentOutOfRangeException(nameof(index), bad, $"An index is outside the {rows} weight rows.");
                }
            }
        }
    }
}
