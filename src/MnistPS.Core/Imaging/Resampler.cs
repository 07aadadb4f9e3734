namespace MnistPS.Imaging;

/// <summary>Resizes images with anti-aliasing: area averaging when shrinking, bilinear interpolation when enlarging.</summary>
internal static class Resampler
{
    /// <summary>The region (x, y, width, height) of <paramref name="source"/> resized to <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static GreyImage Resize(GreyImage source, (int X, int Y, int Width, int Height) region, int width, int height)
    {
        if (region.X < 0 || region.Y < 0 || region.Width <= 0 || region.Height <= 0
            || region.X + region.Width > source.Width || region.Y + region.Height > source.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(region), region, "The region lies outside the image.");
        }

        var columns = Weights(region.X, region.Width, width);
        var rows = Weights(region.Y, region.Height, height);

        // Horizontal pass over the region's rows, then vertical pass: out(x, y) = sum_j sum_i wy_j wx_i src(i, j).
        var horizontal = new GreyImage(width, region.Height);
        for (var y = 0; y < region.Height; y++)
        {
            var src = source.Row(region.Y + y);
            var dst = horizontal.Row(y);
            for (var x = 0; x < width; x++)
            {
                var (first, weights) = columns[x];
                float sum = 0;
                for (var k = 0; k < weights.Length; k++)
                {
                    sum += weights[k] * src[first + k];
                }

                dst[x] = sum;
            }
        }

        var result = new GreyImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var (first, weights) = rows[y];
            var dst = result.Row(y);
            for (var k = 0; k < weights.Length; k++)
            {
                var src = horizontal.Row(first - region.Y + k);
                var w = weights[k];
                for (var x = 0; x < width; x++)
                {
                    dst[x] += w * src[x];
                }
            }
        }

        return result;
    }

    /// <summary>
    /// For each of <paramref name="count"/> output pixels, the first source index and the normalised weights of the source
    /// pixels it covers. Output pixel i is centred at start + (i + 0.5) s with s = length / count; shrinking weighs each
    /// source pixel by its overlap with [c - s/2, c + s/2], enlarging by the tent max(0, 1 - |j + 0.5 - c|).
    /// </summary>
    private static (int First, float[] Weights)[] Weights(int start, int length, int count)
    {
        var scale = (double)length / count;
        var radius = scale >= 1 ? scale / 2 : 1;
        var result = new (int, float[])[count];
        for (var i = 0; i < count; i++)
        {
            var centre = start + ((i + 0.5) * scale);
            var first = Math.Max(start, (int)Math.Floor(centre - radius));
            var last = Math.Min(start + length - 1, (int)Math.Ceiling(centre + radius));
            var weights = new float[last - first + 1];
            double total = 0;
            for (var j = first; j <= last; j++)
            {
                var w = scale >= 1
                    ? Math.Max(0, Math.Min(j + 1, centre + radius) - Math.Max(j, centre - radius))
                    : Math.Max(0, 1 - Math.Abs(j + 0.5 - centre));
                weights[j - first] = (float)w;
                total += w;
            }

            for (var k = 0; k < weights.Length; k++)
            {
                weights[k] = (float)(weights[k] / total);
            }

            result[i] = (first, weights);
        }

        return result;
    }
}
