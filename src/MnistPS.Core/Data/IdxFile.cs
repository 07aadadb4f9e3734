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

    /// <summary>
    /// The one way IDX records are read, for loading and streaming alike: both files opened and their headers checked,
    /// then the records in order, chunk by chunk, the images from one file and their labels from the other.
    /// </summary>
    private sealed class Records : IDisposable
    {
        private readonly Stream _images;
        private readonly Stream? _labels;
        private int _done;

        public Records(string imagesPath, string? labelsPath)
        {
            ImagesPath = imagesPath;
            LabelsPath = labelsPath;
            _images = OpenImages(imagesPath, out var count);
            Count = count;
            try
            {
                _labels = labelsPath is null ? null : OpenLabels(labelsPath, count);
            }
            catch
            {
                _images.Dispose();
                throw;
            }
        }

        public string ImagesPath { get; }

        public string? LabelsPath { get; }

        /// <summary>The record count the header gives.</summary>
        public int Count { get; }

        /// <summary>Whether the images come with labels.</summary>
        public bool Labelled => _labels is not null;

        /// <summary>Whether the file's size was checked against the header (an uncompressed file), so that Count can be trusted for allocation.</summary>
        public bool SizeKnown => _images is FileStream;

        /// <summary>
        /// Reads the next records, as many as <paramref name="pixels"/> holds images, and their labels. Returns how many
        /// are complete, image and label; when the files end before that, <paramref name="truncated"/> names the first
        /// incomplete record (its image is read before its label).
        /// </summary>
        public int Read(Span<byte> pixels, Span<byte> labels, out MnistFormatException? truncated)
        {
            var wanted = pixels.Length / MnistSample.PixelCount;
            var complete = InputFile.ReadFully(_images, pixels, ImagesPath, RecordName(_done)) / MnistSample.PixelCount;
            truncated = complete < wanted ? Truncated(ImagesPath, _done + complete, Count, "image") : null;
            if (_labels is not null)
            {
                var read = InputFile.ReadFully(_labels, labels[..complete], LabelsPath!, RecordName(_done));
                if (read < complete)
                {
                    complete = read;
                    truncated = Truncated(LabelsPath!, _done + read, Count, "label");
                }
            }

            _done += complete;
            return complete;
        }

        /// <summary>After the last record: nothing may follow it in either file.</summary>
        public void ExpectEnd()
        {
            IdxFile.ExpectEnd(_images, ImagesPath, Count);
            if (_labels is not null)
            {
                IdxFile.ExpectEnd(_labels, LabelsPath!, Count);
            }
        }

        public void Dispose()
        {
            _images.Dispose();
            _labels?.Dispose();
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
