using System.Buffers.Text;
using CsvHelper;

namespace MnistPS;

/// <summary>
/// Reads and writes Kaggle's digit-recognizer CSV: an optional header <c>label,pixel0,...,pixel783</c>
/// (or <c>pixel0,...,pixel783</c> for unlabelled data), then one row per image of integers 0..255. Fields are separated by
/// ',' or another <see cref="CsvDelimiter"/> (';' in files Excel writes in cultures such as de-DE).
/// </summary>
public static class KaggleCsv
{
    private const int MaxRecordBytes = 1 << 20;

    /// <summary>
    /// Streams the rows of a Kaggle-style CSV file (gzip detected from the bytes) in constant memory.
    /// A bad row goes to <paramref name="onBadRecord"/> and is skipped; without a handler it is thrown.
    /// A broken file structure (no usable header or first row) throws <see cref="MnistFormatException"/>; a file that cannot
    /// be read, <see cref="MnistReadException"/>. Without <paramref name="delimiter"/> it is detected (<see cref="CsvDelimiter.Detect"/>).
    /// </summary>
    public static IEnumerable<MnistSample> ReadSamples(string path, Action<MnistRecordException>? onBadRecord = null, char? delimiter = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var separator = Separator(path, delimiter);
        return ReadSamples(InputFile.Open(path, out _), path, separator, onBadRecord);
    }

    /// <summary>Streams the rows of the CSV bytes of <paramref name="source"/> (disposed at the end), named <paramref name="path"/> in errors.</summary>
    internal static IEnumerable<MnistSample> ReadSamples(Stream source, string path, char separator, Action<MnistRecordException>? onBadRecord) =>
        Rows(Open(source, path, separator), path, separator, onBadRecord, (pixels, label, index) => new MnistSample(pixels, label, path, index));

    /// <summary>Loads a Kaggle-style CSV file into a packed dataset (see <see cref="ReadSamples(string, Action{MnistRecordException}?, char?)"/>).</summary>
    public static MnistDataset Load(string path, Action<MnistRecordException>? onBadRecord = null, char? delimiter = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var separator = Separator(path, delimiter);
        var builder = new MnistDatasetBuilder(path);
        foreach (var _ in Rows(Open(InputFile.Open(path, out _), path, separator), path, separator, onBadRecord, (pixels, label, _) =>
        {
            builder.Add(pixels, label);
            return true;
        }))
        {
        }

        return builder.Build();
    }

    /// <summary>
    /// Writes samples as Kaggle-style CSV with a header; with <paramref name="includeLabels"/> every sample must have a label.
    /// Returns the number of rows written.
    /// </summary>
    public static long Write(IEnumerable<MnistSample> samples, Stream destination, bool includeLabels, char delimiter = CsvDelimiter.Default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        using var writer = new KaggleCsvWriter(destination, includeLabels, delimiter);
        foreach (var sample in samples)
        {
            writer.Write(sample);
        }

        writer.Flush();
        return writer.Rows;
    }

    /// <summary>Writes samples to a file atomically (see <see cref="Write(IEnumerable{MnistSample}, Stream, bool, char)"/>).</summary>
    public static long Write(IEnumerable<MnistSample> samples, string path, bool includeLabels, char delimiter = CsvDelimiter.Default)
    {
        long rows = 0;
        AtomicFile.Write(path, file => rows = Write(samples, file, includeLabels, delimiter));
        return rows;
    }

    internal static string PixelColumn(int i) => "pixel" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static char Separator(string path, char? delimiter)
    {
        if (delimiter is { } given)
        {
            CsvDelimiter.Check(given, nameof(delimiter));
            return given;
        }

        return CsvDelimiter.Detect(path);
    }

