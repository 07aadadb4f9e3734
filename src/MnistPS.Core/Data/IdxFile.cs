using System.Buffers.Binary;
using System.IO.Compression;

namespace MnistPS;

/// <summary>
/// Reads and writes the original MNIST IDX files (LeCun's format), raw or gzip-compressed.
/// Images: magic 0x00000803, count, 28, 28, then count*784 bytes. Labels: magic 0x00000801, count, then count bytes 0..9.
/// All integers are big-endian.
/// </summary>
public static class IdxFile
{
    /// <summary>Magic number of an images file: unsigned bytes, three dimensions.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a labels file: unsigned bytes, one dimension.</summary>
    public const int LabelsMagic = 0x00000801;

    private const int ChunkImages = 4096;

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
    /// Streams the images of an IDX file (constant memory), with labels from <paramref name="labelsPath"/> when given.
    /// A bad label is passed to <paramref name="onBadRecord"/> and the image skipped; without a handler it is thrown.
    /// </summary>
    public static IEnumerable<MnistSample> ReadSamples(string imagesPath, string? labelsPath = null, Action<MnistRecordException>? onBadRecord = null)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        var images = OpenImages(imagesPath, out var count);
        Stream? labels = null;
        try
        {
            labels = labelsPath is null ? null : OpenLabels(labelsPath, count);
        }
        catch
        {
            images.Dispose();
            throw;
        }

