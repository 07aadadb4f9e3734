namespace MnistPS.Imaging;

/// <summary>A greyscale image of intensities 0..255 as floats, row by row.</summary>
internal sealed class GreyImage
{
    public GreyImage(int width, int height)
        : this(width, height, new float[checked(width * height)])
    {
    }

    public GreyImage(int width, int height, float[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != width * height)
        {
            throw new ArgumentException($"A {width}x{height} image has {width * height} pixels; got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public float[] Pixels { get; }

    public Span<float> Row(int y) => Pixels.AsSpan(y * Width, Width);

    public float this[int x, int y]
    {
        get => Pixels[(y * Width) + x];
        set => Pixels[(y * Width) + x] = value;
    }
}
