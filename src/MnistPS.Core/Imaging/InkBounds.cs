using System.Runtime.InteropServices;

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
    /// there is none. The ink map's values are at most 1.
    /// </summary>
    /// <remarks>
    /// Pieces are found as runs of stroke pixels along each row, each run joined (union-find) to the runs of the row
    /// above that it touches, diagonals included. A piece's ink is summed in double: every stroke value lies in [0.5, 1],
    /// a multiple of 2^-24, so with at most 2^20 pixels every partial sum is exact and the order of summation does not
    /// matter.
    /// </remarks>
    public static (int X, int Y, int Width, int Height)? Find(GreyImage ink)
    {
        // Each run starts as a piece of its own; a joined set of runs has its smallest index as root.
        List<Piece> runs = [];
        List<int> parent = [];
        var above = 0;
        for (var y = 0; y < ink.Height; y++)
        {
            var row = ink.Row(y);
            var first = runs.Count;
            var touching = above;
            for (var start = PixelKernels.IndexOfAtLeast(row, 0, StrokeLevel); start < row.Length;)
            {
                var end = PixelKernels.IndexOfBelow(row, start, StrokeLevel);
                double mass = 0;
                foreach (var v in row[start..end])
                {
                    mass += v;
                }

                var id = runs.Count;
                runs.Add(new Piece(mass, start, y, end - 1, y));
                parent.Add(id);

                // Runs of the row above that end left of start - 1 touch neither this run nor any later one.
                while (touching < first && runs[touching].X1 < start - 1)
                {
                    touching++;
                }

                for (var r = touching; r < first && runs[r].X0 <= end; r++)
                {
                    Join(parent, id, r);
                }

                start = PixelKernels.IndexOfAtLeast(row, end, StrokeLevel);
            }

            above = first;
        }

        if (runs.Count == 0)
        {
            return null;
        }

        // Gather each piece at its root, which comes before the piece's other runs; those are emptied.
        var pieces = CollectionsMarshal.AsSpan(runs);
        var largest = 0.0;
        for (var i = 0; i < pieces.Length; i++)
        {
            var root = Root(parent, i);
            if (root != i)
            {
                pieces[root] = pieces[root].Merge(pieces[i]);
                pieces[i] = default;
            }

            largest = Math.Max(largest, pieces[root].Mass);
        }

        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        foreach (var piece in pieces)
        {
            if (piece.Mass > 0 && piece.Mass >= SpeckFraction * largest)
            {
                left = Math.Min(left, piece.X0);
                top = Math.Min(top, piece.Y0);
                right = Math.Max(right, piece.X1);
                bottom = Math.Max(bottom, piece.Y1);
            }
        }

        return (left, top, right - left + 1, bottom - top + 1);
    }

    private static int Root(List<int> parent, int i)
    {
        while (parent[i] != i)
        {
            // Path halving: point at the grandparent on the way up.
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Join(List<int> parent, int a, int b)
    {
        int ra = Root(parent, a), rb = Root(parent, b);
        if (ra != rb)
        {
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }

    /// <summary>A stroke piece (or one run of it): its ink and bounding box; an emptied one has no ink.</summary>
    private readonly record struct Piece(double Mass, int X0, int Y0, int X1, int Y1)
    {
        public Piece Merge(Piece other) => new(Mass + other.Mass, Math.Min(X0, other.X0), Math.Min(Y0, other.Y0), Math.Max(X1, other.X1), Math.Max(Y1, other.Y1));
    }
}