        return Stream(images, labels, count, imagesPath, labelsPath, onBadRecord);
    }

    /// <summary>Loads an IDX images file (and labels) straight into a packed dataset.</summary>
    public static MnistDataset Load(string imagesPath, string? labelsPath = null, Action<MnistRecordException>? onBadRecord = null)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        using var images = OpenImages(imagesPath, out var count);
        using var labels = labelsPath is null ? null : OpenLabels(labelsPath, count);
        var builder = new MnistDatasetBuilder(imagesPath, images is FileStream ? count : Math.Min(count, ChunkImages));
        var labelChunk = new byte[ChunkImages];
        for (var done = 0; done < count;)
        {
            var n = Math.Min(ChunkImages, count - done);
            var pixels = builder.Reserve(n);
            var read = InputFile.ReadFully(images, pixels, imagesPath, RecordName(done));
            if (read < pixels.Length)
            {
                throw Truncated(imagesPath, done + (read / MnistSample.PixelCount), count, "image");
            }

            if (labels is null)
            {
                builder.Commit(n, default);
            }
            else
            {
                var labelSpan = labelChunk.AsSpan(0, n);
                var readLabels = InputFile.ReadFully(labels, labelSpan, labelsPath!, RecordName(done));
                if (readLabels < n)
                {
                    throw Truncated(labelsPath!, done + readLabels, count, "label");
                }

                builder.Commit(n, labelSpan, (i, label) => BadLabel(labelsPath!, done + i, label), onBadRecord);
            }

            done += n;
        }

        ExpectEnd(images, imagesPath, count);
        if (labels is not null)
        {
            ExpectEnd(labels, labelsPath!, count);
        }

        return builder.Build(labelled: labels is not null);
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

    private static IEnumerable<MnistSample> Stream(Stream images, Stream? labels, int count, string imagesPath, string? labelsPath, Action<MnistRecordException>? onBadRecord)
    {
        using (images)
        using (labels)
        {
            var label = new byte[1];
            for (var i = 0; i < count; i++)
            {
                var pixels = new byte[MnistSample.PixelCount];
                if (InputFile.ReadFully(images, pixels, imagesPath, RecordName(i)) < pixels.Length)
                {
                    throw Truncated(imagesPath, i, count, "image");
                }

                int? value = null;
                if (labels is not null)
                {
                    if (InputFile.ReadFully(labels, label, labelsPath!, RecordName(i)) < 1)
                    {
                        throw Truncated(labelsPath!, i, count, "label");
                    }

                    if (label[0] >= MnistSample.ClassCount)
                    {
                        var error = BadLabel(labelsPath!, i, label[0]);
                        if (onBadRecord is null)
                        {
                            throw error;
                        }

                        onBadRecord(error);
                        continue;
                    }

                    value = label[0];
                }

                yield return MnistSample.Adopt(pixels, value, imagesPath, i);
            }

            ExpectEnd(images, imagesPath, count);
            if (labels is not null)
            {
                ExpectEnd(labels, labelsPath!, count);
            }
        }
    }

    private static Stream OpenImages(string path, out int count)
    {
        var stream = InputFile.Open(path, out _);
        try
        {
            var dims = ReadHeader(stream, path, ImagesMagic, "images", 3);
            if (dims[1] != MnistSample.Rows || dims[2] != MnistSample.Columns)
            {
                throw new MnistFormatException(path, "header", $"the images are {dims[1]}x{dims[2]}; MnistPS reads 28x28 MNIST digits. Use a 28x28 IDX images file.");
            }

            count = dims[0];
            CheckLength(stream, path, 16, count, MnistSample.PixelCount, "image");
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static Stream OpenLabels(string path, int imageCount)
    {
        var stream = InputFile.Open(path, out _);
        try
        {
            var count = ReadHeader(stream, path, LabelsMagic, "labels", 1)[0];
            if (count != imageCount)
            {
                throw new MnistFormatException(path, "header", $"the file has {count} labels but the images file has {imageCount} images. Pair each images file with its own labels file.");
            }

            CheckLength(stream, path, 8, count, 1, "label");
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static int[] ReadHeader(Stream stream, string path, int magic, string kind, int dimensions)
    {
        Span<byte> head = stackalloc byte[4];
        var read = InputFile.ReadFully(stream, head, path, "header");
        if (read < 4)
        {
            throw new MnistFormatException(path, "header", $"the file is {(read == 0 ? "empty" : $"only {read} bytes long")}; an IDX {kind} file starts with a 4-byte magic number 0x{magic:X8}. Download the file again.");
        }

        var actual = BinaryPrimitives.ReadInt32BigEndian(head);
        if (head[0] != 0 || head[1] != 0)
        {
            throw new MnistFormatException(path, "header", $"this is not an IDX file: it starts with 0x{actual:X8}, not the magic number 0x{magic:X8} of an IDX {kind} file. For Kaggle-style CSV, give a .csv file.");
        }

        if (head[2] != 0x08)
        {
            throw new MnistFormatException(path, "header", $"the elements are of IDX type 0x{head[2]:X2}, not unsigned bytes (0x08) as in MNIST {kind} files.");
        }

        if (head[3] != dimensions)
        {
            throw new MnistFormatException(path, "header", $"the file has {head[3]} dimension(s); an MNIST {kind} file has {dimensions} (magic 0x{magic:X8}). Check that images and labels are not swapped.");
        }

        Span<byte> raw = stackalloc byte[4 * dimensions];
        if (InputFile.ReadFully(stream, raw, path, "header") < raw.Length)
        {
            throw new MnistFormatException(path, "header", $"the file ends inside its header ({4 + (4 * dimensions)} bytes expected). It is truncated: download it again.");
        }

        var dims = new int[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(raw[(4 * d)..]);
            if (value > int.MaxValue)
            {
                throw new MnistFormatException(path, "header", $"dimension {d} is {value}, which no MNIST file can hold. The header is corrupt.");
            }

            dims[d] = (int)value;
        }

        return dims;
    }

    /// <summary>For an uncompressed file the size is known: a header that claims more records than the bytes hold fails now, before any allocation.</summary>
    private static void CheckLength(Stream stream, string path, int headerBytes, int count, int recordBytes, string kind)
    {
        if (stream is not FileStream file)
        {
            return;
        }

        var expected = headerBytes + ((long)count * recordBytes);
        var actual = file.Length;
        if (actual < expected)
        {
            throw Truncated(path, (int)((actual - headerBytes) / recordBytes), count, kind);
        }

        if (actual > expected)
        {
            throw new MnistFormatException(path, string.Empty, $"the file has {actual - expected} bytes after its last {kind} (the header says {count}). The header is wrong or two files were joined.");
        }
    }

    private static void ExpectEnd(Stream stream, string path, int count)
    {
        Span<byte> extra = stackalloc byte[1];
        if (InputFile.ReadFully(stream, extra, path, "end") > 0)
        {
            throw new MnistFormatException(path, string.Empty, $"the file has data after its last record (the header says {count} records). The header is wrong or two files were joined.");
        }
    }

    private static MnistFormatException Truncated(string path, int complete, int count, string kind) =>
        new(path, RecordName(complete), $"the file is truncated: the header says {count} {kind}s but it ends after {complete}. Download or decompress it again.");

    private static MnistRecordException BadLabel(string path, int index, int label) =>
        new(path, RecordName(index), $"the label is {label}; labels are digits 0 to 9.");

    private static string RecordName(int index) => $"record {index + 1} (index {index})";

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
