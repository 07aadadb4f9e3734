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
    public static void Transform(ReadOnlySpan<byte> source, Span<byte> destination, int dx, int dy, double degrees, ReadOnlySpan<float> fieldX = default, ReadOnlySpan<float> fieldY = default)
    {
        const int size = MnistSample.Rows;
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
        Span<byte> framed = stackalloc byte[Framed * Framed];
        framed.Clear();
        for (var y = 0; y < size; y++)
        {
            source.Slice(y * size, size).CopyTo(framed[(((y + 1) * Framed) + 1)..]);
        }

        var radians = degrees * Math.PI / 180;
        float cos = (float)Math.Cos(radians), sin = (float)Math.Sin(radians);
        const float centre = (size - 1) / 2f;
        for (var y = 0; y < size; y++)
        {
            var v = y - dy - centre;
            float rowX = (sin * v) + centre, rowY = (cos * v) + centre;
            for (var x = 0; x < size; x++)
            {
                var u = x - dx - centre;
                var i = (y * size) + x;
                float sx = (cos * u) + rowX, sy = (-sin * u) + rowY;
                if (elastic)
                {
                    sx += fieldX[i];
                    sy += fieldY[i];
                }

                destination[i] = Bilinear(framed, sx, sy);
            }
        }
    }

    /// <summary>The side of the source image in its frame of zeros.</summary>
    private const int Framed = MnistSample.Rows + 2;

    /// <summary>The framed image at (x, y), interpolated bilinearly and rounded; 0 beyond a pixel of the image.</summary>
    private static byte Bilinear(ReadOnlySpan<byte> framed, float x, float y)
    {
        if (!(x > -1f && x < MnistSample.Columns && y > -1f && y < MnistSample.Rows))
        {
            return 0;
        }

        // x + 1 and y + 1 are positive here, so truncation is the floor.
        int x0 = (int)(x + 1f) - 1, y0 = (int)(y + 1f) - 1;
        float fx = x - x0, fy = y - y0;
        var at = ((y0 + 1) * Framed) + x0 + 1;
        float p00 = framed[at], p01 = framed[at + 1], p10 = framed[at + Framed], p11 = framed[at + Framed + 1];
        var top = p00 + (fx * (p01 - p00));
        var bottom = p10 + (fx * (p11 - p10));
        return (byte)(top + (fy * (bottom - top)) + 0.5f);
    }
}
