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
    /// <summary>IDX when the (decompressed) file starts with 00 00 08 and 1 or 3 dimensions; CSV otherwise.</summary>
    public static DataFormat Detect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = InputFile.Open(path, out _);
        Span<byte> head = stackalloc byte[4];
        var read = InputFile.ReadFully(stream, head, path, "header");
        return read == 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x08 && head[3] is 1 or 3 ? DataFormat.Idx : DataFormat.Csv;
    }

    /// <summary>Streams the samples of <paramref name="path"/>; for IDX, labels come from <paramref name="labelsPath"/> or the sibling labels file.</summary>
    public static IEnumerable<MnistSample> ReadSamples(string path, string? labelsPath = null, DataFormat format = DataFormat.Auto, Action<MnistRecordException>? onBadRecord = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (format == DataFormat.Auto)
        {
            format = Detect(path);
        }

        return format == DataFormat.Idx
            ? IdxFile.ReadSamples(path, labelsPath ?? IdxFile.FindLabelsFile(path), onBadRecord)
            : KaggleCsv.ReadSamples(path, onBadRecord);
    }
}
