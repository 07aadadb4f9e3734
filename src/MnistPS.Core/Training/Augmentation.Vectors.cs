using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistPS;

/// <summary>
/// The framing and warp of <see cref="Augmentation"/> on x64 vectors: 8 pixels at a time (AVX2), or 16 (AVX-512).
/// Gathers of four bytes fetch each pixel's four neighbours (AVX2: two side by side from each row of the framed image;
/// AVX-512: all four from a word per pixel made beforehand), which become floats exactly. Every lane takes the scalar
/// <c>Warp</c>'s operations in the same order, without fused multiply-adds, so the images are the same byte for byte.
/// </summary>
internal static partial class Augmentation
{
    /// <summary>Where the blocks of 8 pixels start in a row of 28 (the last overlaps the one before and writes the same values again).</summary>
    private static ReadOnlySpan<int> Blocks8 => [0, 8, 16, 20];

    /// <summary>
    /// <see cref="Frame"/> a row at a time: each row is one 32-byte load, masked to its 28 pixels, stored with 4 zeros
    /// after it (onto the frame, and onto the next row's first pixels before that row is stored); its non-zero pixels'
    /// bits give the ink's box.
    /// </summary>
    internal static InkBox Frame256(ReadOnlySpan<byte> source, Span<byte> framed)
    {
        if (source.Length != MnistSample.PixelCount || framed.Length < Framed * Framed)
        {
            throw new ArgumentException("Images are 28x28 and their frames 30x30.", nameof(framed));
        }

        const int firstStore = Framed + 1, endStore = (Size * Framed) + 1 + 32;
        framed[..firstStore].Clear();
        framed[endStore..].Clear();
        var pixels = Vector256.Create(Vector128<byte>.AllBitsSet, Vector128.Create(ulong.MaxValue, 0xFFFFFFFFUL).AsByte());
        var (columns, rows) = (0u, 0u);
        for (var y = 0; y < Size; y++)
        {
            // The last row's load would end 4 bytes past the image: it starts 4 bytes early and moves down a lane.
            var row = y < Size - 1
                ? Vector256.Create(source.Slice(y * Size, 32))
                : Avx2.PermuteVar8x32(Vector256.Create(source[^32..]).AsInt32(), Vector256.Create(1, 2, 3, 4, 5, 6, 7, 7)).AsByte();
            row &= pixels;
            row.CopyTo(framed[(((y + 1) * Framed) + 1)..]);
            var inked = ~Vector256.Equals(row, Vector256<byte>.Zero).ExtractMostSignificantBits() & 0x0FFFFFFFu;
            columns |= inked;
            rows |= (inked != 0 ? 1u : 0u) << y;
        }

        if (rows == 0)
        {
            return new InkBox(Size - 1, 0, Size - 1, 0); // as Frame gives for a blank image: empty
        }

        return new InkBox(
            BitOperations.TrailingZeroCount(columns) - 1,
            32 - BitOperations.LeadingZeroCount(columns),
            BitOperations.TrailingZeroCount(rows) - 1,
            32 - BitOperations.LeadingZeroCount(rows));
    }

