namespace MnistPS.Imaging;

/// <summary>
/// A greyscale image of intensities 0..255 as floats, one array per row: rows are small objects, so a decoded photo is
/// not one large-object-heap array per image.
/// </summary>
internal sealed class GreyImage
{
    private readonly float[][] _rows;

    public GreyImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        _rows = new float[height][];
        for (var y = 0; y < height; y++)
        {
            _rows[y] = new float[width];
        }
    }

    public int Width { get; }

    public int Height { get; }

    public Span<float> Row(int y) => _rows[y];

    public float this[int x, int y]
    {
        get => _rows[y][x];
        set => _rows[y][x] = value;
    }
}
