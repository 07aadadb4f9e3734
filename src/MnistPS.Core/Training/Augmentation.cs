using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using MnistPS.Numerics;

namespace MnistPS;

/// <summary>The image transforms of data augmentation (the random moves come from <see cref="Noise"/>).</summary>
internal static partial class Augmentation
{
    /// <summary>
    /// Writes <paramref name="source"/> moved by (dx, dy) pixels and turned by <paramref name="degrees"/> about the
    /// image centre into <paramref name="destination"/>, then displaced elastically: destination pixel (x, y) comes
    /// from the moved and turned point plus (<paramref name="fieldX"/>, <paramref name="fieldY"/>) at (x, y), when
    /// those fields are given (empty spans: no elastic displacement): 28 rows each, of 28 floats or more (a row's pixels
    /// first, then padding; the rows' length is the field's over 28). Pixels from outside the image are 0.
    /// Without rotation or fields the move is an exact copy; otherwise each pixel is sampled bilinearly.
    /// </summary>
    public static void Transform(ReadOnlySpan<byte> source, Span<byte> destination, int dx, int dy, double degrees, ReadOnlySpan<float> fieldX = default, ReadOnlySpan<float> fieldY = default) =>
        Transform(source, destination, dx, dy, degrees, fieldX, fieldY, Kernels.VectorBits);

    /// <summary>
    /// <see cref="Transform(ReadOnlySpan{byte}, Span{byte}, int, int, double, ReadOnlySpan{float}, ReadOnlySpan{float})"/>
    /// with vectors of at most <paramref name="bits"/> bits (512, 256, or 0 for pixel by pixel; the tests take each).
    /// </summary>
    [SkipLocalsInit]
    internal static void Transform(ReadOnlySpan<byte> source, Span<byte> destination, int dx, int dy, double degrees, ReadOnlySpan<float> fieldX, ReadOnlySpan<float> fieldY, int bits)
    {
        const int size = Size;
        if (source.Length != MnistSample.PixelCount || destination.Length != MnistSample.PixelCount)
        {
            throw new ArgumentException("Images are 28x28.", nameof(source));
        }

        var elastic = !fieldX.IsEmpty;
        var stride = fieldX.Length / size;
        if (elastic && (fieldX.Length % size != 0 || stride < size || fieldY.Length != fieldX.Length))
        {
            throw new ArgumentException("Displacement fields are 28 rows of 28 floats or more, both the same.", nameof(fieldX));
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
        Span<byte> framed = stackalloc byte[(Framed * Framed) + GatherMargin];
        var vectors = bits >= 256 && Avx2.IsSupported;
        var ink = vectors ? Frame256(source, framed) : Frame(source, framed);
        destination.Clear();
        var radians = degrees * Math.PI / 180;
        var turn = new Turn((float)Math.Cos(radians), (float)Math.Sin(radians), dx, dy);
        if (vectors && bits >= 512 && Kernels.IsWide)
        {
            Warp512(framed, destination, turn, ink, fieldX, fieldY, stride);
        }
        else if (vectors)
        {
            Warp256(framed, destination, turn, ink, fieldX, fieldY, stride);
        }
        else
        {
            Warp(framed, destination, turn, ink, fieldX, fieldY, stride);
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> into the middle of <paramref name="framed"/>, whose other bytes become 0, and
    /// returns the open box, one pixel wider than the ink's bounding box on every side, outside which sample points read
    /// only zeros. This is the reference that <see cref="Frame256"/> equals.
    /// </summary>
    internal static InkBox Frame(ReadOnlySpan<byte> source, Span<byte> framed)
    {
        framed.Clear();
        int left = Size, right = -1, top = Size, bottom = -1;
        for (var y = 0; y < Size; y++)
        {
            var row = source.Slice(y * Size, Size);
            var first = row.IndexOfAnyExcept((byte)0);
            if (first >= 0)
            {
                (left, right) = (Math.Min(left, first), Math.Max(right, row.LastIndexOfAnyExcept((byte)0)));
                (top, bottom) = (Math.Min(top, y), y);
            }

            row.CopyTo(framed[(((y + 1) * Framed) + 1)..]);
        }

        return new InkBox(left - 1, right + 1, top - 1, bottom + 1);
    }

    /// <summary>
    /// The inverse map, pixel by pixel: destination (x, y) comes from the source point turned back about the centre,
    /// then displaced by the fields (when given). This is the reference that <see cref="Warp256"/> and
    /// <see cref="Warp512"/> equal.
    /// </summary>
    private static void Warp(ReadOnlySpan<byte> framed, Span<byte> destination, Turn turn, InkBox ink, ReadOnlySpan<float> fieldX, ReadOnlySpan<float> fieldY, int fieldStride)
    {
        var elastic = !fieldX.IsEmpty;
        Span<float> turnedX = stackalloc float[Size];
        Span<float> turnedY = stackalloc float[Size];
        ColumnTurns(turn, turnedX, turnedY);
        for (var y = 0; y < Size; y++)
        {
            var (rowX, rowY) = RowTurn(turn, y);
            for (var x = 0; x < Size; x++)
            {
                var i = (y * Size) + x;
                float sx = turnedX[x] + rowX, sy = turnedY[x] + rowY;
                if (elastic)
                {
                    sx += fieldX[(y * fieldStride) + x];
                    sy += fieldY[(y * fieldStride) + x];
                }

                if (sx > ink.Left && sx < ink.Right && sy > ink.Top && sy < ink.Bottom)
                {
                    destination[i] = Bilinear(framed, sx, sy);
                }
            }
        }
    }

    /// <summary>The columns' part of the turn, the same in every row: cos u and -sin u for u = x - dx - centre.</summary>
    private static void ColumnTurns(Turn turn, Span<float> turnedX, Span<float> turnedY)
    {
        for (var x = 0; x < Size; x++)
        {
            var u = x - turn.Dx - Centre;
            (turnedX[x], turnedY[x]) = (turn.Cos * u, -turn.Sin * u);
        }
    }

    /// <summary>The row's part of the turn, plus the centre: sin v + centre and cos v + centre for v = y - dy - centre.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float X, float Y) RowTurn(Turn turn, int y)
    {
        var v = y - turn.Dy - Centre;
        return ((turn.Sin * v) + Centre, (turn.Cos * v) + Centre);
    }

    /// <summary>
    /// The faintest grey level a resampled pixel keeps; fainter ones become 0. Bilinear sampling spreads a faint halo
    /// around every stroke: a turned digit had 31 % more non-zero pixels than the original (196 against 150 on
    /// average), and the first layer's work grows with them. Below 32 the halo goes and the count is the original's.
    /// </summary>
    internal const int FaintestInk = 32;

    /// <summary>
    /// Bytes after the framed image for the vector warp's 4-byte gathers: the lowest neighbours of a point inside the
    /// ink's box start at most at byte 898 of the 900, so a read goes at most 2 bytes past the end.
    /// </summary>
    private const int GatherMargin = 2;

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
    internal readonly record struct InkBox(float Left, float Right, float Top, float Bottom);
}
