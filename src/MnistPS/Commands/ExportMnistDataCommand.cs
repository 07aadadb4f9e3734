using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>Writes samples as Kaggle-style CSV (streamed, constant memory) or as IDX files.</summary>
[Cmdlet(VerbsData.Export, "MnistData", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMnistDataCommand : FileOutputCmdlet
{
    private readonly List<MnistSample> _idxSamples = [];
    private string? _target;
    private string? _labels;
    private PendingFile? _csvFile;
    private KaggleCsvWriter? _csv;

    /// <summary>The samples to write.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [SampleTransformation]
    public MnistSample[]? InputObject { get; set; }

    /// <summary>The file to write (for IDX, the images file; the labels file is named after it).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Csv (Kaggle's layout, the default) or Idx (gzip-compressed when the name ends in .gz).</summary>
    [Parameter]
    [ValidateSet(nameof(DataFormat.Csv), nameof(DataFormat.Idx))]
    public DataFormat Format { get; set; } = DataFormat.Csv;

    /// <summary>The character between the fields of the CSV (';' for Excel in cultures such as de-DE).</summary>
    [Parameter]
    [ValidateDelimiter]
    public char Delimiter { get; set; } = CsvDelimiter.Default;

    /// <summary>Leave out the label column (like Kaggle's test.csv), or the IDX labels file.</summary>
    [Parameter]
    public SwitchParameter NoLabel { get; set; }

    protected override void BeginProcessing()
    {
        _target = ResolveOutputPath(Path!);
        _labels = Format == DataFormat.Idx && !NoLabel ? LabelsFileFor(_target) : null;
        if (!ShouldProcess(_target, $"Write samples as {Format}"))
        {
            _target = null;
            return;
        }

        CanWrite(_target, terminating: true);
        if (_labels is not null)
        {
            CanWrite(_labels, terminating: true);
        }

        if (Format == DataFormat.Csv)
        {
            Try(() =>
            {
                _csvFile = new PendingFile(_target);
                _csv = new KaggleCsvWriter(_csvFile.Stream, includeLabels: !NoLabel, Delimiter);
            });
        }
    }

    protected override void ProcessRecord()
    {
        if (_target is null)
        {
            return;
        }

        foreach (var sample in InputObject ?? [])
        {
            if (_csv is null)
            {
                _idxSamples.Add(sample);
            }
            else
            {
                Try(() => _csv.Write(sample));
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_target is null)
        {
            return;
        }

        Try(() =>
        {
            if (_csv is not null)
            {
                _csv.Flush();
                _csvFile!.Commit();
            }
            else
            {
                IdxFile.Write(MnistDataset.FromSamples(_idxSamples), _target, _labels, compress: _target.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
            }
        });

        EmitWritten(_target);
        if (_labels is not null)
        {
            EmitWritten(_labels);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _csv?.Dispose();
            _csvFile?.Dispose();
        }

        base.Dispose(disposing);
    }

    private static string LabelsFileFor(string images)
    {
        var name = System.IO.Path.GetFileName(images);
        var labels = name.Replace("images", "labels", StringComparison.Ordinal).Replace("idx3", "idx1", StringComparison.Ordinal);
        if (labels == name)
        {
            labels = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] + ".labels.gz" : name + ".labels";
        }

        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(images)!, labels);
    }

    /// <summary>Runs a write step; a failure ends the cmdlet with an error naming the file, and the target is left as it was.</summary>
    private void Try(Action step)
    {
        try
        {
            step();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            Fail(e is InvalidOperationException ? new ArgumentException(e.Message, e) : e, _target);
        }
    }
}
