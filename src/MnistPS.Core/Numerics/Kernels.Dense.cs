using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistPS.Numerics;

/// <summary>Dense vector kernels: dot products, axpy, element-wise products and the SGD step; 256-bit, 128-bit or scalar.</summary>
internal static partial class Kernels
{
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
        else if (IsNarrow && n >= 4)
        {
            var acc0 = Vector128<float>.Zero;
            var acc1 = Vector128<float>.Zero;
            for (; k <= n - 8; k += 8)
            {
                acc0 = MulAdd(Vector128.LoadUnsafe(ref px, (nuint)k), Vector128.LoadUnsafe(ref py, (nuint)k), acc0);
                acc1 = MulAdd(Vector128.LoadUnsafe(ref px, (nuint)(k + 4)), Vector128.LoadUnsafe(ref py, (nuint)(k + 4)), acc1);
            }

            for (; k <= n - 4; k += 4)
            {
                acc0 = MulAdd(Vector128.LoadUnsafe(ref px, (nuint)k), Vector128.LoadUnsafe(ref py, (nuint)k), acc0);
            }

            sum = Vector128.Sum(acc0 + acc1);
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
        else if (IsNarrow)
        {
            var va = Vector128.Create(a);
            for (; k <= n - 4; k += 4)
            {
                MulAdd(va, Vector128.LoadUnsafe(ref px, (nuint)k), Vector128.LoadUnsafe(ref py, (nuint)k)).StoreUnsafe(ref py, (nuint)k);
            }
        }

        for (; k < n; k++)
        {
            Unsafe.Add(ref py, k) += a * Unsafe.Add(ref px, k);
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
        else if (IsNarrow)
        {
            for (; k <= x.Length - 4; k += 4)
            {
                (Vector128.LoadUnsafe(ref px, (nuint)k) * Vector128.LoadUnsafe(ref py, (nuint)k)).StoreUnsafe(ref px, (nuint)k);
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
        else if (IsNarrow)
        {
            var r = Vector128.Create(-rate);
            var decay = Vector128.Create(l2);
            for (; k <= w.Length - 4; k += 4)
            {
                var wk = Vector128.LoadUnsafe(ref pw, (nuint)k);
                MulAdd(r, MulAdd(decay, wk, Vector128.LoadUnsafe(ref pg, (nuint)k)), wk).StoreUnsafe(ref pw, (nuint)k);
            }
        }

        for (; k < w.Length; k++)
        {
            Unsafe.Add(ref pw, k) -= rate * (Unsafe.Add(ref pg, k) + (l2 * Unsafe.Add(ref pw, k)));
        }
    }
}
