using CsvHelper;

namespace MnistPS;

/// <summary>Writes samples one at a time as Kaggle-style CSV (header first), in constant memory.</summary>
public sealed class KaggleCsvWriter : IDisposable
{
    private readonly CsvWriter _writer;
    private readonly bool _includeLabels;

    /// <summary>
    /// Starts the CSV on <paramref name="destination"/> (left open) with the header <c>label,pixel0,...</c> or <c>pixel0,...</c>,
    /// fields separated by <paramref name="delimiter"/> (';' for Excel in cultures such as de-DE).
    /// </summary>
    public KaggleCsvWriter(Stream destination, bool includeLabels, char delimiter = CsvDelimiter.Default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CsvDelimiter.Check(delimiter, nameof(delimiter));
        _includeLabels = includeLabels;
        _writer = CsvWriter.Create(destination, new CsvWriterOptions { NewLine = "\n", Separator = delimiter }, leaveOpen: true);
        if (includeLabels)
        {
            _writer.WriteField("label");
        }

        for (var i = 0; i < MnistSample.PixelCount; i++)
        {
            _writer.WriteField(KaggleCsv.PixelColumn(i));
        }

        _writer.EndRecord();
    }

    /// <summary>Rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Writes one row. A sample without a label cannot go into a labelled file.</summary>
    public void Write(MnistSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (_includeLabels)
        {
            var label = sample.Label ?? throw new ArgumentException($"Sample {sample.Index} has no label; write an unlabelled CSV (without labels) for it.", nameof(sample));
            _writer.WriteField(label, default);
        }

        foreach (var pixel in sample.GetPixelSpan())
        {
            _writer.WriteField((int)pixel, default);
        }

        _writer.EndRecord();
        Rows++;
    }

    /// <summary>Pushes buffered rows to the stream.</summary>
    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();
}