    private static CsvReader Open(Stream stream, string path, char separator)
    {
        try
        {
            return CsvReader.Create(stream, new CsvReaderOptions
            {
                Separator = separator,
                HasHeader = false,
                TrackLineNumbers = true,
                SkipEmptyLines = true,
                TrimWhitespace = true,
                MaxRecordSize = MaxRecordBytes,
                FieldCountMismatch = CsvFieldCountHandling.Allow,
            }, leaveOpen: false);
        }
        catch (IOException e)
        {
            stream.Dispose();
            throw InputFile.Unreadable(path, string.Empty, e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The shared row loop: decides the layout from the header or first row, checks each row, and hands good rows to <paramref name="emit"/>.</summary>
    private static IEnumerable<T> Rows<T>(CsvReader reader, string path, char separator, Action<MnistRecordException>? onBadRecord, RowHandler<T> emit)
    {
        using (reader)
        {
            var pixels = new byte[MnistSample.PixelCount];
            bool? labelled = null;
            var sawRow = false;
            long index = 0;
            while (Next(reader, path))
            {
                var line = reader.LineNumber;
                if (labelled is null)
                {
                    labelled = Layout(reader, path, line, separator, out var isHeader);
                    if (isHeader)
                    {
                        continue;
                    }
                }

                sawRow = true;

                var error = ParseRow(reader, path, line, separator, labelled.Value, pixels, out var label);
                if (error is not null)
                {
                    BadRecords.Skip(error, onBadRecord);
                    continue;
                }

                yield return emit(pixels, label, index++);
            }

            if (labelled is null)
            {
                throw new MnistFormatException(path, string.Empty, "the file is empty. A Kaggle-style MNIST CSV has rows of 785 (label, then 784 pixels) or 784 integers.");
            }

            if (!sawRow)
            {
                throw new MnistFormatException(path, "line 2", "the file has a header but no rows. Add rows of 785 (label, then 784 pixels) or 784 integers.");
            }
        }
    }

    private delegate T RowHandler<out T>(ReadOnlySpan<byte> pixels, int? label, long index);

    private static bool Next(CsvReader reader, string path)
    {
        try
        {
            return reader.Read();
        }
        catch (CsvFormatException e)
        {
            throw new MnistFormatException(path, $"line {e.LineNumber}", $"the CSV cannot be read ({e.Message}). Is this a text CSV file?", e);
        }
        catch (InvalidDataException e)
        {
            throw new MnistFormatException(path, string.Empty, $"the gzip data is corrupt ({e.Message}). Download or decompress the file again.", e);
        }
        catch (IOException e)
        {
            throw InputFile.Unreadable(path, reader.LineNumber > 0 ? $"after line {reader.LineNumber}" : string.Empty, e);
        }
    }

    /// <summary>From the first record: whether rows carry a label, and whether the record is a header.</summary>
    private static bool Layout(CsvReader reader, string path, long line, char separator, out bool isHeader)
    {
        var count = reader.FieldCount;
        if (count == 1 && CsvDelimiter.Other(reader.RawRecord, separator) is { } other)
        {
            throw new MnistFormatException(path, $"line {line}", $"the fields are separated by {CsvDelimiter.Show(other)}, not {CsvDelimiter.Show(separator)}{(other == CsvDelimiter.Semicolon ? " (as Excel writes CSV in cultures such as de-DE)" : string.Empty)}. Read the file with the delimiter {CsvDelimiter.Show(other)} (Import-MnistData -Delimiter {CsvDelimiter.Show(other)}).");
        }

        var first = reader.GetSpan(0);
        isHeader = !Utf8Parser.TryParse(first, out int _, out var used) || used != first.Length;
        if (!isHeader)
        {
            return count switch
            {
                MnistSample.PixelCount + 1 => true,
                MnistSample.PixelCount => false,
                _ => throw new MnistFormatException(path, $"line {line}", $"the first row has {count} fields; a Kaggle MNIST row has 785 (label, then 784 pixels) or 784 (pixels only)."),
            };
        }

        var labelled = count == MnistSample.PixelCount + 1;
        if (!labelled && count != MnistSample.PixelCount)
        {
            throw new MnistFormatException(path, $"line {line}", $"the header has {count} columns; MNIST's is 'label{separator}pixel0{separator}...{separator}pixel783' (785) or 'pixel0{separator}...{separator}pixel783' (784).");
        }

        for (var i = 0; i < count; i++)
        {
            var expected = labelled && i == 0 ? "label" : PixelColumn(labelled ? i - 1 : i);
            var name = reader.GetString(i);
            if (!string.Equals(name, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new MnistFormatException(path, $"line {line}", $"column {i + 1} of the header is '{Shorten(name)}', expected '{expected}'. This is not a Kaggle MNIST header ('label{separator}pixel0{separator}...{separator}pixel783').");
            }
        }

        return labelled;
    }

    private static MnistRecordException? ParseRow(CsvReader reader, string path, long line, char separator, bool labelled, Span<byte> pixels, out int? label)
    {
        if (TryParsePlain(reader.RawRecord, (byte)separator, labelled, pixels, out label))
        {
            return null;
        }

        label = null;
        var expected = labelled ? MnistSample.PixelCount + 1 : MnistSample.PixelCount;
        if (reader.FieldCount != expected)
        {
            return new MnistRecordException(path, $"line {line}", $"the row has {reader.FieldCount} fields, expected {expected} ({(labelled ? "a label, then 784 pixels" : "784 pixels")}).");
        }

        var offset = 0;
        if (labelled)
        {
            var field = reader.GetSpan(0);
            if (!Utf8Parser.TryParse(field, out int value, out var used) || used != field.Length || value is < 0 or > 9)
            {
                return new MnistRecordException(path, $"line {line}", $"the label '{Shorten(reader.GetString(0))}' is not a digit 0 to 9.");
            }

            label = value;
            offset = 1;
        }

        for (var i = 0; i < MnistSample.PixelCount; i++)
        {
            var field = reader.GetSpan(i + offset);
            if (!Utf8Parser.TryParse(field, out int value, out var used) || used != field.Length || value is < 0 or > 255)
            {
                return new MnistRecordException(path, $"line {line}", $"pixel{i} (field {i + offset + 1}) is '{Shorten(reader.GetString(i + offset))}'; pixels are integers 0 to 255.");
            }

            pixels[i] = (byte)value;
        }

        return null;
    }

    /// <summary>
    /// The fast path for the usual row: only digits and separators, every value in range, the right field count.
    /// Anything else (quotes, spaces, signs, bad values) returns false and the row goes through the per-field
    /// parser, which names what is wrong.
    /// </summary>
    private static bool TryParsePlain(ReadOnlySpan<byte> record, byte separator, bool labelled, Span<byte> pixels, out int? label)
    {
        label = null;
        var field = labelled ? -1 : 0;
        var value = 0;
        var digits = 0;
        foreach (var b in record)
        {
            var d = b - (byte)'0';
            if ((uint)d <= 9)
            {
                value = (value * 10) + d;
                if (++digits > 3)
                {
                    return false;
                }
            }
            else if (b == separator && digits > 0 && field < MnistSample.PixelCount - 1 && Store(field, value, pixels, ref label))
            {
                field++;
                value = 0;
                digits = 0;
            }
            else
            {
                return false;
            }
        }

        return digits > 0 && field == MnistSample.PixelCount - 1 && Store(field, value, pixels, ref label);

        static bool Store(int field, int value, Span<byte> pixels, ref int? label)
        {
            if (field < 0)
            {
                label = value;
                return value <= 9;
            }

            pixels[field] = (byte)value;
            return value <= 255;
        }
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "...";
}
