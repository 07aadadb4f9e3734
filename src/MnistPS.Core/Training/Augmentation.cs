using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistPS;

/// <summary>The image transforms of data augmentation (the random moves come from <see cref="Noise"/>).</summary>
internal static class Augmentation
{
    /// <summary>
    /// Writes <paramref name="source"/> moved by (dx, dy) pixels and turned by <paramref name="degrees"/> about the
    /// image centre into <paramref name="destination"/>, then displaced elastically: destination pixel (x, y) comes
    /// from the moved and turned point plus (<paramref name="fieldX"/>, <paramref name="fieldY"/>) at (x, y), when
    /// those 28x28 fields are given (empty spans: no elastic displacement). Pixels from outside the image are 0.
    /// Without rotation or fields the move is an exact copy; otherwise each pixel is sampled bilinearly.
    /// </summary>
    public static void Transform(ReadOnlySpan<byte> source, Span<byte> destination, int dx, int dy, double degrees, ReadOnlySpan<float> fieldX = default, ReadOnlySpan<float> fieldY = default) =>
        Transform(source, destination, dx, dy, degrees, fieldX, fieldY, vectorized: true);

    /// <summary><see cref="Transform(ReadOnlySpan{byte}, Span{byte}, int, int, double, ReadOnlySpan{float}, ReadOnlySpan{float})"/>, with or without the vector path (the tests take both).</summary>
    [SkipLocalsInit]
    internal static void Transform(ReadOnlySpan<byte> source, Span<byte> destination, int dx, int dy, double degrees, ReadOnlySpan<float> fieldX, ReadOnlySpan<float> fieldY, bool vectorized)
    {
        const int size = Size;
        if (source.Length != MnistSample.PixelCount || destination.Length != MnistSample.PixelCount)
        {
            throw new ArgumentException("Images are 28x28.", nameof(source));
        }

        var elastic = !fieldX.IsEmpty;
        if (elastic && (fieldX.Length != MnistSample.PixelCount || fieldY.Length != MnistSample.PixelCount))
        {
            throw new ArgumentException("Displacement fields are 28x28.", nameof(fieldX));
        }

        if (degrees == 0 && !elastic)
        {
            destination.Clear();
            for (var y = Math.Max(0, dy); y < Math.Min(size, size + dy); y++)
            {
                var from = Math.Max(0, -dx);
                var to = Math.Min(size, size - dx);
                source.Slice(((y - dy) * size) + from, to - from).CopyTo(destination[((y * size) + from + dx)..]);
            }

            return;
        }

        // Inverse map: destination (x, y) comes from the source point turned back by -degrees about the centre, then
        // displaced; the source sits in a one-pixel frame of zeros, so any point within a pixel of it reads four pixels.
        // Points farther than a pixel from the ink's bounding box read only zeros and are not interpolated.
        Span<byte> framed = stackalloc byte[(Framed * Framed) + 3]; // 3 more: the vector warp reads 4 bytes at a time
        framed.Clear();
        int left = size, right = -1, top = size, bottom = -1;
        for (var y = 0; y < size; y++)
        {
            var row = source.Slice(y * size, size);
            var first = row.IndexOfAnyExcept((byte)0);
            if (first >= 0)
            {
                (left, right) = (Math.Min(left, first), Math.Max(right, row.LastIndexOfAnyExcept((byte)0)));
                (top, bottom) = (Math.Min(top, y), y);
            }

            row.CopyTo(framed[(((y + 1) * Framed) + 1)..]);
        }

        destination.Clear();
        var ink = new InkBox(left - 1, right + 1, top - 1, bottom + 1);
        var radians = degrees * Math.PI / 180;
        var turn = new Turn((float)Math.Cos(radians), (float)Math.Sin(radians), dx, dy);
        if (vectorized && Avx2.IsSupported)
        {
            WarpVectors(framed, destination, turn, ink, fieldX, fieldY);
        }
        else
        {
            Warp(framed, destination, turn, ink, fieldX, fieldY);
        }
    }

