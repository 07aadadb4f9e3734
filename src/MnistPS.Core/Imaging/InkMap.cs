namespace MnistPS.Imaging;

/// <summary>
/// Turns a greyscale image into an ink map: polarity chosen (ink bright, paper dark), the background levelled out, and
/// intensities stretched so that paper is 0 and solid ink 1.
/// </summary>
internal static class InkMap
{
    /// <summary>Ink must stand at least this many grey levels above the paper around it.</summary>
    public const int MinContrast = 24;

    /// <summary>
    /// Whether the background is the lighter side: the median of the image's border lies above Otsu's threshold of the
    /// whole image (whose histogram <paramref name="blocks"/> holds).
    /// </summary>
    public static bool HasLightBackground(GreyImage image, BlockMedians blocks)
    {
        var border = new Histogram();
        var margin = Math.Max(1, Math.Min(image.Width, image.Height) / 20);
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            if (y < margin || y >= image.Height - margin || 2 * margin >= row.Length)
            {
                border.Add(row);
            }
            else
            {
                border.Add(row[..margin]);
                border.Add(row[^margin..]);
            }
        }

        var threshold = blocks.Whole.OtsuThreshold();
        return threshold >= 0 ? border.Quantile(0.5) > threshold : border.Quantile(0.5) >= 128;
    }

    /// <summary>255 - v for every pixel, in place.</summary>
    public static void Invert(GreyImage image)
    {
        for (var y = 0; y < image.Height; y++)
        {
            PixelKernels.Invert(image.Row(y));
        }
    }

    /// <summary>
    /// Subtracts the background in place: the median of each block (<paramref name="blocks"/>, of the image as it is
    /// now), lowered to the smallest median among its neighbours (so that blocks filled by a thick stroke take the
    /// paper around them), and interpolated bilinearly between block centres. Values below the background become 0.
    /// </summary>
    public static void LevelBackground(GreyImage image, BlockMedians blocks)
    {
        if (blocks.Width != image.Width || blocks.Height != image.Height)
        {
            throw new ArgumentException("The block medians are of an image of another size.", nameof(blocks));
        }

        var (block, columns, rows) = (blocks.Block, blocks.Columns, blocks.Rows);
        var levels = new float[columns * rows];
        for (var by = 0; by < rows; by++)
        {
            for (var bx = 0; bx < columns; bx++)
            {
                var lowest = float.MaxValue;
                for (var ny = Math.Max(0, by - 1); ny <= Math.Min(rows - 1, by + 1); ny++)
                {
                    for (var nx = Math.Max(0, bx - 1); nx <= Math.Min(columns - 1, bx + 1); nx++)
                    {
                        lowest = Math.Min(lowest, blocks.Median(nx, ny));
                    }
                }

                levels[(by * columns) + bx] = lowest;
            }
        }

        // Bilinear interpolation: first down the block columns left and right of each pixel column (x0 and x1 of its
        // Between), then across. Per band of rows between two block centres, each column's pair of levels and their
        // steps down to the next block row are laid out as rows, so that each image row is one kernel call.
        var fx = new float[image.Width];
        var x0 = new int[image.Width];
        var x1 = new int[image.Width];
        for (var x = 0; x < image.Width; x++)
        {
            (x0[x], x1[x], fx[x]) = Between(x, block, columns);
        }

        var (left, leftStep, right, rightStep) = (new float[image.Width], new float[image.Width], new float[image.Width], new float[image.Width]);
        var band = (First: -1, Second: -1);
        for (var y = 0; y < image.Height; y++)
        {
            var (y0, y1, fy) = Between(y, block, rows);
            if (band != (y0, y1))
            {
                band = (y0, y1);
                for (var x = 0; x < image.Width; x++)
                {
                    left[x] = levels[(y0 * columns) + x0[x]];
                    leftStep[x] = levels[(y1 * columns) + x0[x]] - left[x];
                    right[x] = levels[(y0 * columns) + x1[x]];
                    rightStep[x] = levels[(y1 * columns) + x1[x]] - right[x];
                }
            }

            PixelKernels.SubtractBilinear(image.Row(y), fx, fy, left, leftStep, right, rightStep);
        }
    }

    /// <summary>
    /// Maps paper to 0 and solid ink to 1, in place: v' = clamp((v - lo) / (hi - lo)), where Otsu's threshold splits paper
    /// from ink, lo is the paper's mean plus three standard deviations (its noise) and hi is the median of the ink.
    /// Returns false when there is no ink: no split, or ink less than <see cref="MinContrast"/> levels above lo.
    /// </summary>
    public static bool Stretch(GreyImage image)
    {
        var histogram = Histogram.Of(image);
        var threshold = histogram.OtsuThreshold();
        if (threshold < 0)
        {
            return false;
        }

        var (mean, deviation) = histogram.Moments(0, threshold);
        var lo = (float)Math.Min(mean + (3 * deviation), threshold);
        var hi = (float)histogram.Quantile(0.5, threshold + 1, 255);
        if (hi - lo < MinContrast)
        {
            return false;
        }

        var scale = 1 / (hi - lo);
        for (var y = 0; y < image.Height; y++)
        {
            PixelKernels.Stretch(image.Row(y), lo, scale);
        }

        return true;
    }

    /// <summary>The two block centres around pixel p and its fraction of the way from the first to the second.</summary>
    private static (int First, int Second, float Fraction) Between(int p, int block, int count)
    {
        var position = ((p + 0.5f) / block) - 0.5f;
        if (position <= 0)
        {
            return (0, 0, 0);
        }

        var first = (int)position;
        if (first >= count - 1)
        {
            return (count - 1, count - 1, 0);
        }

        return (first, first + 1, position - first);
    }
}
