using System.Collections.ObjectModel;

namespace MnistPS;

/// <summary>One 28x28 greyscale digit, with its label when the source has one.</summary>
public sealed class MnistSample
{
    /// <summary>Rows of an MNIST image.</summary>
    public const int Rows = 28;

    /// <summary>Columns of an MNIST image.</summary>
    public const int Columns = 28;

    /// <summary>Pixels of an MNIST image (28 x 28).</summary>
    public const int PixelCount = Rows * Columns;

    /// <summary>Number of classes (digits 0 to 9).</summary>
    public const int ClassCount = 10;

    private readonly byte[] _pixels;

    /// <summary>Creates a sample from a copy of <paramref name="pixels"/> (784 intensities 0..255, row by row).</summary>
    public MnistSample(ReadOnlySpan<byte> pixels, int? label, string? source = null, long index = -1)
        : this(CheckCount(pixels).ToArray(), label, source, index)
    {
    }

    private MnistSample(byte[] pixels, int? label, string? source, long index)
    {
        if (label is < 0 or >= ClassCount)
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, "A label is a digit from 0 to 9.");
        }

        _pixels = pixels;
        Label = label;
        Source = source;
        Index = index;
        Pixels = new ReadOnlyCollection<byte>(pixels);
    }

    /// <summary>The digit this image shows, or null for unlabelled data (like Kaggle's test.csv).</summary>
    public int? Label { get; }

    /// <summary>784 pixel intensities 0..255, row by row.</summary>
    public IReadOnlyList<byte> Pixels { get; }

    /// <summary>The file or dataset the sample came from, if known.</summary>
    public string? Source { get; }

    /// <summary>The 0-based position of the sample in its source, or -1.</summary>
    public long Index { get; }

    /// <summary>The pixels as a span, for engine code.</summary>
    public ReadOnlySpan<byte> GetPixelSpan() => _pixels;

    /// <inheritdoc />
    public override string ToString() => Label is { } l ? $"MnistSample #{Index} (label {l})" : $"MnistSample #{Index} (unlabelled)";

    /// <summary>A sample that keeps <paramref name="pixels"/> itself (no copy): for readers that made the array for it and never touch it again.</summary>
    internal static MnistSample Adopt(byte[] pixels, int? label, string? source, long index)
    {
        CheckCount(pixels);
        return new(pixels, label, source, index);
    }

    private static ReadOnlySpan<byte> CheckCount(ReadOnlySpan<byte> pixels) =>
        pixels.Length == PixelCount ? pixels : throw new ArgumentException($"An MNIST image has {PixelCount} pixels (28x28); got {pixels.Length}.", nameof(pixels));
}
