using System.Buffers.Binary;
using System.IO.Compression;

namespace MnistPS;

/// <summary>
/// Reads and writes the original MNIST IDX files (LeCun's format), raw or gzip-compressed.
/// Images: magic 0x00000803, count, 28, 28, then count*784 bytes. Labels: magic 0x00000801, count, then count bytes 0..9.
/// All integers are big-endian.
/// </summary>
public static partial class IdxFile
{
    /// <summary>Magic number of an images file: unsigned bytes, three dimensions.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a labels file: unsigned bytes, one dimension.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Images read at once when loading.</summary>
    private const int ChunkImages = 4096;

    /// <summary>Images read at once when streaming: small, so memory stays bounded and the first samples come at once.</summary>
    private const int StreamImages = 64;

    /// <summary>The labels file beside an images file ("train-images-idx3-ubyte[.gz]" -> "train-labels-idx1-ubyte[.gz]"), or null.</summary>
    public static string? FindLabelsFile(string imagesPath)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        var directory = Path.GetDirectoryName(imagesPath) ?? string.Empty;
        var name = Path.GetFileName(imagesPath);
        var labelsName = name.Replace("images", "labels", StringComparison.Ordinal).Replace("idx3", "idx1", StringComparison.Ordinal);
        if (labelsName == name)
        {
            return null;
        }

        var stem = labelsName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? labelsName[..^3] : labelsName;
        foreach (var candidate in new[] { labelsName, stem, stem + ".gz" })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>
    /// Streams the images of an IDX file (memory bounded by one chunk), with labels from <paramref name="labelsPath"/>
    /// when given. A bad label is passed to <paramref name="onBadRecord"/> and the image skipped; without a handler it
    /// is thrown. The files are opened and their headers checked before this returns.
    /// </summary>
    public static IEnumerable<MnistSample> ReadSamples(string imagesPath, string? labelsPath = null, Action<MnistRecordException>? onBadRecord = null)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        return Stream(new Records(imagesPath, labelsPath), onBadRecord);
    }

    /// <summary>Loads an IDX images file (and labels) straight into a packed dataset, by the same read path as <see cref="ReadSamples"/>.</summary>
    public static MnistDataset Load(string imagesPath, string? labelsPath = null, Action<MnistRecordException>? onBadRecord = null)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        using var records = new Records(imagesPath, labelsPath);
        var count = records.Count;
        var builder = new MnistDatasetBuilder(imagesPath, records.SizeKnown ? count : Math.Min(count, ChunkImages));
        var labels = new byte[ChunkImages];
        for (var done = 0; done < count;)
        {
            var n = Math.Min(ChunkImages, count - done);
            records.Read(builder.Reserve(n), labels.AsSpan(0, n), out var truncated);
            if (truncated is not null)
            {
                throw truncated;
            }

            if (records.Labelled)
            {
                builder.Commit(n, labels.AsSpan(0, n), (i, label) => BadLabel(labelsPath!, done + i, label), onBadRecord);
            }
            else
            {
                builder.Commit(n, default);
            }

            done += n;
        }

        records.ExpectEnd();
        return builder.Build(labelled: records.Labelled);
    }

    /// <summary>Writes a dataset as IDX files (gzip-compressed when <paramref name="compress"/>); labels only when the dataset has them and a path is given.</summary>
    public static void Write(MnistDataset data, string imagesPath, string? labelsPath = null, bool compress = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(imagesPath);
        WriteFile(imagesPath, compress, stream =>
        {
            Span<byte> header = stackalloc byte[16];
            BinaryPrimitives.WriteInt32BigEndian(header, ImagesMagic);
            BinaryPrimitives.WriteInt32BigEndian(header[4..], data.Count);
            BinaryPrimitives.WriteInt32BigEndian(header[8..], MnistSample.Rows);
            BinaryPrimitives.WriteInt32BigEndian(header[12..], MnistSample.Columns);
            stream.Write(header);
            stream.Write(data.PixelBuffer);
        });

        if (labelsPath is null)
        {
            return;
        }

        if (!data.HasLabels)
        {
            throw new InvalidOperationException("The dataset has no labels to write.");
        }

        WriteFile(labelsPath, compress, stream =>
        {
            Span<byte> header = stackalloc byte[8];
            BinaryPrimitives.WriteInt32BigEndian(header, LabelsMagic);
            BinaryPrimitives.WriteInt32BigEndian(header[4..], data.Count);
            stream.Write(header);
            stream.Write(data.LabelBuffer);
        });
    }

    private static IEnumerable<MnistSample> Stream(Records records, Action<MnistRecordException>? onBadRecord)
    {
        using (records)
        {
            var chunk = Math.Min(records.Count, StreamImages);
            var pixels = new byte[chunk * MnistSample.PixelCount];
            var labels = new byte[chunk];
            for (var done = 0; done < records.Count; done += chunk)
            {
                var n = Math.Min(chunk, records.Count - done);
                var read = records.Read(pixels.AsSpan(0, n * MnistSample.PixelCount), labels.AsSpan(0, n), out var truncated);
                for (var i = 0; i < read; i++)
                {
                    int? label = null;
                    if (records.Labelled)
                    {
                        if (labels[i] >= MnistSample.ClassCount)
                        {
                            BadRecords.Skip(BadLabel(records.LabelsPath!, done + i, labels[i]), onBadRecord);
                            continue;
                        }

                        label = labels[i];
                    }

                    yield return MnistSample.Adopt(pixels.AsSpan(i * MnistSample.PixelCount, MnistSample.PixelCount).ToArray(), label, records.ImagesPath, done + i);
                }

                if (truncated is not null)
                {
                    throw truncated;
                }
            }

            records.ExpectEnd();
        }
    }

    private static void WriteFile(string path, bool compress, Action<Stream> write) => AtomicFile.Write(path, file =>
    {
        if (compress)
        {
            using var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
            write(gzip);
        }
        else
        {
            write(file);
        }
    });
}
