using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MnistPS.Numerics;

/// <summary>
/// The 128-bit paths of the sparse layer kernels, for machines with 128-bit vectors only (ARM64's AdvSimd, x64
/// without AVX2): columns in blocks of 16 (four vectors kept in registers for one pass over the inputs), then of 4.
/// Each starts at column <c>c</c> (where a 512-bit path left off) and returns the first column it left to the scalar loop.
/// </summary>
internal static partial class Kernels
{
    /// <summary>destination[c] = bias[c] + sum_t value[t] * w[index[t] * stride + c], for the columns from <paramref name="c"/> it returns before (at most <paramref name="end"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SparseAffine128(ref int pi, ref float pv, int n, ref float pw, ref float pb, ref float pd, int stride, int c, int end)
    {
        for (; c <= end - 16; c += 16)
        {
            var a0 = Vector128.LoadUnsafe(ref pb, (nuint)c);
            var a1 = Vector128.LoadUnsafe(ref pb, (nuint)c + 4);
            var a2 = Vector128.LoadUnsafe(ref pb, (nuint)c + 8);
            var a3 = Vector128.LoadUnsafe(ref pb, (nuint)c + 12);
            for (var t = 0; t < n; t++)
            {
                var v = Vector128.Create(Unsafe.Add(ref pv, t));
                var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
                a0 = MulAdd(v, Vector128.LoadUnsafe(ref pw, row), a0);
                a1 = MulAdd(v, Vector128.LoadUnsafe(ref pw, row + 4), a1);
                a2 = MulAdd(v, Vector128.LoadUnsafe(ref pw, row + 8), a2);
                a3 = MulAdd(v, Vector128.LoadUnsafe(ref pw, row + 12), a3);
            }

            a0.StoreUnsafe(ref pd, (nuint)c);
            a1.StoreUnsafe(ref pd, (nuint)c + 4);
            a2.StoreUnsafe(ref pd, (nuint)c + 8);
            a3.StoreUnsafe(ref pd, (nuint)c + 12);
        }

        for (; c <= end - 4; c += 4)
        {
            var a0 = Vector128.LoadUnsafe(ref pb, (nuint)c);
            for (var t = 0; t < n; t++)
            {
                a0 = MulAdd(Vector128.Create(Unsafe.Add(ref pv, t)), Vector128.LoadUnsafe(ref pw, (nuint)((Unsafe.Add(ref pi, t) * stride) + c)), a0);
            }

            a0.StoreUnsafe(ref pd, (nuint)c);
        }

        return c;
    }

    /// <summary>w[index[t] * stride + c] += value[t] * dz[c], for the columns it returns before.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SparseOuterAdd128(ref int pi, ref float pv, int n, ref float pw, ref float pz, int stride, int c)
    {
        for (; c <= stride - 16; c += 16)
        {
            var z0 = Vector128.LoadUnsafe(ref pz, (nuint)c);
            var z1 = Vector128.LoadUnsafe(ref pz, (nuint)c + 4);
            var z2 = Vector128.LoadUnsafe(ref pz, (nuint)c + 8);
            var z3 = Vector128.LoadUnsafe(ref pz, (nuint)c + 12);
            for (var t = 0; t < n; t++)
            {
                var v = Vector128.Create(Unsafe.Add(ref pv, t));
                var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
                MulAdd(v, z0, Vector128.LoadUnsafe(ref pw, row)).StoreUnsafe(ref pw, row);
                MulAdd(v, z1, Vector128.LoadUnsafe(ref pw, row + 4)).StoreUnsafe(ref pw, row + 4);
                MulAdd(v, z2, Vector128.LoadUnsafe(ref pw, row + 8)).StoreUnsafe(ref pw, row + 8);
                MulAdd(v, z3, Vector128.LoadUnsafe(ref pw, row + 12)).StoreUnsafe(ref pw, row + 12);
            }
        }

        for (; c <= stride - 4; c += 4)
        {
            var z0 = Vector128.LoadUnsafe(ref pz, (nuint)c);
            for (var t = 0; t < n; t++)
            {
                var row = (nuint)((Unsafe.Add(ref pi, t) * stride) + c);
                MulAdd(Vector128.Create(Unsafe.Add(ref pv, t)), z0, Vector128.LoadUnsafe(ref pw, row)).StoreUnsafe(ref pw, row);
            }
        }

        return c;
    }
}