    /// <summary>The warp 8 pixels at a time.</summary>
    [SkipLocalsInit]
    private static unsafe void Warp256(ReadOnlySpan<byte> framed, Span<byte> destination, Turn turn, InkBox ink, ReadOnlySpan<float> fieldX, ReadOnlySpan<float> fieldY, int fieldStride)
    {
        CheckGatherMargin(framed);
        var elastic = !fieldX.IsEmpty;
        Span<float> turnedX = stackalloc float[Size];
        Span<float> turnedY = stackalloc float[Size];
        ColumnTurns(turn, turnedX, turnedY);
        var (inkLeft, inkRight, inkTop, inkBottom) = (Vector256.Create(ink.Left), Vector256.Create(ink.Right), Vector256.Create(ink.Top), Vector256.Create(ink.Bottom));
        var (one, half, faintest, level) = (Vector256.Create(1f), Vector256.Create(0.5f), Vector256.Create(FaintestInk - 0.5f), Vector256.Create(0xFF));
        fixed (byte* pf = framed)
        {
            for (var y = 0; y < Size; y++)
            {
                var (rowX, rowY) = RowTurn(turn, y);
                foreach (var x in Blocks8)
                {
                    var sx = Vector256.Create(turnedX.Slice(x, 8)) + Vector256.Create(rowX);
                    var sy = Vector256.Create(turnedY.Slice(x, 8)) + Vector256.Create(rowY);
                    var i = (y * Size) + x;
                    if (elastic)
                    {
                        sx += Vector256.Create(fieldX.Slice((y * fieldStride) + x, 8));
                        sy += Vector256.Create(fieldY.Slice((y * fieldStride) + x, 8));
                    }

                    var inside = Vector256.GreaterThan(sx, inkLeft) & Vector256.LessThan(sx, inkRight) & Vector256.GreaterThan(sy, inkTop) & Vector256.LessThan(sy, inkBottom);
                    if (inside == Vector256<float>.Zero)
                    {
                        continue; // destination is already 0 there
                    }

                    // Inside the ink's box x + 1 and y + 1 are positive, so truncation is the floor; lanes outside read pixel 0.
                    var x0 = Avx.ConvertToVector256Int32WithTruncation(sx + one) - Vector256<int>.One;
                    var y0 = Avx.ConvertToVector256Int32WithTruncation(sy + one) - Vector256<int>.One;
                    var fx = sx - Vector256.ConvertToSingle(x0);
                    var fy = sy - Vector256.ConvertToSingle(y0);
                    var at = Vector256.ConditionalSelect(inside.AsInt32(), ((y0 + Vector256<int>.One) * Framed) + x0 + Vector256<int>.One, Vector256<int>.Zero);
                    var upper = Avx2.GatherVector256((int*)pf, at, 1);
                    var lower = Avx2.GatherVector256((int*)(pf + Framed), at, 1);
                    var p00 = Vector256.ConvertToSingle(upper & level);
                    var p01 = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(upper, 8) & level);
                    var p10 = Vector256.ConvertToSingle(lower & level);
                    var p11 = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(lower, 8) & level);
                    var topRow = p00 + (fx * (p01 - p00));
                    var bottomRow = p10 + (fx * (p11 - p10));
                    var value = topRow + (fy * (bottomRow - topRow));
                    var kept = inside & Vector256.GreaterThanOrEqual(value, faintest);
                    // 0-255 in each lane, so the saturating packs are exact: eight shorts, then eight bytes leading the vector.
                    var levels = Vector256.ConditionalSelect(kept.AsInt32(), Avx.ConvertToVector256Int32WithTruncation(value + half), Vector256<int>.Zero);
                    var shorts = Sse2.PackSignedSaturate(levels.GetLower(), levels.GetUpper());
                    BinaryPrimitives.WriteUInt64LittleEndian(destination[i..], Sse2.PackUnsignedSaturate(shorts, shorts).AsUInt64().ToScalar());
                }
            }
        }
    }

    /// <summary>Where the blocks of 16 pixels start in a row of 28 (the second overlaps the first and writes the same values again).</summary>
    private static ReadOnlySpan<int> Blocks16 => [0, 12];

    /// <summary>
    /// The warp 16 pixels at a time (AVX-512), each lane the same operations as <see cref="Warp256"/>'s. Each pixel's
    /// four neighbours come in one word from <see cref="Quads"/>; there is no 512-bit gather here, so 16 pixels take
    /// two 256-bit gathers.
    /// </summary>
    [SkipLocalsInit]
    private static unsafe void Warp512(ReadOnlySpan<byte> framed, Span<byte> destination, Turn turn, InkBox ink, ReadOnlySpan<float> fieldX, ReadOnlySpan<float> fieldY, int fieldStride)
    {
        CheckGatherMargin(framed);
        Span<uint> quads = stackalloc uint[Framed * Framed];
        Quads(framed, quads, ink);
        var elastic = !fieldX.IsEmpty;
        Span<float> turnedX = stackalloc float[Size];
        Span<float> turnedY = stackalloc float[Size];
        ColumnTurns(turn, turnedX, turnedY);
        var (inkLeft, inkRight, inkTop, inkBottom) = (Vector512.Create(ink.Left), Vector512.Create(ink.Right), Vector512.Create(ink.Top), Vector512.Create(ink.Bottom));
        var (one, half, faintest, level) = (Vector512.Create(1f), Vector512.Create(0.5f), Vector512.Create(FaintestInk - 0.5f), Vector512.Create(0xFF));
        fixed (uint* pq = quads)
        {
            for (var y = 0; y < Size; y++)
            {
                var (rowX, rowY) = RowTurn(turn, y);
                foreach (var x in Blocks16)
                {
                    var sx = Vector512.Create(turnedX.Slice(x, 16)) + Vector512.Create(rowX);
                    var sy = Vector512.Create(turnedY.Slice(x, 16)) + Vector512.Create(rowY);
                    var i = (y * Size) + x;
                    if (elastic)
                    {
                        sx += Vector512.Create(fieldX.Slice((y * fieldStride) + x, 16));
                        sy += Vector512.Create(fieldY.Slice((y * fieldStride) + x, 16));
                    }

                    var inside = Vector512.GreaterThan(sx, inkLeft) & Vector512.LessThan(sx, inkRight) & Vector512.GreaterThan(sy, inkTop) & Vector512.LessThan(sy, inkBottom);
                    if (inside == Vector512<float>.Zero)
                    {
                        continue; // destination is already 0 there
                    }

                    var x0 = Avx512F.ConvertToVector512Int32WithTruncation(sx + one) - Vector512<int>.One;
                    var y0 = Avx512F.ConvertToVector512Int32WithTruncation(sy + one) - Vector512<int>.One;
                    var fx = sx - Vector512.ConvertToSingle(x0);
                    var fy = sy - Vector512.ConvertToSingle(y0);
                    var at = Vector512.ConditionalSelect(inside.AsInt32(), ((y0 + Vector512<int>.One) * Framed) + x0 + Vector512<int>.One, Vector512<int>.Zero);
                    var (atLow, atHigh) = (at.GetLower(), at.GetUpper());
                    var quad = Avx512F.InsertVector256(Avx2.GatherVector256((int*)pq, atLow, 4).ToVector512Unsafe(), Avx2.GatherVector256((int*)pq, atHigh, 4), 1);
                    var p00 = Vector512.ConvertToSingle(quad & level);
                    var p01 = Vector512.ConvertToSingle(Vector512.ShiftRightLogical(quad, 8) & level);
                    var p10 = Vector512.ConvertToSingle(Vector512.ShiftRightLogical(quad, 16) & level);
                    var p11 = Vector512.ConvertToSingle(Vector512.ShiftRightLogical(quad, 24));
                    var topRow = p00 + (fx * (p01 - p00));
                    var bottomRow = p10 + (fx * (p11 - p10));
                    var value = topRow + (fy * (bottomRow - topRow));
                    var kept = inside & Vector512.GreaterThanOrEqual(value, faintest);
                    // 0-255 in each lane, so the saturating narrowing to bytes is exact.
                    var levels = Vector512.ConditionalSelect(kept.AsInt32(), Avx512F.ConvertToVector512Int32WithTruncation(value + half), Vector512<int>.Zero);
                    Avx512F.ConvertToVector128ByteWithSaturation(levels.AsUInt32()).StoreUnsafe(ref destination[i]);
                }
            }
        }
    }

    /// <summary>
    /// Each framed pixel's four neighbourhood in one word, for the framed rows that sample points inside the ink's box
    /// read from: bytes (x, y), (x + 1, y), (x, y + 1) and (x + 1, y + 1), lowest first. Other words are left as they were.
    /// </summary>
    private static void Quads(ReadOnlySpan<byte> framed, Span<uint> quads, InkBox ink)
    {
        // A point inside the (open) box has its lowest neighbours in framed rows ink.Top + 1 .. ink.Bottom, and one row
        // lower when y + 1 rounds up to a whole number (1.9999999f + 1 is 3): up to ink.Bottom + 1, whose quads read
        // framed row ink.Bottom + 2, at most the bottom frame.
        var (first, end) = ((int)ink.Top + 1, Math.Min((int)ink.Bottom + 2, Framed - 1));
        if (first >= end)
        {
            return;
        }

        var (from, to) = (first * Framed, end * Framed);
        for (var j = from; j < to; j += 16)
        {
            var at = Math.Min(j, to - 16); // the last 16 overlap the ones before
            var a = Avx512F.ConvertToVector512UInt32(Vector128.Create(framed.Slice(at, 16)));
            var b = Avx512F.ConvertToVector512UInt32(Vector128.Create(framed.Slice(at + 1, 16)));
            var c = Avx512F.ConvertToVector512UInt32(Vector128.Create(framed.Slice(at + Framed, 16)));
            var d = Avx512F.ConvertToVector512UInt32(Vector128.Create(framed.Slice(at + Framed + 1, 16)));
            (a | (b << 8) | (c << 16) | (d << 24)).CopyTo(quads[at..]);
        }
    }

    /// <summary>The framed image must have <see cref="GatherMargin"/> bytes after it for the 4-byte gathers.</summary>
    private static void CheckGatherMargin(ReadOnlySpan<byte> framed)
    {
        if (framed.Length < (Framed * Framed) + GatherMargin)
        {
            throw new ArgumentException($"The framed image needs {GatherMargin} bytes after it for the 4-byte gathers.", nameof(framed));
        }
    }
}
