namespace MnistPS.Imaging;

/// <summary>What is wrong with an image file.</summary>
public enum ImageProblem
{
    /// <summary>The file is not an image, or one in a format MnistPS does not read.</summary>
    NotAnImage,

    /// <summary>The file cannot be read at all (access denied, a folder, a device error).</summary>
    Unreadable,

    /// <summary>The image data is truncated or corrupt.</summary>
    Corrupt,

    /// <summary>The file or the image is larger than the documented limits.</summary>
    TooLarge,

    /// <summary>The image shows no ink: it is one flat colour, or nearly so.</summary>
    NoInk,
}

/// <summary>An image file cannot become a digit. The message names the file, what is wrong and what to do.</summary>
public sealed class MnistImageException : MnistDataException
{
    internal MnistImageException(string path, ImageProblem problem, string text, Exception? innerException = null)
        : base(path, string.Empty, text, innerException)
    {
        Kind = problem;
    }

    /// <summary>The kind of problem.</summary>
    public ImageProblem Kind { get; }
}
