using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistPS.Numerics;

/// <summary>Activation kernels: ReLU, a stable softmax with its vector exp, and argmax.</summary>
internal static partial class Kernels
{
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
        else if (IsNarrow)
        {
            for (; k <= n - 4; k += 4)
            {
                Vector128.Max(Vector128.LoadUnsafe(ref p, (nuint)k), Vector128<float>.Zero).StoreUnsafe(ref p, (nuint)k);
            }
        }

        for (; k < n; k++)
        {
            Unsafe.Add(ref p, k) = MathF.Max(Unsafe.Add(ref p, k), 0f);
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
        else if (IsNarrow)
        {
            var shift = Vector128.Create(max);
            var total = Vector128<float>.Zero;
            for (; k <= z.Length - 4; k += 4)
            {
                var e = Exp(Vector128.LoadUnsafe(ref p, (nuint)k) - shift);
                e.StoreUnsafe(ref p, (nuint)k);
                total += e;
            }

            sum = Vector128.Sum(total);
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

    /// <summary><see cref="Exp(Vector256{float})"/> on four lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Exp(Vector128<float> x)
    {
        var clamped = Vector128.Min(Vector128.Max(x, Vector128.Create(-87.33654f)), Vector128.Create(88.37626f));
        var n = Vector128.Floor(MulAdd(clamped, Vector128.Create(1.44269504088896341f), Vector128.Create(0.5f)));
        var r = MulAdd(n, Vector128.Create(-0.693359375f), clamped);
        r = MulAdd(n, Vector128.Create(2.12194440e-4f), r);
        var r2 = r * r;
        var y = Vector128.Create(1.9875691500E-4f);
        y = MulAdd(y, r, Vector128.Create(1.3981999507E-3f));
        y = MulAdd(y, r, Vector128.Create(8.3334519073E-3f));
        y = MulAdd(y, r, Vector128.Create(4.1665795894E-2f));
        y = MulAdd(y, r, Vector128.Create(1.6666665459E-1f));
        y = MulAdd(y, r, Vector128.Create(5.0000001201E-1f));
        y = MulAdd(y, r2, r + Vector128<float>.One);
        var scale = (Vector128.ConvertToInt32(n) + Vector128.Create(127)) << 23;
        var result = y * scale.AsSingle();
        return Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(-87.33654f)), Vector128<float>.Zero, result);
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
}
