namespace MnistPS.Imaging;

/// <summary>Finds the digit in an ink map: the bounding box of the strokes, ignoring specks of dust and noise.</summary>
internal static class InkBounds
{
    /// <summary>A pixel belongs to a stroke from this ink level (0..1) up.</summary>
    public const float StrokeLevel = 0.5f;

    /// <summary>Stroke pieces with less than this fraction of the largest piece's ink are specks, not part of the digit.</summary>
    public const float SpeckFraction = 0.02f;

    /// <summary>
    /// The bounding box (x, y, width, height) of the stroke pieces (8-connected pixels at or above
    /// <see cref="StrokeLevel"/>) that hold at least <see cref="SpeckFraction"/> of the largest piece's ink; null when
    /// there is none.
    /// </summary>
    public static (int X, int Y, int Width, int Height)? Find(GreyImage ink)
    {
        int width = ink.Width, height = ink.Height;
        var label = new int[width * height];
        List<(double Mass, int X0, int Y0, int X1, int Y1)> pieces = [];
        var stack = new Stack<int>();
        for (var start = 0; start < label.Length; start++)
        {
            if (label[start] != 0 || ink[start % width, start / width] < StrokeLevel)
            {
                continue;
            }

            // Flood-fill one piece, accumulating its ink and extent.
            var id = pieces.Count + 1;
            double mass = 0;
            int x0 = width, y0 = height, x1 = -1, y1 = -1;
            label[start] = id;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                int px = p % width, py = p / width;
                mass += ink[px, py];
                x0 = Math.Min(x0, px);
                x1 = Math.Max(x1, px);
                y0 = Math.Min(y0, py);
                y1 = Math.Max(y1, py);
                for (var ny = Math.Max(0, py - 1); ny <= Math.Min(height - 1, py + 1); ny++)
                {
                    for (var nx = Math.Max(0, px - 1); nx <= Math.Min(width - 1, px + 1); nx++)
                    {
                        var q = (ny * width) + nx;
                        if (label[q] == 0 && ink[nx, ny] >= StrokeLevel)
                        {
                            label[q] = id;
                            stack.Push(q);
                        }
                    }
                }
            }

            pieces.Add((mass, x0, y0, x1, y1));
        }

        if (pieces.Count == 0)
        {
            return null;
        }

        var largest = pieces.Max(p => p.Mass);
        int left = width, top = height, right = -1, bottom = -1;
        foreach (var piece in pieces.Where(p => p.Mass >= SpeckFraction * largest))
        {
            left = Math.Min(left, piece.X0);
            top = Math.Min(top, piece.Y0);
            right = Math.Max(right, piece.X1);
            bottom = Math.Max(bottom, piece.Y1);
        }

        return (left, top, right - left + 1, bottom - top + 1);
    }
}
