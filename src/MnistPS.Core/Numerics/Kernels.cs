using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistPS.Numerics;

/// <summary>
/// Span kernels for dense layers. Matrices are row-major. Each kernel checks its preconditions first;
/// the SIMD path is tested against the plain loop in <see cref="ReferenceKernels"/>. Every output element is
/// computed by one fixed sequence of operations, so results do not depend on how rows are split across threads.
/// </summary>
public static class Kernels
{
    /// <summary>Whether the 256-bit SIMD path is used on this machine.</summary>
    public static bool IsVectorized => Vector256.IsHardwareAccelerated;

    /// <summary>Width in bits of the SIMD vectors used (0 when scalar).</summary>
    public static int VectorBits => IsVectorized ? 256 : 0;

    /// <summary>dot = sum_k x[k] * y[k].</summary>
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
    /// Rows [rowStart, rowEnd) of C = A * B^T + bias: C[i,j] = bias[j] + sum_k A[i,k] * B[j,k].
    /// A is m x k, B is n x k, C is m x n; an empty bias means none. (Forward pass of a dense layer: Z = X W^T + b.)
    /// </summary>
    public static void MultiplyTransposedB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int m, int n, int k, int rowStart, int rowEnd)
    {
        CheckShape(a, (long)m * k, nameof(a));
        CheckShape(b, (long)n * k, nameof(b));
        CheckShape(c, (long)m * n, nameof(c));
        CheckRows(rowStart, rowEnd, m);
        if (!bias.IsEmpty && bias.Length != n)
        {
            throw new ArgumentException($"bias has {bias.Length} values, expected {n}.", nameof(bias));
        }

        for (var i = rowStart; i < rowEnd; i++)
        {
            var ai = a.Slice(i * k, k);
            var ci = c.Slice(i * n, n);
            var j = 0;
            for (; j <= n - 4; j += 4)
            {
                Dot4(ai, b.Slice(j * k, k), b.Slice((j + 1) * k, k), b.Slice((j + 2) * k, k), b.Slice((j + 3) * k, k), ci.Slice(j, 4));
            }

            for (; j < n; j++)
            {
                ci[j] = Dot(ai, b.Slice(j * k, k));
            }

            if (!bias.IsEmpty)
            {
                Add(ci, bias);
            }
        }
    }

    /// <summary>
    /// Rows [rowStart, rowEnd) of C (+)= A^T * B: C[j,:] (+)= sum_i A[i,j] * B[i,:].
    /// A is m x n, B is m x k, C is n x k. (Weight gradient: dW = dZ^T X.)
    /// </summary>
    public static void MultiplyTransposedA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate, int rowStart, int rowEnd)
    {
        CheckShape(a, (long)m * n, nameof(a));
        CheckShape(b, (long)m * k, nameof(b));
        CheckShape(c, (long)n * k, nameof(c));
        CheckRows(rowStart, rowEnd, n);
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        ref var pc = ref MemoryMarshal.GetReference(c);

        // Column blocks of 32 keep four accumulators in registers while the block of B (m x 32) stays in L1 across j.
        var p = 0;
        if (IsVectorized)
        {
            for (; p <= k - 32; p += 32)
            {
                for (var j = rowStart; j < rowEnd; j++)
                {
                    var at = (nuint)((j * k) + p);
                    Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
                    if (accumulate)
                    {
                        c0 = Vector256.LoadUnsafe(ref pc, at);
                        c1 = Vector256.LoadUnsafe(ref pc, at + 8);
                        c2 = Vector256.LoadUnsafe(ref pc, at + 16);
                        c3 = Vector256.LoadUnsafe(ref pc, at + 24);
                    }

                    for (var i = 0; i < m; i++)
                    {
                        var aij = Unsafe.Add(ref pa, (i * n) + j);
                        if (aij == 0f)
                        {
                            continue;
                        }

                        var va = Vector256.Create(aij);
                        var bi = (nuint)((i * k) + p);
                        c0 = MulAdd(va, Vector256.LoadUnsafe(ref pb, bi), c0);
                        c1 = MulAdd(va, Vector256.LoadUnsafe(ref pb, bi + 8), c1);
                        c2 = MulAdd(va, Vector256.LoadUnsafe(ref pb, bi + 16), c2);
                        c3 = MulAdd(va, Vector256.LoadUnsafe(ref pb, bi + 24), c3);
                    }

                    c0.StoreUnsafe(ref pc, at);
                    c1.StoreUnsafe(ref pc, at + 8);
                    c2.StoreUnsafe(ref pc, at + 16);
                    c3.StoreUnsafe(ref pc, at + 24);
                }
            }
        }

        // Remaining columns (all of them on the scalar path): one column at a time.
        for (; p < k; p++)
        {
            for (var j = rowStart; j < rowEnd; j++)
            {
                var sum = accumulate ? c[(j * k) + p] : 0f;
                for (var i = 0; i < m; i++)
                {
                    var aij = a[(i * n) + j];
                    if (aij != 0f)
                    {
                        sum += aij * b[(i * k) + p];
                    }
                }

                c[(j * k) + p] = sum;
            }
        }
    }

    /// <summary>
    /// Rows [rowStart, rowEnd) of C = A * B: C[i,:] = sum_j A[i,j] * B[j,:].
    /// A is m x n, B is n x k, C is m x k. (Back-propagation to the layer below: dA = dZ W.)
    /// </summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, int rowStart, int rowEnd)
    {
        CheckShape(a, (long)m * n, nameof(a));
        CheckShape(b, (long)n * k, nameof(b));
        CheckShape(c, (long)m * k, nameof(c));
        CheckRows(rowStart, rowEnd, m);
        for (var i = rowStart; i < rowEnd; i++)
        {
            var ci = c.Slice(i * k, k);
            ci.Clear();
            for (var j = 0; j < n; j++)
            {
                var aij = a[(i * n) + j];
                if (aij != 0f)
                {
                    Axpy(aij, b.Slice(j * k, k), ci);
                }
            }
        }
    }

    /// <summary>y[k] += x[k].</summary>
    public static void Add(Span<float> y, ReadOnlySpan<float> x) => Axpy(1f, x, y);

    /// <summary>destination[k] = source[k] / 255 (pixel intensities to [0, 1]).</summary>
    public static void ScalePixels(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException("source and destination differ in length.", nameof(destination));
        }

        const float scale = 1f / 255f;
        ref var ps = ref MemoryMarshal.GetReference(source);
        ref var pd = ref MemoryMarshal.GetReference(destination);
        var n = source.Length;
        var k = 0;
        if (IsVectorized)
        {
            var vs = Vector256.Create(scale);
            for (; k <= n - 16; k += 16)
            {
                var (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref ps, (nuint)k));
                var (l0, l1) = Vector256.Widen(Vector256.Create(lo, hi));
                (Vector256.ConvertToSingle(l0.AsInt32()) * vs).StoreUnsafe(ref pd, (nuint)k);
                (Vector256.ConvertToSingle(l1.AsInt32()) * vs).StoreUnsafe(ref pd, (nuint)(k + 8));
            }
        }

        for (; k < n; k++)
        {
            Unsafe.Add(ref pd, k) = Unsafe.Add(ref ps, k) * scale;
        }
    }

    /// <summary>In place, each row: z = softmax(z) = exp(z - max z) / sum exp(z - max z). Returns log(sum exp(z - max z)) + max z (log-sum-exp) of the last row.</summary>
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

        var sum = 0f;
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = MathF.Exp(z[i] - max);
            sum += z[i];
        }

        var inv = 1f / sum;
        for (var i = 0; i < z.Length; i++)
        {
            z[i] *= inv;
        }

        return max + MathF.Log(sum);
    }

    /// <summary>The index of the largest value (the first on ties).</summary>
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

    /// <summary>destination = f(z) for a hidden activation f.</summary>
    public static void Activate(Activation activation, ReadOnlySpan<float> z, Span<float> destination)
    {
        if (z.Length != destination.Length)
        {
            throw new ArgumentException("z and destination differ in length.", nameof(destination));
        }

        switch (activation)
        {
            case Activation.ReLU:
                Relu(z, destination);
                break;
            case Activation.Sigmoid:
                for (var i = 0; i < z.Length; i++)
                {
                    destination[i] = 1f / (1f + MathF.Exp(-z[i]));
                }

                break;
            case Activation.Tanh:
                for (var i = 0; i < z.Length; i++)
                {
                    destination[i] = MathF.Tanh(z[i]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not a hidden-layer activation.");
        }
    }

    /// <summary>gradient[i] *= f'(z[i]), written in terms of the output a = f(z): ReLU a &gt; 0, sigmoid a(1 - a), tanh 1 - a^2.</summary>
    public static void MultiplyByDerivative(Activation activation, ReadOnlySpan<float> output, Span<float> gradient)
    {
        if (output.Length != gradient.Length)
        {
            throw new ArgumentException("output and gradient differ in length.", nameof(gradient));
        }

        switch (activation)
        {
            case Activation.ReLU:
                for (var i = 0; i < output.Length; i++)
                {
                    if (output[i] <= 0f)
                    {
                        gradient[i] = 0f;
                    }
                }

                break;
            case Activation.Sigmoid:
                for (var i = 0; i < output.Length; i++)
                {
                    gradient[i] *= output[i] * (1f - output[i]);
                }

                break;
            case Activation.Tanh:
                for (var i = 0; i < output.Length; i++)
                {
                    gradient[i] *= 1f - (output[i] * output[i]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not a hidden-layer activation.");
        }
    }

    /// <summary>destination = max(z, 0).</summary>
    public static void Relu(ReadOnlySpan<float> z, Span<float> destination)
    {
        ref var pz = ref MemoryMarshal.GetReference(z);
        ref var pd = ref MemoryMarshal.GetReference(destination);
        var n = Math.Min(z.Length, destination.Length);
        var k = 0;
        if (IsVectorized)
        {
            for (; k <= n - 8; k += 8)
            {
                Vector256.Max(Vector256.LoadUnsafe(ref pz, (nuint)k), Vector256<float>.Zero).StoreUnsafe(ref pd, (nuint)k);
            }
        }

        for (; k < n; k++)
        {
            Unsafe.Add(ref pd, k) = MathF.Max(Unsafe.Add(ref pz, k), 0f);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>Four dot products sharing the loads of x: result[r] = x . y_r.</summary>
    private static void Dot4(ReadOnlySpan<float> x, ReadOnlySpan<float> y0, ReadOnlySpan<float> y1, ReadOnlySpan<float> y2, ReadOnlySpan<float> y3, Span<float> result)
    {
        var n = x.Length;
        if (!IsVectorized || n < 8)
        {
            result[0] = Dot(x, y0);
            result[1] = Dot(x, y1);
            result[2] = Dot(x, y2);
            result[3] = Dot(x, y3);
            return;
        }

        ref var px = ref MemoryMarshal.GetReference(x);
        ref var p0 = ref MemoryMarshal.GetReference(y0);
        ref var p1 = ref MemoryMarshal.GetReference(y1);
        ref var p2 = ref MemoryMarshal.GetReference(y2);
        ref var p3 = ref MemoryMarshal.GetReference(y3);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var k = 0;
        for (; k <= n - 8; k += 8)
        {
            var vx = Vector256.LoadUnsafe(ref px, (nuint)k);
            a0 = MulAdd(vx, Vector256.LoadUnsafe(ref p0, (nuint)k), a0);
            a1 = MulAdd(vx, Vector256.LoadUnsafe(ref p1, (nuint)k), a1);
            a2 = MulAdd(vx, Vector256.LoadUnsafe(ref p2, (nuint)k), a2);
            a3 = MulAdd(vx, Vector256.LoadUnsafe(ref p3, (nuint)k), a3);
        }

        float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
        for (; k < n; k++)
        {
            var xv = Unsafe.Add(ref px, k);
            s0 += xv * Unsafe.Add(ref p0, k);
            s1 += xv * Unsafe.Add(ref p1, k);
            s2 += xv * Unsafe.Add(ref p2, k);
            s3 += xv * Unsafe.Add(ref p3, k);
        }

        result[0] = s0;
        result[1] = s1;
        result[2] = s2;
        result[3] = s3;
    }

    private static void CheckShape<T>(ReadOnlySpan<T> span, long expected, string name)
    {
        if (span.Length != expected)
        {
            throw new ArgumentException($"{name} has {span.Length} elements, expected {expected}.", name);
        }
    }

    private static void CheckShape<T>(Span<T> span, long expected, string name) => CheckShape((ReadOnlySpan<T>)span, expected, name);

    private static void CheckRows(int start, int end, int rows)
    {
        if (start < 0 || end > rows || start > end)
        {
            throw new ArgumentOutOfRangeException(nameof(end), $"rows [{start}, {end}) are outside 0..{rows}.");
        }
    }
}
