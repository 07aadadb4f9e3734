using MnistPS.Imaging;

namespace MnistPS.Tests;

/// <summary>InkBounds finds the same box as a plain flood fill of the stroke pieces.</summary>
public class InkBoundsTests
{
    [Fact]
    public void Boxes_match_a_flood_fill_on_random_ink_maps()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 400; trial++)
        {
            var ink = RandomInk(random, random.Next(1, 60), random.Next(1, 60));
            Assert.Equal(FloodFill(ink), InkBounds.Find(ink));
        }
    }

    [Fact]
    public void Diagonal_neighbours_are_one_piece_and_an_empty_map_has_no_box()
    {
        var ink = new GreyImage(6, 5);
        Assert.Null(InkBounds.Find(ink));

        // A staircase of single pixels is one piece.
        for (var i = 0; i < 5; i++)
        {
            ink[i, i] = 1;
        }

        Assert.Equal((0, 0, 5, 5), InkBounds.Find(ink));
    }

    /// <summary>Blobs of strokes (some touching only diagonally), specks and noise, values in [0, 1].</summary>
    private static GreyImage RandomInk(Random random, int width, int height)
    {
        var ink = new GreyImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                ink[x, y] = random.Next(10) == 0 ? random.NextSingle() : 0;
            }
        }

        for (var blob = random.Next(5); blob > 0; blob--)
        {
            int cx = random.Next(width), cy = random.Next(height), r = random.Next(1, 8);
            for (var y = Math.Max(0, cy - r); y < Math.Min(height, cy + r); y++)
            {
                for (var x = Math.Max(0, cx - r); x < Math.Min(width, cx + r); x++)
                {
                    if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) < r * r || (x + y) % 2 == 0)
                    {
                        ink[x, y] = 0.5f + (random.NextSingle() / 2);
                    }
                }
            }
        }

        return ink;
    }

    /// <summary>The definition: flood-fill each 8-connected piece, keep those with at least 2 % of the largest's ink.</summary>
    private static (int X, int Y, int Width, int Height)? FloodFill(GreyImage ink)
    {
        int width = ink.Width, height = ink.Height;
        var seen = new bool[width, height];
        List<(double Mass, int X0, int Y0, int X1, int Y1)> pieces = [];
        for (var sy = 0; sy < height; sy++)
        {
            for (var sx = 0; sx < width; sx++)
            {
                if (seen[sx, sy] || ink[sx, sy] < InkBounds.StrokeLevel)
                {
                    continue;
                }

                double mass = 0;
                int x0 = width, y0 = height, x1 = -1, y1 = -1;
                var stack = new Stack<(int X, int Y)>();
                seen[sx, sy] = true;
                stack.Push((sx, sy));
                while (stack.TryPop(out var p))
                {
                    mass += ink[p.X, p.Y];
                    (x0, y0, x1, y1) = (Math.Min(x0, p.X), Math.Min(y0, p.Y), Math.Max(x1, p.X), Math.Max(y1, p.Y));
                    for (var ny = Math.Max(0, p.Y - 1); ny <= Math.Min(height - 1, p.Y + 1); ny++)
                    {
                        for (var nx = Math.Max(0, p.X - 1); nx <= Math.Min(width - 1, p.X + 1); nx++)
                        {
                            if (!seen[nx, ny] && ink[nx, ny] >= InkBounds.StrokeLevel)
                            {
                                seen[nx, ny] = true;
                                stack.Push((nx, ny));
                            }
                        }
                    }
                }

                pieces.Add((mass, x0, y0, x1, y1));
            }
        }

        if (pieces.Count == 0)
        {
            return null;
        }

        var kept = pieces.Where(p => p.Mass >= InkBounds.SpeckFraction * pieces.Max(q => q.Mass)).ToList();
        int left = kept.Min(p => p.X0), top = kept.Min(p => p.Y0);
        return (left, top, kept.Max(p => p.X1) - left + 1, kept.Max(p => p.Y1) - top + 1);
    }
}
