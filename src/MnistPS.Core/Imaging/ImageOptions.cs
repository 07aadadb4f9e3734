namespace MnistPS.Imaging;

/// <summary>Whether to invert an image's intensities before it becomes an MNIST digit (MNIST has light ink on black).</summary>
public enum InvertMode
{
    /// <summary>Invert when the image's background is lighter than its ink (dark ink on paper).</summary>
    Auto,

    /// <summary>Always invert (the digit is dark on a light background).</summary>
    Always,

    /// <summary>Never invert (the digit is already light on a dark background).</summary>
    Never,
}

/// <summary>How a user's image file becomes a 28x28 MNIST digit, and the limits that keep reading it bounded.</summary>
public sealed class ImageOptions
{
    /// <summary>The largest image file read, in bytes (256 MiB).</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>The most pixels decoded from one image (32 megapixels: 128 MB of RGBA); JPEG and WebP are decoded at a reduced size first where that suffices.</summary>
    public const long MaxDecodedPixels = 32_000_000;

    /// <summary>Images are reduced to at most this many pixels on their longer side before normalisation (a digit needs far fewer).</summary>
    public const int WorkingSize = 1024;

    /// <summary>MNIST's digits fit a box of this many pixels, keeping their aspect ratio.</summary>
    public const int DigitBox = 20;

    /// <summary>The formats read, as named in messages.</summary>
    public const string SupportedFormats = "PNG, JPEG, BMP, GIF (first frame) and WebP";

    /// <summary>The default options: MNIST-style normalisation with the polarity detected from the image.</summary>
    public static ImageOptions Default { get; } = new();

    /// <summary>Whether to invert the intensities; Auto decides from the image.</summary>
    public InvertMode Invert { get; init; } = InvertMode.Auto;

    /// <summary>
    /// False takes the image as it is: greyscale, inverted only with <see cref="InvertMode.Always"/>, and stretched to 28x28
    /// without levelling, cropping or centring.
    /// </summary>
    public bool Preprocess { get; init; } = true;
}
