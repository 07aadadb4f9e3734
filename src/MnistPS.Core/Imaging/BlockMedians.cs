namespace MnistPS.Imaging;

/// <summary>
/// The median of each block of an image (squares of about an eighth of its longer side, at least 4 pixels, the last
/// column and row of blocks cut by the image's edges) and the histogram of the whole image, counted in one pass, a band
/// of blocks at a time. <see cref="InkMap.LevelBackground"/> levels the medians; the whole histogram gives Otsu's
/// threshold.
/// </summary>
internal sealed class BlockMedians
{
    /// <summary>The median bin of block (bx, by) at (by * Columns) + bx.</summary>
    private float[] _medians;

    /// <summary>The median bin of each block's bins mirrored: the median after inversion, when every value is a whole level.</summary>
    private float[] _mirrored;

    private BlockMedians(GreyImage image)
    {
        Width = image.Width;
        Height = image.Height;
        Block = Math.Max(4, (Math.Max(Width, Height) + 7) / 8);
        Columns = (Width + Block - 1) / Block;
        Rows = (Height + Block - 1) / Block;
        (Whole, _medians, _mirrored) = Count(image);
    }

    /// <summary>The image's width and height.</summary>
    public int Width { get; }

    public int Height { get; }

    /// <summary>The side of a block.</summary>
    public int Block { get; }

    public int Columns { get; }

    public int Rows { get; }

    /// <summary>The histogram of the whole image.</summary>
    public Histogram Whole { get; private set; }

    /// <summary>The block medians and whole histogram of <paramref name="image"/>.</summary>
    public static BlockMedians Of(GreyImage image) => new(image);

    /// <summary>The median bin of block (bx, by), as <see cref="Histogram.Median"/> gives it.</summary>
    public float Median(int bx, int by) => _medians[(by * Columns) + bx];

    /// <summary>
    /// Makes these the medians and histogram of <paramref name="inverted"/>, the image they were counted from with each
    /// value v made 255 - v. When every value is a whole level 0..255, bin(255 - v) = 255 - bin(v): the medians are those
    /// of the mirrored bins and the histogram is mirrored. Otherwise (averaged or translucent pixels) they are counted
    /// again.
    /// </summary>
    public void Invert(GreyImage inverted)
    {
        if (inverted.Width != Width || inverted.Height != Height)
        {
            throw new ArgumentException("The inverted image differs in size.", nameof(inverted));
        }

        for (var y = 0; y < Height; y++)
        {
            if (!PixelKernels.AreWholeLevels(inverted.Row(y)))
            {
                (Whole, _medians, _mirrored) = Count(inverted);
                return;
            }
        }

        (_medians, _mirrored) = (_mirrored, _medians);
        Whole.Mirror();
    }

    private (Histogram Whole, float[] Medians, float[] Mirrored) Count(GreyImage image)
    {
        // group[x] is the offset of pixel column x's block in the counts of a band of blocks.
        var group = new int[Width];
        for (var x = 0; x < Width; x++)
        {
            group[x] = (x / Block) * 256;
        }

        var counts = new int[Columns * 256];
        var total = new int[256];
        var mirrored = new int[256];
        var (medians, mirroredMedians) = (new float[Columns * Rows], new float[Columns * Rows]);
        for (var by = 0; by < Rows; by++)
        {
            var (top, bottom) = (by * Block, Math.Min((by + 1) * Block, Height));
            for (var y = top; y < bottom; y++)
            {
                PixelKernels.CountBins(image.Row(y), group, counts);
            }

            for (var bx = 0; bx < Columns; bx++)
            {
                var bins = counts.AsSpan(bx * 256, 256);
                var pixels = (bottom - top) * (Math.Min((bx + 1) * Block, Width) - (bx * Block));
                medians[(by * Columns) + bx] = Histogram.Median(bins, pixels);
                bins.CopyTo(mirrored);
                mirrored.AsSpan().Reverse();
                mirroredMedians[(by * Columns) + bx] = Histogram.Median(mirrored, pixels);
                PixelKernels.AddCounts(bins, total);
            }

            Array.Clear(counts);
        }

        var whole = new Histogram();
        whole.AddCounts(total);
        return (whole, medians, mirroredMedians);
    }
}
