namespace MnistPS;

/// <summary>The image transforms of data augmentation (the random moves come from <see cref="Noise"/>).</summary>
internal static class Augmentation
{
    /// <summary>
    /// Writes <paramref name="source"/> moved by (dx, dy) pixels and turned by <paramref name="degrees"/> about the
    /// image centre into <paramref name="destination"/>; pixels from outside the image are 0. Without rotation the
    /// move is an exact copy; with rotation each pixel is sampled bilinearly.
    /// </summary>
    public static void Transform(ReadOnlySpan<byte> source, Span<byte> destination, int dx, int dy, double degrees)
    {
        const int size = MnistSample.Rows;
        if (source.Length != MnistSample.PixelCount || destination.Length != MnistSample.PixelCount)
        {
            throw new ArgumentException("Images are 28x28.", nameof(source));
        }

        if (degrees == 0)
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

        // Inverse map: destination (x, y) comes from the source point rotated back by -degrees about the centre.
        var radians = degrees * Math.PI / 180;
        double cos = Math.Cos(radians), sin = Math.Sin(radians), centre = (size - 1) / 2.0;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                double u = x - dx - centre, v = y - dy - centre;
                var sx = (cos * u) + (sin * v) + centre;
                var sy = (-sin * u) + (cos * v) + centre;
                destination[(y * size) + x] = Bilinear(source, sx, sy);
            }
        }
    }

    private static byte Bilinear(ReadOnlySpan<byte> image, double x, double y)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        var value = ((1 - fx) * (1 - fy) * Pixel(image, x0, y0)) + (fx * (1 - fy) * Pixel(image, x0 + 1, y0))
            + ((1 - fx) * fy * Pixel(image, x0, y0 + 1)) + (fx * fy * Pixel(image, x0 + 1, y0 + 1));
        return (byte)Math.Clamp(Math.Round(value), 0, 255);
    }

    private static double Pixel(ReadOnlySpan<byte> image, int x, int y) =>
        x is < 0 or >= MnistSample.Columns || y is < 0 or >= MnistSample.Rows ? 0 : image[(y * MnistSample.Columns) + x];
}
