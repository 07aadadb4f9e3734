namespace MnistPS.Imaging;

/// <summary>
/// The 256-bin histograms of an image's blocks: squares of about an eighth of its longer side (at least 4 pixels), the
/// last column and row of blocks cut by the image's edges. They give the whole image's histogram as their sum, and the
/// local medians that <see cref="InkMap.LevelBackground"/> levels.
/// </summary>
internal sealed class BlockHistograms
{
    /// <summary>The bins of block (bx, by) start at ((by * Columns) + bx) * 256.</summary>
    private readonly int[] _counts;

    private BlockHistograms(int width, int height)
    {
        Width = width;
        Height = height;
        Block = Math.Max(4, (Math.Max(width, height) + 7) / 8);
        Columns = (width + Block - 1) / Block;
        Rows = (height + Block - 1) / Block;
        _counts = new int[Columns * Rows * 256];
    }

    /// <summary>The image's width and height.</summary>
    public int Width { get; }

    public int Height { get; }

    /// <summary>The side of a block.</summary>
    public int Block { get; }

    public int Columns { get; }

    public int Rows { get; }

    /// <summary>The histograms of the blocks of <paramref name="image"/>, counted in one pass.</summary>
    public static BlockHistograms Of(GreyImage image)
    {
        var blocks = new BlockHistograms(image.Width, image.Height);
        blocks.Count(image);
        return blocks;
    }

    /// <summary>The histogram of the whole image.</summary>
    public Histogram Whole()
    {
        var sum = new int[256];
        for (var b = 0; b < Columns * Rows; b++)
        {
            PixelKernels.AddCounts(_counts.AsSpan(b * 256, 256), sum);
        }

        var whole = new Histogram();
        whole.AddCounts(sum);
        return whole;
    }

    /// <summary>The 256 bin counts of block (bx, by).</summary>
    public ReadOnlySpan<int> Bins(int bx, int by) => _counts.AsSpan(((by * Columns) + bx) * 256, 256);

    /// <summary>The median bin of block (bx, by), as <see cref="Histogram.Median"/> gives it.</summary>
    public int Median(int bx, int by)
    {
        var pixels = (Math.Min((by + 1) * Block, Height) - (by * Block)) * (Math.Min((bx + 1) * Block, Width) - (bx * Block));
        return Histogram.Median(Bins(bx, by), pixels);
    }

    /// <summary>
    /// Makes these the histograms of <paramref name="inverted"/>, the image they were counted from with each value v made
    /// 255 - v. When every value is a whole level 0..255, bin(255 - v) = 255 - bin(v) and the bins are mirrored; otherwise
    /// (averaged or translucent pixels) they are counted again.
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
                Array.Clear(_counts);
                Count(inverted);
                return;
            }
        }

        for (var b = 0; b < Columns * Rows; b++)
        {
            _counts.AsSpan(b * 256, 256).Reverse();
        }
    }

    private void Count(GreyImage image)
    {
        // group[x] is the offset of pixel column x's block within a row of blocks.
        var group = new int[Width];
        for (var x = 0; x < Width; x++)
        {
            group[x] = (x / Block) * 256;
        }

        for (var y = 0; y < Height; y++)
        {
            PixelKernels.CountBins(image.Row(y), group, _counts.AsSpan((y / Block) * Columns * 256, Columns * 256));
        }
    }
}
