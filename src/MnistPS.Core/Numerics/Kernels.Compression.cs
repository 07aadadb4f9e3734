using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistPS.Numerics;

/// <summary>Compression of images and activation rows to sparse rows (indices and values of their non-zero entries).</summary>
internal static partial class Kernels
{
    /// <summary>For each 8-bit mask, the positions of its set bits first (then zeros): a permutation that packs lanes.</summary>
    private static readonly int[] PackTable = BuildPackTable();

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
        else if (Vector128.IsHardwareAccelerated)
        {
            // One byte comparison gives the non-zero mask of 16 pixels; a run of zeros costs one test, and each
            // non-zero pixel is found from the mask's lowest set bit.
            ref var pi = ref MemoryMarshal.GetReference(index);
            ref var pv = ref MemoryMarshal.GetReference(value);
            for (; k <= pixels.Length - 16; k += 16)
            {
                var mask = ~Vector128.Equals(Vector128.LoadUnsafe(ref p, (nuint)k), Vector128<byte>.Zero).ExtractMostSignificantBits() & 0xFFFF;
                for (; mask != 0; mask &= mask - 1, count++)
                {
                    var at = k + BitOperations.TrailingZeroCount(mask);
                    Unsafe.Add(ref pi, count) = at;
                    Unsafe.Add(ref pv, count) = Unsafe.Add(ref p, at) * scale;
                }
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
        else if (IsNarrow)
        {
            var vscale = Vector128.Create(scale);
            for (; t <= packed.Length - 4; t += 4)
            {
                var v = Vector128.LoadUnsafe(ref p, (nuint)t);
                Vector128.ShiftRightLogical(v, 8).StoreUnsafe(ref pi, (nuint)t);
                (Vector128.ConvertToSingle(v & Vector128.Create(0xFF)) * vscale).StoreUnsafe(ref pv, (nuint)t);
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
        else if (Vector128.IsHardwareAccelerated)
        {
            // As in CompressPixels' 128-bit path: 8 entries' mask from two comparisons, then its set bits.
            ref var pi = ref MemoryMarshal.GetReference(index);
            ref var pv = ref MemoryMarshal.GetReference(value);
            for (; k <= row.Length - 8; k += 8)
            {
                var low = ~Vector128.Equals(Vector128.LoadUnsafe(ref p, (nuint)k), Vector128<float>.Zero).ExtractMostSignificantBits() & 0xF;
                var high = ~Vector128.Equals(Vector128.LoadUnsafe(ref p, (nuint)(k + 4)), Vector128<float>.Zero).ExtractMostSignificantBits() & 0xF;
                for (var mask = low | (high << 4); mask != 0; mask &= mask - 1, count++)
                {
                    var at = k + BitOperations.TrailingZeroCount(mask);
                    Unsafe.Add(ref pi, count) = at;
                    Unsafe.Add(ref pv, count) = Unsafe.Add(ref p, at);
                }
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
}
