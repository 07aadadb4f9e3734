namespace MnistPS.Imaging;

/// <summary>Reads a user's image file (PNG, JPEG, BMP, GIF, WebP) as an MNIST digit.</summary>
public static class DigitImage
{
    /// <summary>The digit in the image file <paramref name="path"/>, as a sample whose Source is the path and whose Index is <paramref name="index"/> (a position among the files read together).</summary>
    /// <exception cref="MnistImageException">The file cannot be read, is not a supported image, is too large or shows no digit.</exception>
    public static MnistSample Read(string path, ImageOptions? options = null, int? label = null, long index = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Decode(ImageDecoder.ReadFile(path), path, options, label, index);
    }

    /// <summary>The digit in an encoded image; <paramref name="source"/> names it in errors and becomes the sample's Source.</summary>
    /// <exception cref="MnistImageException">The bytes are not a supported image, are too large or show no digit.</exception>
    public static MnistSample Decode(ReadOnlySpan<byte> encoded, string source, ImageOptions? options = null, int? label = null, long index = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= ImageOptions.Default;
        var pixels = MnistNormalizer.Normalize(ImageDecoder.Decode(encoded, source), options, source);
        return MnistSample.Adopt(pixels, label, source, index);
    }
}