    /// <summary>
    /// The inverse map, pixel by pixel: destination (x, y) comes from the source point turned back about the centre,
    /// then displaced by the fields (when given). This is the reference that <see cref="WarpVectors"/> equals.
    /// </summary>
    private static void Warp(ReadOnlySpan<byte> framed, Span<byte> destination, Turn turn, InkBox ink, ReadOnlySpan<float> fieldX, ReadOnlySpan<float> fieldY)
    {
        var elastic = !fieldX.IsEmpty;
        for (var y = 0; y < Size; y++)
        {
            var v = y - turn.Dy - Centre;
            float rowX = (turn.Sin * v) + Centre, rowY = (turn.Cos * v) + Centre;
            for (var x = 0; x < Size; x++)
            {
                var u = x - turn.Dx - Centre;
                var i = (y * Size) + x;
                float sx = (turn.Cos * u) + rowX, sy = (-turn.Sin * u) + rowY;
                if (elastic)
                {
                    sx += fieldX[i];
                    sy += fieldY[i];
                }

                if (sx > ink.Left && sx < ink.Right && sy > ink.Top && sy < ink.Bottom)
                {
                    destination[i] = Bilinear(framed, sx, sy);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Warp"/> eight pixels at a time (x from 0, 8, 16 and 20 in each row: the last block overlaps the one
    /// before and writes the same values again). Two gathers of four bytes fetch each pixel's four neighbours (two
    /// side by side in each), which become floats exactly. Every lane takes the scalar code's operations in the same
    /// order, without fused multiply-adds, so the image is the same byte for byte.
    /// </summary>
    [SkipLocalsInit]
    private static unsafe void WarpVectors(ReadOnlySpan<byte> framed, Span<byte> destination, Turn turn, InkBox ink, ReadOnlySpan<float> fieldX, ReadOnlySpan<float> fieldY)
    {
        if (framed.Length < (Framed * Framed) + 3)
        {
            throw new ArgumentException("The framed image needs 3 bytes after it for the 4-byte gathers.", nameof(framed));
        }

        var elastic = !fieldX.IsEmpty;
        // The columns' part of the turn, the same in every row: cos u and -sin u for u = x - dx - centre.
        Span<float> turnedX = stackalloc float[Size];
        Span<float> turnedY = stackalloc float[Size];
        for (var x = 0; x < Size; x++)
        {
            var u = x - turn.Dx - Centre;
            (turnedX[x], turnedY[x]) = (turn.Cos * u, -turn.Sin * u);
        }

        var (inkLeft, inkRight, inkTop, inkBottom) = (Vector256.Create(ink.Left), Vector256.Create(ink.Right), Vector256.Create(ink.Top), Vector256.Create(ink.Bottom));
        var (one, half, faintest, level) = (Vector256.Create(1f), Vector256.Create(0.5f), Vector256.Create(FaintestInk - 0.5f), Vector256.Create(0xFF));
        fixed (byte* pf = framed)
        {
            for (var y = 0; y < Size; y++)
            {
                var v = y - turn.Dy - Centre;
                var rowX = Vector256.Create((turn.Sin * v) + Centre);
                var rowY = Vector256.Create((turn.Cos * v) + Centre);
                foreach (var x in BlockStarts)
                {
                    var sx = Vector256.Create(turnedX.Slice(x, 8)) + rowX;
                    var sy = Vector256.Create(turnedY.Slice(x, 8)) + rowY;
                    var i = (y * Size) + x;
                    if (elastic)
                    {
                        sx += Vector256.Create(fieldX.Slice(i, 8));
                        sy += Vector256.Create(fieldY.Slice(i, 8));
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

    /// <summary>Where the blocks of eight pixels start in a row of 28 (the last overlaps the one before).</summary>
    private static ReadOnlySpan<int> BlockStarts => [0, 8, 16, 20];

    /// <summary>
    /// The faintest grey level a resampled pixel keeps; fainter ones become 0. Bilinear sampling spreads a faint halo
    /// around every stroke: a turned digit had 31 % more non-zero pixels than the original (196 against 150 on
    /// average), and the first layer's work grows with them. Below 32 the halo goes and the count is the original's.
    /// </summary>
    internal const int FaintestInk = 32;

    /// <summary>The side of an image.</summary>
    private const int Size = MnistSample.Rows;

    /// <summary>The side of the source image in its frame of zeros.</summary>
    private const int Framed = Size + 2;

    /// <summary>The centre of an image, about which it turns.</summary>
    private const float Centre = (Size - 1) / 2f;

    /// <summary>
    /// The framed image at (x, y), strictly within a pixel of the image, interpolated bilinearly and rounded; 0 when
    /// fainter than <see cref="FaintestInk"/>.
    /// </summary>
    private static byte Bilinear(ReadOnlySpan<byte> framed, float x, float y)
    {
        // x + 1 and y + 1 are positive here, so truncation is the floor.
        int x0 = (int)(x + 1f) - 1, y0 = (int)(y + 1f) - 1;
        float fx = x - x0, fy = y - y0;
        var at = ((y0 + 1) * Framed) + x0 + 1;
        float p00 = framed[at], p01 = framed[at + 1], p10 = framed[at + Framed], p11 = framed[at + Framed + 1];
        var top = p00 + (fx * (p01 - p00));
        var bottom = p10 + (fx * (p11 - p10));
        var value = top + (fy * (bottom - top));
        return value < FaintestInk - 0.5f ? (byte)0 : (byte)(value + 0.5f);
    }

    /// <summary>A turn by the angle whose cosine and sine are given, after a move by (dx, dy) pixels.</summary>
    private readonly record struct Turn(float Cos, float Sin, int Dx, int Dy);

    /// <summary>The open box, in source pixels, outside which a sample point reads only zeros (empty when there is no ink).</summary>
    private readonly record struct InkBox(float Left, float Right, float Top, float Bottom);
}
