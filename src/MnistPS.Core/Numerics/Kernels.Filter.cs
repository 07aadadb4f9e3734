using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistPS.Numerics;

/// <summary>Filters: one-dimensional correlation along rows or down columns of a flattened image.</summary>
internal static partial class Kernels
{
    /// <summary>
    /// destination[i] = sum_k taps[k] * source[i + k * step], summed in tap order: a correlation along a row
    /// (<paramref name="step"/> 1) or down the columns of rows <paramref name="step"/> floats apart. Every output
    /// takes one multiply-add per tap in tap order on every vector path (fused where the processor can), so the
    /// paths agree bit for bit where they all run vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Correlate(ReadOnlySpan<float> source, ReadOnlySpan<float> taps, int step, Span<float> destination)
    {
        if (taps.IsEmpty || step < 1)
        {
            throw new ArgumentException("A correlation needs at least one tap and a step of at least 1.", nameof(taps));
        }

        if (source.Length < destination.Length + ((long)(taps.Length - 1) * step))
        {
            throw new ArgumentException("The source is shorter than the destination plus the taps' reach.", nameof(source));
        }

        ref var ps = ref MemoryMarshal.GetReference(source);
        ref var pd = ref MemoryMarshal.GetReference(destination);
        var n = destination.Length;
        ref var pt = ref MemoryMarshal.GetReference(taps);
        var i = 0;
        if (IsWide)
        {
            // Eight output vectors at a time, so that eight chains of multiply-adds overlap.
            for (; i <= n - 128; i += 128)
            {
                Vector512<float> s0 = Vector512<float>.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
                for (var k = 0; k < taps.Length; k++)
                {
                    var t = Vector512.Create(Unsafe.Add(ref pt, k));
                    ref var p = ref Unsafe.Add(ref ps, i + (k * step));
                    s0 = MulAdd(t, Vector512.LoadUnsafe(ref p), s0);
                    s1 = MulAdd(t, Vector512.LoadUnsafe(ref p, 16), s1);
                    s2 = MulAdd(t, Vector512.LoadUnsafe(ref p, 32), s2);
                    s3 = MulAdd(t, Vector512.LoadUnsafe(ref p, 48), s3);
                    s4 = MulAdd(t, Vector512.LoadUnsafe(ref p, 64), s4);
                    s5 = MulAdd(t, Vector512.LoadUnsafe(ref p, 80), s5);
                    s6 = MulAdd(t, Vector512.LoadUnsafe(ref p, 96), s6);
                    s7 = MulAdd(t, Vector512.LoadUnsafe(ref p, 112), s7);
                }

                s0.StoreUnsafe(ref pd, (nuint)i);
                s1.StoreUnsafe(ref pd, (nuint)(i + 16));
                s2.StoreUnsafe(ref pd, (nuint)(i + 32));
                s3.StoreUnsafe(ref pd, (nuint)(i + 48));
                s4.StoreUnsafe(ref pd, (nuint)(i + 64));
                s5.StoreUnsafe(ref pd, (nuint)(i + 80));
                s6.StoreUnsafe(ref pd, (nuint)(i + 96));
                s7.StoreUnsafe(ref pd, (nuint)(i + 112));
            }
        }

        if (IsVectorized)
        {
            // Eight output vectors at a time, so that eight chains of multiply-adds overlap.
            for (; i <= n - 64; i += 64)
            {
                Vector256<float> s0 = Vector256<float>.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
                for (var k = 0; k < taps.Length; k++)
                {
                    var t = Vector256.Create(Unsafe.Add(ref pt, k));
                    ref var p = ref Unsafe.Add(ref ps, i + (k * step));
                    s0 = MulAdd(t, Vector256.LoadUnsafe(ref p), s0);
                    s1 = MulAdd(t, Vector256.LoadUnsafe(ref p, 8), s1);
                    s2 = MulAdd(t, Vector256.LoadUnsafe(ref p, 16), s2);
                    s3 = MulAdd(t, Vector256.LoadUnsafe(ref p, 24), s3);
                    s4 = MulAdd(t, Vector256.LoadUnsafe(ref p, 32), s4);
                    s5 = MulAdd(t, Vector256.LoadUnsafe(ref p, 40), s5);
                    s6 = MulAdd(t, Vector256.LoadUnsafe(ref p, 48), s6);
                    s7 = MulAdd(t, Vector256.LoadUnsafe(ref p, 56), s7);
                }

                s0.StoreUnsafe(ref pd, (nuint)i);
                s1.StoreUnsafe(ref pd, (nuint)(i + 8));
                s2.StoreUnsafe(ref pd, (nuint)(i + 16));
                s3.StoreUnsafe(ref pd, (nuint)(i + 24));
                s4.StoreUnsafe(ref pd, (nuint)(i + 32));
                s5.StoreUnsafe(ref pd, (nuint)(i + 40));
                s6.StoreUnsafe(ref pd, (nuint)(i + 48));
                s7.StoreUnsafe(ref pd, (nuint)(i + 56));
            }

            for (; i <= n - 8; i += 8)
            {
                var sum = Vector256<float>.Zero;
                for (var k = 0; k < taps.Length; k++)
                {
                    sum = MulAdd(Vector256.Create(taps[k]), Vector256.LoadUnsafe(ref ps, (nuint)(i + (k * step))), sum);
                }

                sum.StoreUnsafe(ref pd, (nuint)i);
            }
        }
        else if (IsNarrow)
        {
            for (; i <= n - 4; i += 4)
            {
                var sum = Vector128<float>.Zero;
                for (var k = 0; k < taps.Length; k++)
                {
                    sum = MulAdd(Vector128.Create(taps[k]), Vector128.LoadUnsafe(ref ps, (nuint)(i + (k * step))), sum);
                }

                sum.StoreUnsafe(ref pd, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            var sum = 0f;
            for (var k = 0; k < taps.Length; k++)
            {
                sum += taps[k] * Unsafe.Add(ref ps, i + (k * step));
            }

            Unsafe.Add(ref pd, i) = sum;
        }
    }
}
