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
/// tested against the plain loops in <see cref="ReferenceKernels"/>.
/// </summary>
public static class Kernels
{
    /// <summary>For each 8-bit mask, the positions of its set bits first (then zeros): a permutation that packs lanes.</summary>
    private static readonly int[] PackTable = BuildPackTable();

    /// <summary>Whether the 256-bit SIMD path is used on this machine.</summary>
    public static bool IsVectorized => Vector256.IsHardwareAccelerated;

    /// <summary>Width in bits of the SIMD vectors used (0 when scalar).</summary>
    public static int VectorBits => IsVectorized ? 256 : 0;

    /// <summary>Rounds a layer width up to whole vectors: the row stride of weights and activations.</summary>
    public static int Stride(int width) => (width + 7) & ~7;

    /// <summary>dot = sum_k x[k] * y[k].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("x and y differ in length.", nameof(y));
        }

        ref var px = ref MemoryMarshal.GetReference(x);
        ref var py = ref MemoryMarshal.GetReference(y);
        var n = x.Length;
        var k = 0;
        var sum = 0f;
        if (IsVectorized && n >= 8)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (; k <= n - 16; k += 16)
            {
                acc0 = MulAdd(Vector256.LoadUnsafe(ref px, (nuint)k), Vector256.LoadUnsafe(ref py, (nuint)k), acc0);
                acc1 = MulAdd(Vector256.LoadUnsafe(ref px, (nuint)(k + 8)), Vector256.LoadUnsafe(ref py, (nuint)(k + 8)), acc1);
            }

            for (; k <= n - 8; k += 8)
            {
                acc0 = MulAdd(Vector256.LoadUnsafe(ref px, (nuint)k), Vector256.LoadUnsafe(ref py, (nuint)k), acc0);
            }

            sum = Vector256.Sum(acc0 + acc1);
        }

        for (; k < n; k++)
        {
            sum += Unsafe.Add(ref px, k) * Unsafe.Add(ref py, k);
        }

        return sum;
    }

    /// <summary>y[k] += a * x[k].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("x and y differ in length.", nameof(y));
        }

        ref var px = ref MemoryMarshal.GetReference(x);
        ref var py = ref MemoryMarshal.GetReference(y);
        var n = x.Length;
        var k = 0;
        if (IsVectorized)
        {
            var va = Vector256.Create(a);
            for (; k <= n - 8; k += 8)
            {
                MulAdd(va, Vector256.LoadUnsafe(ref px, (nuint)k), Vector256.LoadUnsafe(ref py, (nuint)k)).StoreUnsafe(ref py, (nuint)k);
            }
        }

        for (; k < n; k++)
        {
            Unsafe.Add(ref py, k) += a * Unsafe.Add(ref px, k);
        }
    }

    /// <summary>
    /// The non-zero pixels of an image: index[t] and value[t] = pixels[index[t]] * scale, in increasing index order.
    /// Returns their count.
    /// </summary>
    public static int CompressPixels(ReadOnlySpan<byte> pixels, float scale, Span<int> index, Span<float> value)
    {
        if (index.Length < pixels.Length || value.Length < pixels.Length)
        {
            throw new ArgumentException("index and value must hold one entry per pixel.", nameof(index));
        }

        ref var p = ref MemoryMarshal.GetReference(pixels);
        var count = 0;
        var k = 0;
        if (Avx2.IsSupported)
        {
            // Branch-free: one byte comparison gives the non-zero mask of 32 pixels; per 8 of them, a table turns their
            // mask into a permutation that packs the non-zero lanes first, 8 indices and 8 values are stored and the
            // count advances by the number of non-zeros.
            var vscale = Vector256.Create(scale);
            var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            var room = Math.Min(index.Length, value.Length);
            ref var table = ref MemoryMarshal.GetArrayDataReference(PackTable);
            ref var pi = ref MemoryMarshal.GetReference(index);
            ref var pv = ref MemoryMarshal.GetReference(value);
            for (; k <= pixels.Length - 32 && count <= room - 32; k += 32)
            {
                var mask = ~Vector256.Equals(Vector256.LoadUnsafe(ref p, (nuint)k), Vector256<byte>.Zero).ExtractMostSignificantBits();
                count = PackPixels(ref table, ref p, k, (int)(mask & 0xFF), vscale, ref lanes, ref pi, ref pv, count);
                count = PackPixels(ref table, ref p, k + 8, (int)((mask >> 8) & 0xFF), vscale, ref lanes, ref pi, ref pv, count);
                count = PackPixels(ref table, ref p, k + 16, (int)((mask >> 16) & 0xFF), vscale, ref lanes, ref pi, ref pv, count);
                count = PackPixels(ref table, ref p, k + 24, (int)(mask >> 24), vscale, ref lanes, ref pi, ref pv, count);
            }

            for (; k <= pixels.Length - 8 && count <= room - 8; k += 8)
            {
                var mask = (int)Vector256.GreaterThan(Widen(ref p, k), Vector256<int>.Zero).ExtractMostSignificantBits();
                count = PackPixels(ref table, ref p, k, mask, vscale, ref lanes, ref pi, ref pv, count);
            }
        }

        for (; k < pixels.Length; k++)
        {
            if (Unsafe.Add(ref p, k) != 0)
            {
                index[count] = k;
                value[count++] = Unsafe.Add(ref p, k) * scale;
            }
        }

        return count;
    }

    /// <summary>
    /// Unpacks pixels stored as index &lt;&lt; 8 | pixel: index[t] = packed[t] &gt;&gt; 8 and value[t] = (packed[t] &amp; 255) * scale,
    /// the same values as <see cref="CompressPixels"/> gives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void UnpackPixels(ReadOnlySpan<int> packed, float scale, Span<int> index, Span<float> value)
    {
        if (index.Length < packed.Length || value.Length < packed.Length)
        {
            throw new ArgumentException("index and value must hold one entry per packed pixel.", nameof(index));
        }

        ref var p = ref MemoryMarshal.GetReference(packed);
        ref var pi = ref MemoryMarshal.GetReference(index);
        ref var pv = ref MemoryMarshal.GetReference(value);
        var t = 0;
        if (IsVectorized)
        {
            var vscale = Vector256.Create(scale);
            for (; t <= packed.Length - 8; t += 8)
            {
                var v = Vector256.LoadUnsafe(ref p, (nuint)t);
                Vector256.ShiftRightLogical(v, 8).StoreUnsafe(ref pi, (nuint)t);
                (Vector256.ConvertToSingle(v & Vector256.Create(0xFF)) * vscale).StoreUnsafe(ref pv, (nuint)t);
            }
        }

        for (; t < packed.Length; t++)
        {
            var v = Unsafe.Add(ref p, t);
            Unsafe.Add(ref pi, t) = v >>> 8;
            Unsafe.Add(ref pv, t) = (v & 0xFF) * scale;
        }
    }

    /// <summary>The non-zero entries of a row: index[t], value[t] = row[index[t]], in increasing index order. Returns their count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CompressNonZero(ReadOnlySpan<float> row, Span<int> index, Span<float> value)
    {
        if (index.Length < row.Length || value.Length < row.Length)
        {
            throw new ArgumentException("index and value must hold one entry per element.", nameof(index));
        }

        ref var p = ref MemoryMarshal.GetReference(row);
        var count = 0;
        var k = 0;
        if (Avx2.IsSupported)
        {
            // Branch-free, as in CompressPixels.
            var room = Math.Min(index.Length, value.Length) - 8;
            var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            ref var table = ref MemoryMarshal.GetArrayDataReference(PackTable);
            ref var pi = ref MemoryMarshal.GetReference(index);
            ref var pv = ref MemoryMarshal.GetReference(value);
            for (; k <= row.Length - 8 && count <= room; k += 8, lanes += Vector256.Create(8))
            {
                var v = Vector256.LoadUnsafe(ref p, (nuint)k);
                var mask = (int)(~Vector256.Equals(v, Vector256<float>.Zero)).ExtractMostSignificantBits();
                count = Pack(ref table, lanes, v, mask, ref pi, ref pv, count);
            }
        }

        for (; k < row.Length; k++)
        {
            if (Unsafe.Add(ref p, k) != 0f)
            {
                index[count] = k;
                value[count++] = Unsafe.Add(ref p, k);
            }
        }

        return count;
    }

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
    /// <see cref="CompressNonZero"/> over the weight rows: the per-index bounds check is skipped (shapes are still checked).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SparseAffineTrusted(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> destination)
    {
        var stride = destination.Length;
        if (index.Length != value.Length || bias.Length != stride || stride == 0 || w.Length % stride != 0 || index.Length > w.Length / stride)
        {
            throw new ArgumentException("Inconsistent shapes.", nameof(w));
        }

        ref var pw = ref MemoryMarshal.GetReference(w);
        ref var pb = ref MemoryMarshal.GetReference(bias);
        ref var pd = ref MemoryMarshal.GetReference(destination);
        ref var pi = ref MemoryMarshal.GetReference(index);
        ref var pv = ref MemoryMarshal.GetReference(value);
        var n = index.Length;
        var c = 0;
        if (IsVectorized)
        {
            // Blocks of 32, then one block of 24, 16 or 8 columns: each block keeps its sums in registers for one pass over the inputs.
            for (; c <= stride - 32; c += 32)
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
            if (stride - c == 24)
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

            for (; c <= stride - 16; c += 16)
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

            for (; c <= stride - 8; c += 8)
            {
                var a0 = Vector256.LoadUnsafe(ref pb, (nuint)c);
                for (var t = 0; t < n; t++)
                {
                    a0 = MulAdd(Vector256.Create(Unsafe.Add(ref pv, t)), Vector256.LoadUnsafe(ref pw, (nuint)((Unsafe.Add(ref pi, t) * stride) + c)), a0);
                }

                a0.StoreUnsafe(ref pd, (nuint)c);
            }
        }

        for (; c < stride; c++)
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SparseOuterAddTrusted(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<float> dz, Span<float> w)
    {
        var stride = dz.Length;
        if (index.Length != value.Length || stride == 0 || w.Length % stride != 0 || index.Length > w.Length / stride)
        {
            throw new ArgumentException("Inconsistent shapes.", nameof(w));
        }

        ref var pw = ref MemoryMarshal.GetReference(w);
        ref var pz = ref MemoryMarshal.GetReference(dz);
        ref var pi = ref MemoryMarshal.GetReference(index);
        ref var pv = ref MemoryMarshal.GetReference(value);
        var n = index.Length;
        var c = 0;
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

        for (; c < stride; c++)
        {
            var zc = Unsafe.Add(ref pz, c);
            for (var t = 0; t < n; t++)
            {
                Unsafe.Add(ref pw, (Unsafe.Add(ref pi, t) * stride) + c) += Unsafe.Add(ref pv, t) * zc;
            }
        }
    }

    /// <summary>result[t] = sum_c dz[c] * w[index[t] * stride + c], stride = dz.Length: (W dz) at the given inputs (back-propagation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GatherDots(ReadOnlySpan<int> index, ReadOnlySpan<float> dz, ReadOnlySpan<float> w, Span<float> result)
    {
        if (result.Length < index.Length)
        {
            throw new ArgumentException("result must hold one value per index.", nameof(result));
        }

        CheckRows(index, w, dz.Length);
        var stride = dz.Length;
        var t = 0;
        if (Avx.IsSupported && stride % 8 == 0)
        {
            // Eight rows at a time: a vector of partial products per row, then one transposing reduction yields all eight dots.
            ref var pw = ref MemoryMarshal.GetReference(w);
            ref var pz = ref MemoryMarshal.GetReference(dz);
            ref var pi = ref MemoryMarshal.GetReference(index);
            for (; t <= index.Length - 8; t += 8)
            {
                Dots8(ref pw, ref pz, stride, ref Unsafe.Add(ref pi, t)).StoreUnsafe(ref MemoryMarshal.GetReference(result), (nuint)t);
            }
        }

        for (; t < index.Length; t++)
        {
            result[t] = Dot(dz, w.Slice(index[t] * stride, stride));
        }
    }

    /// <summary>In place: z = softmax(z) = exp(z - max z) / sum exp(z - max z). Returns log-sum-exp, max z + log sum exp(z - max z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SoftmaxInPlace(Span<float> z)
    {
        if (z.IsEmpty)
        {
            throw new ArgumentException("softmax of nothing.", nameof(z));
        }

        var max = float.NegativeInfinity;
        foreach (var v in z)
        {
            max = MathF.Max(max, v);
        }

        ref var p = ref MemoryMarshal.GetReference(z);
        var sum = 0f;
        var k = 0;
        if (IsVectorized)
        {
            var shift = Vector256.Create(max);
            var total = Vector256<float>.Zero;
            for (; k <= z.Length - 8; k += 8)
            {
                var e = Exp(Vector256.LoadUnsafe(ref p, (nuint)k) - shift);
                e.StoreUnsafe(ref p, (nuint)k);
                total += e;
            }

            sum = Vector256.Sum(total);
        }

        for (; k < z.Length; k++)
        {
            Unsafe.Add(ref p, k) = MathF.Exp(Unsafe.Add(ref p, k) - max);
            sum += Unsafe.Add(ref p, k);
        }

        var inverse = 1f / sum;
        for (var i = 0; i < z.Length; i++)
        {
            z[i] *= inverse;
        }

        return max + MathF.Log(sum);
    }

    /// <summary>
    /// e^x for each lane, relative error about 1e-7 (Cephes' expf): x = n ln 2 + r with |r| &lt;= ln 2 / 2, a degree-6
    /// polynomial for e^r, and n added to the exponent bits. Lanes below -87.3 give 0; lanes above 88.37 give e^88.37.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Exp(Vector256<float> x)
    {
        var clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(-87.33654f)), Vector256.Create(88.37626f));
        var n = Vector256.Floor(MulAdd(clamped, Vector256.Create(1.44269504088896341f), Vector256.Create(0.5f)));
        var r = MulAdd(n, Vector256.Create(-0.693359375f), clamped);
        r = MulAdd(n, Vector256.Create(2.12194440e-4f), r);
        var r2 = r * r;
        var y = Vector256.Create(1.9875691500E-4f);
        y = MulAdd(y, r, Vector256.Create(1.3981999507E-3f));
        y = MulAdd(y, r, Vector256.Create(8.3334519073E-3f));
        y = MulAdd(y, r, Vector256.Create(4.1665795894E-2f));
        y = MulAdd(y, r, Vector256.Create(1.6666665459E-1f));
        y = MulAdd(y, r, Vector256.Create(5.0000001201E-1f));
        y = MulAdd(y, r2, r + Vector256<float>.One);
        var scale = (Vector256.ConvertToInt32(n) + Vector256.Create(127)) << 23;
        var result = y * scale.AsSingle();
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(-87.33654f)), Vector256<float>.Zero, result);
    }

    /// <summary>The index of the largest value (the first on ties).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ArgMax(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty)
        {
            throw new ArgumentException("argmax of nothing.", nameof(x));
        }

        var best = 0;
        for (var i = 1; i < x.Length; i++)
        {
            if (x[i] > x[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>In place: z = f(z) for a hidden activation f.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Activate(Activation activation, Span<float> z)
    {
        switch (activation)
        {
            case Activation.ReLU:
                Relu(z);
                break;
            case Activation.Sigmoid:
                for (var i = 0; i < z.Length; i++)
                {
                    z[i] = 1f / (1f + MathF.Exp(-z[i]));
                }

                break;
            case Activation.Tanh:
                for (var i = 0; i < z.Length; i++)
                {
                    z[i] = MathF.Tanh(z[i]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not a hidden-layer activation.");
        }
    }

    /// <summary>f'(z) written in terms of the output a = f(z): ReLU a &gt; 0 ? 1 : 0, sigmoid a(1 - a), tanh 1 - a^2.</summary>
    public static float Derivative(Activation activation, float output) => activation switch
    {
        Activation.ReLU => output > 0f ? 1f : 0f,
        Activation.Sigmoid => output * (1f - output),
        Activation.Tanh => 1f - (output * output),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not a hidden-layer activation."),
    };

    /// <summary>In place: z = max(z, 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(Span<float> z)
    {
        ref var p = ref MemoryMarshal.GetReference(z);
        var n = z.Length;
        var k = 0;
        if (IsVectorized)
        {
            for (; k <= n - 8; k += 8)
            {
                Vector256.Max(Vector256.LoadUnsafe(ref p, (nuint)k), Vector256<float>.Zero).StoreUnsafe(ref p, (nuint)k);
            }
        }

        for (; k < n; k++)
        {
            Unsafe.Add(ref p, k) = MathF.Max(Unsafe.Add(ref p, k), 0f);
        }
    }

    /// <summary>x[k] *= y[k].</summary>
    public static void Multiply(Span<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("x and y differ in length.", nameof(y));
        }

        ref var px = ref MemoryMarshal.GetReference(x);
        ref var py = ref MemoryMarshal.GetReference(y);
        var k = 0;
        if (IsVectorized)
        {
            for (; k <= x.Length - 8; k += 8)
            {
                (Vector256.LoadUnsafe(ref px, (nuint)k) * Vector256.LoadUnsafe(ref py, (nuint)k)).StoreUnsafe(ref px, (nuint)k);
            }
        }

        for (; k < x.Length; k++)
        {
            Unsafe.Add(ref px, k) *= Unsafe.Add(ref py, k);
        }
    }

    /// <summary>w -= rate * (g + l2 * w): a gradient-descent step with L2 decay.</summary>
    public static void SgdStep(Span<float> w, ReadOnlySpan<float> g, float rate, float l2)
    {
        if (w.Length != g.Length)
        {
            throw new ArgumentException("w and g differ in length.", nameof(g));
        }

        ref var pw = ref MemoryMarshal.GetReference(w);
        ref var pg = ref MemoryMarshal.GetReference(g);
        var k = 0;
        if (IsVectorized)
        {
            var r = Vector256.Create(-rate);
            var decay = Vector256.Create(l2);
            for (; k <= w.Length - 8; k += 8)
            {
                var wk = Vector256.LoadUnsafe(ref pw, (nuint)k);
                MulAdd(r, MulAdd(decay, wk, Vector256.LoadUnsafe(ref pg, (nuint)k)), wk).StoreUnsafe(ref pw, (nuint)k);
            }
        }

        for (; k < w.Length; k++)
        {
            Unsafe.Add(ref pw, k) -= rate * (Unsafe.Add(ref pg, k) + (l2 * Unsafe.Add(ref pw, k)));
        }
    }

    /// <summary>
    /// Stores the lanes of <paramref name="values"/> selected by <paramref name="mask"/>, and the same lanes of
    /// <paramref name="indices"/>, packed at position <paramref name="count"/>; returns the new count.
    /// Writes 8 entries, so the caller leaves room for them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Pack(ref int table, Vector256<int> indices, Vector256<float> values, int mask, ref int index, ref float value, int count)
    {
        var permutation = Vector256.LoadUnsafe(ref table, (nuint)(mask * 8));
        Avx2.PermuteVar8x32(indices, permutation).StoreUnsafe(ref index, (nuint)count);
        Avx2.PermuteVar8x32(values, permutation).StoreUnsafe(ref value, (nuint)count);
        return count + BitOperations.PopCount((uint)mask);
    }

    /// <summary><see cref="Pack"/> for the 8 pixels from <paramref name="k"/>, scaled; advances <paramref name="lanes"/> (their indices) by 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PackPixels(ref int table, ref byte pixels, int k, int mask, Vector256<float> scale, ref Vector256<int> lanes, ref int index, ref float value, int count)
    {
        var values = Vector256.ConvertToSingle(Widen(ref pixels, k)) * scale;
        count = Pack(ref table, lanes, values, mask, ref index, ref value, count);
        lanes += Vector256.Create(8);
        return count;
    }

    /// <summary>The 8 bytes from <paramref name="k"/>, zero-extended to ints.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Widen(ref byte pixels, int k) =>
        Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref pixels, k))).AsByte());

    /// <summary>The dots of dz with the eight weight rows index[0..8), as one vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Dots8(ref float w, ref float dz, int stride, ref int index)
    {
        var p0 = RowProducts(ref w, ref dz, stride, index);
        var p1 = RowProducts(ref w, ref dz, stride, Unsafe.Add(ref index, 1));
        var p2 = RowProducts(ref w, ref dz, stride, Unsafe.Add(ref index, 2));
        var p3 = RowProducts(ref w, ref dz, stride, Unsafe.Add(ref index, 3));
        var p4 = RowProducts(ref w, ref dz, stride, Unsafe.Add(ref index, 4));
        var p5 = RowProducts(ref w, ref dz, stride, Unsafe.Add(ref index, 5));
        var p6 = RowProducts(ref w, ref dz, stride, Unsafe.Add(ref index, 6));
        var p7 = RowProducts(ref w, ref dz, stride, Unsafe.Add(ref index, 7));

        // Pairwise horizontal adds leave, per 128-bit half, the half-sums of rows 0-3 (and 4-7); adding the halves finishes them.
        var low = Avx.HorizontalAdd(Avx.HorizontalAdd(p0, p1), Avx.HorizontalAdd(p2, p3));
        var high = Avx.HorizontalAdd(Avx.HorizontalAdd(p4, p5), Avx.HorizontalAdd(p6, p7));
        return Avx.Permute2x128(low, high, 0x20) + Avx.Permute2x128(low, high, 0x31);
    }

    /// <summary>Lane-wise sums of dz[c] * w[row * stride + c] over the row's vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> RowProducts(ref float w, ref float dz, int stride, int row)
    {
        var at = (nuint)(row * stride);
        var sum = Vector256.LoadUnsafe(ref dz) * Vector256.LoadUnsafe(ref w, at);
        for (var c = 8; c < stride; c += 8)
        {
            sum = MulAdd(Vector256.LoadUnsafe(ref dz, (nuint)c), Vector256.LoadUnsafe(ref w, at + (nuint)c), sum);
        }

        return sum;
    }

    private static int[] BuildPackTable()
    {
        var table = new int[256 * 8];
        for (var mask = 0; mask < 256; mask++)
        {
            var lane = 0;
            for (var bit = 0; bit < 8; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                {
                    table[(mask * 8) + lane++] = bit;
                }
            }
        }

        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;

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

        var rows = (uint)(w.Length / stride);
        foreach (var i in index)
        {
            if ((uint)i >= rows)
            {
                throw new ArgumentOutOfRangeException(nameof(index), i, $"An index is outside the {rows} weight rows.");
            }
        }
    }
}
