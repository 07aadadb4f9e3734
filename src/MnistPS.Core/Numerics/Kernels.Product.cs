using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistPS.Numerics;

/// <summary>A small dense matrix product, register-blocked: the smoothing passes of elastic distortion.</summary>
internal static partial class Kernels
{
    /// <summary>
    /// c = a b for row-major a (rows x <paramref name="inner"/>), b (<paramref name="inner"/> x width) and c
    /// (rows x width), width a multiple of 8. Each output sums a[y, k] b[k, x] in k order, one multiply-add each, fused
    /// where the processor can: the 512- and 256-bit paths give the same bits, and the 128-bit path too where it fuses
    /// (ARM64, x64 with FMA). With a <paramref name="band"/>, a is taken to be 0 wherever |y - k| exceeds it: those
    /// terms are skipped (entries outside a group of four rows' joint band are not read). For a finite b that leaves
    /// every sum as it was, except the sign of a zero: a sum whose fused terms all underflowed can stop at -0 where
    /// adding a skipped product of +0 would have made it +0.
    /// </summary>
    public static void MatrixProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int inner, int band = int.MaxValue) =>
        MatrixProduct(a, b, c, inner, IsWide, band);

    /// <summary><see cref="MatrixProduct(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int)"/>, with or without the 512-bit path (the tests take both).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MatrixProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int inner, bool wide, int band = int.MaxValue)
    {
        if (band < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(band), band, "A band is 0 or more entries either side of the diagonal.");
        }

        if (inner < 1 || a.Length % inner != 0 || b.Length % inner != 0)
        {
            throw new ArgumentException($"a and b must have whole rows and columns of {inner} values.", nameof(inner));
        }

        var (rows, width) = (a.Length / inner, b.Length / inner);
        if (width % 8 != 0 || c.Length != (long)rows * width)
        {
            throw new ArgumentException($"b's width must be a multiple of 8 and c must hold {rows}x{width} values.", nameof(c));
        }

        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        ref var pc = ref MemoryMarshal.GetReference(c);
        for (var y = 0; y < rows; y += 4)
        {
            // Four rows share each load of b. A last group of fewer repeats its last row in the missing ones, which
            // store the same values to it again.
            Span<int> at = [y, Math.Min(y + 1, rows - 1), Math.Min(y + 2, rows - 1), Math.Min(y + 3, rows - 1)];
            ref var a0 = ref Unsafe.Add(ref pa, at[0] * inner);
            ref var a1 = ref Unsafe.Add(ref pa, at[1] * inner);
            ref var a2 = ref Unsafe.Add(ref pa, at[2] * inner);
            ref var a3 = ref Unsafe.Add(ref pa, at[3] * inner);
            var (first, end) = ((int)Math.Max(0, (long)y - band), (int)Math.Min(inner, (long)at[3] + band + 1));
            var x = 0;
            if (wide && IsWide)
            {
                for (; x <= width - 32; x += 32)
                {
                    Vector512<float> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
                    for (var k = first; k < end; k++)
                    {
                        ref var row = ref Unsafe.Add(ref pb, (k * width) + x);
                        var (b0, b1) = (Vector512.LoadUnsafe(ref row), Vector512.LoadUnsafe(ref row, 16));
                        var v = Vector512.Create(Unsafe.Add(ref a0, k));
                        (s00, s01) = (MulAdd(v, b0, s00), MulAdd(v, b1, s01));
                        v = Vector512.Create(Unsafe.Add(ref a1, k));
                        (s10, s11) = (MulAdd(v, b0, s10), MulAdd(v, b1, s11));
                        v = Vector512.Create(Unsafe.Add(ref a2, k));
                        (s20, s21) = (MulAdd(v, b0, s20), MulAdd(v, b1, s21));
                        v = Vector512.Create(Unsafe.Add(ref a3, k));
                        (s30, s31) = (MulAdd(v, b0, s30), MulAdd(v, b1, s31));
                    }

                    Store(ref pc, width, at, x, 16, s00, s01, s10, s11, s20, s21, s30, s31);
                }
            }

            if (IsVectorized)
            {
                for (; x <= width - 16; x += 16)
                {
                    Vector256<float> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
                    for (var k = first; k < end; k++)
                    {
                        ref var row = ref Unsafe.Add(ref pb, (k * width) + x);
                        var (b0, b1) = (Vector256.LoadUnsafe(ref row), Vector256.LoadUnsafe(ref row, 8));
                        var v = Vector256.Create(Unsafe.Add(ref a0, k));
                        (s00, s01) = (MulAdd(v, b0, s00), MulAdd(v, b1, s01));
                        v = Vector256.Create(Unsafe.Add(ref a1, k));
                        (s10, s11) = (MulAdd(v, b0, s10), MulAdd(v, b1, s11));
                        v = Vector256.Create(Unsafe.Add(ref a2, k));
                        (s20, s21) = (MulAdd(v, b0, s20), MulAdd(v, b1, s21));
                        v = Vector256.Create(Unsafe.Add(ref a3, k));
                        (s30, s31) = (MulAdd(v, b0, s30), MulAdd(v, b1, s31));
                    }

                    Store(ref pc, width, at, x, 8, s00, s01, s10, s11, s20, s21, s30, s31);
                }
            }

            if (IsVectorized || IsNarrow)
            {
                for (; x < width; x += 8)
                {
                    Vector128<float> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
                    for (var k = first; k < end; k++)
                    {
                        ref var row = ref Unsafe.Add(ref pb, (k * width) + x);
                        var (b0, b1) = (Vector128.LoadUnsafe(ref row), Vector128.LoadUnsafe(ref row, 4));
                        var v = Vector128.Create(Unsafe.Add(ref a0, k));
                        (s00, s01) = (MulAdd(v, b0, s00), MulAdd(v, b1, s01));
                        v = Vector128.Create(Unsafe.Add(ref a1, k));
                        (s10, s11) = (MulAdd(v, b0, s10), MulAdd(v, b1, s11));
                        v = Vector128.Create(Unsafe.Add(ref a2, k));
                        (s20, s21) = (MulAdd(v, b0, s20), MulAdd(v, b1, s21));
                        v = Vector128.Create(Unsafe.Add(ref a3, k));
                        (s30, s31) = (MulAdd(v, b0, s30), MulAdd(v, b1, s31));
                    }

                    Store(ref pc, width, at, x, 4, s00, s01, s10, s11, s20, s21, s30, s31);
                }
            }

            for (; x < width; x++)
            {
                foreach (var r in at)
                {
                    var sum = 0f;
                    for (var k = first; k < end; k++)
                    {
                        sum += Unsafe.Add(ref pa, (r * inner) + k) * Unsafe.Add(ref pb, (k * width) + x);
                    }

                    Unsafe.Add(ref pc, (r * width) + x) = sum;
                }
            }
        }
    }

    /// <summary>Stores two vectors of sums for each of four rows of c at column <paramref name="x"/>, <paramref name="lanes"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(ref float pc, int width, ReadOnlySpan<int> at, int x, int lanes, T s00, T s01, T s10, T s11, T s20, T s21, T s30, T s31)
        where T : struct
    {
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref pc, (at[0] * width) + x)), s00);
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref pc, (at[0] * width) + x + lanes)), s01);
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref pc, (at[1] * width) + x)), s10);
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref pc, (at[1] * width) + x + lanes)), s11);
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref pc, (at[2] * width) + x)), s20);
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref pc, (at[2] * width) + x + lanes)), s21);
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref pc, (at[3] * width) + x)), s30);
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref pc, (at[3] * width) + x + lanes)), s31);
    }
}
