using System.Buffers.Binary;

namespace MnistPS;

/// <summary>IDX reading: the headers checked against the format and the file size, then the records, by one read path.</summary>
public static partial class IdxFile
{
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
}
