namespace MnistPS.Imaging;

/// <summary>
/// Measures how thick a digit's strokes are and thickens strokes that are much thinner than MNIST's, as a fine pen
/// photographed from afar gives (MNIST's strokes are about 2 pixels wide in the 20-pixel box; a ballpoint pen on a
/// digit a few centimetres tall gives about 1).
/// </summary>
internal static class StrokeWidth
{
    /// <summary>Strokes thinner than this (pixels of the 20-pixel box, measured at 4x) are thickened.</summary>
    public const float Thin = 1.3f;

    /// <summary>
    /// The width thin strokes are brought to, measured at 4x. Calibrated so that a digit drawn with any pen comes out as
    /// thick as MNIST's: 2A/P at level 128 of the 28x28 result is 1.6-2.4 for pens of 2 to 30 pixels on a 280-pixel
    /// canvas, where MNIST's test digits have 1.46 at the 10th percentile, 2.0 at the median and 2.8 at the 90th.
    /// </summary>
    public const float Target = 2.8f;

    /// <summary>Thin strokes are thickened at this many times the final resolution, then scaled down.</summary>
    public const int Detail = 4;

    /// <summary>
    /// The mean stroke width of an ink map (0..1), in pixels: 2A / P for the pixels at 0.5 or more, where A is their
    /// count and P the number of their edges that border a pixel below 0.5 (a stroke of length L and width w has
    /// A = L w and P = 2 L). 0 when there is no ink.
    /// </summary>
    public static float Of(GreyImage ink)
    {
        long area = 0, perimeter = 0;
        for (var y = 0; y < ink.Height; y++)
        {
            for (var x = 0; x < ink.Width; x++)
            {
                if (ink[x, y] < 0.5f)
                {
                    continue;
                }

                area++;
                perimeter += (x == 0 || ink[x - 1, y] < 0.5f ? 1 : 0) + (x == ink.Width - 1 || ink[x + 1, y] < 0.5f ? 1 : 0)
                    + (y == 0 || ink[x, y - 1] < 0.5f ? 1 : 0) + (y == ink.Height - 1 || ink[x, y + 1] < 0.5f ? 1 : 0);
            }
        }

        return perimeter == 0 ? 0 : 2f * area / perimeter;
    }

    /// <summary>Ink at or above this level (0..1) is part of a stroke when restoring faded strokes; below it is fringe.</summary>
    public const float Fringe = 0.1f;

    /// <summary>
    /// Brings strokes that faded to grey when a fine pen was scaled down back to full ink, in place: v' = min(1, v / m),
    /// where m is the median of the stroke pixels (at or above <see cref="Fringe"/>), when m is below 1.
    /// </summary>
    public static void Restore(GreyImage ink)
    {
        var levels = new List<float>();
        for (var y = 0; y < ink.Height; y++)
        {
            foreach (var v in ink.Row(y))
            {
                if (v >= Fringe)
                {
                    levels.Add(v);
                }
            }
        }

        if (levels.Count == 0)
        {
            return;
        }

        levels.Sort();
        var median = levels[levels.Count / 2];
        for (var y = 0; median < 1 && y < ink.Height; y++)
        {
            foreach (ref var v in ink.Row(y))
            {
                v = Math.Min(1, v / median);
            }
        }
    }

    /// <summary>Greyscale dilation by a disc: out(p) = max of ink(q) over |q - p| &lt;= <paramref name="radius"/>.</summary>
    public static GreyImage Dilate(GreyImage ink, float radius)
    {
        var reach = (int)radius;
        List<(int Dx, int Dy)> disc = [];
        for (var dy = -reach; dy <= reach; dy++)
        {
            for (var dx = -reach; dx <= reach; dx++)
            {
                if ((dx * dx) + (dy * dy) <= radius * radius)
                {
                    disc.Add((dx, dy));
                }
            }
        }

        var result = new GreyImage(ink.Width, ink.Height);
        for (var y = 0; y < ink.Height; y++)
        {
            for (var x = 0; x < ink.Width; x++)
            {
                var most = 0f;
                foreach (var (dx, dy) in disc)
                {
                    int qx = x + dx, qy = y + dy;
                    if (qx >= 0 && qy >= 0 && qx < ink.Width && qy < ink.Height)
                    {
                        most = Math.Max(most, ink[qx, qy]);
                    }
                }

                result[x, y] = most;
            }
        }

        return result;
    }
}
