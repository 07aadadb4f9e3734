namespace MnistPS;

/// <summary>The file formats MnistPS reads.</summary>
public enum DataFormat
{
    /// <summary>Decide from the file's first bytes (after gzip decompression).</summary>
    Auto,

    /// <summary>Kaggle-style CSV.</summary>
    Csv,

    /// <summary>LeCun's IDX images file.</summary>
    Idx,
}

/// <summary>Reads any supported data file, choosing the reader from the content, not the name.</summary>
public static class DataFile
{
    /// <summary>
    /// IDX when the (decompressed) file starts with binary bytes (a control character other than tab, CR or LF,
    /// as every IDX magic number does); CSV otherwise. A binary file that is not IDX then fails with the IDX reader's message
    /// about its magic number rather than as a CSV header. An image file (PNG, JPEG, ...) is refused with a pointer to the image reader.
    /// </summary>
    public static DataFormat Detect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = InputFile.Open(path, out _);
        Span<byte> head = stackalloc byte[12];
        var read = InputFile.ReadFully(stream, head, path, "header");
        if (Imaging.ImageSignature.IsSupportedFormat(head[..read]))
        {
            throw new MnistFormatException(path, string.Empty, "this is an image, not a data file. Read image files with Import-MnistImage (DigitImage.Read in the engine).");
        }

        foreach (var b in head[..Math.Min(read, 4)])
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                return DataFormat.Idx;
            }
        }

        return DataFormat.Csv;
    }

    /// <summary>
    /// Streams the samples of <paramref name="path"/>; for IDX, labels come from <paramref name="labelsPath"/> or the sibling
    /// labels file; for CSV, fields are separated by <paramref name="delimiter"/>, detected when null (<see cref="CsvDelimiter.Detect"/>).
    /// A file that cannot be read throws <see cref="MnistReadException"/>, a broken one <see cref="MnistFormatException"/>.
    /// </summary>
    public static IEnumerable<MnistSample> ReadSamples(string path, string? labelsPath = null, DataFormat format = DataFormat.Auto, Action<MnistRecordException>? onBadRecord = null, char? delimiter = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (format == DataFormat.Auto)
        {
            format = Detect(path);
        }

        return format == DataFormat.Idx
            ? IdxFile.ReadSamples(path, labelsPath ?? IdxFile.FindLabelsFile(path), onBadRecord)
            : KaggleCsv.ReadSamples(path, onBadRecord, delimiter);
    }
}
