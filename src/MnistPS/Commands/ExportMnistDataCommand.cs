using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>Writes samples as Kaggle-style CSV or as IDX files.</summary>
[Cmdlet(VerbsData.Export, "MnistData", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMnistDataCommand : MnistCmdlet
{
    private readonly List<MnistSample> _buffer = [];

    /// <summary>The samples to write.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public MnistSample[]? InputObject { get; set; }

    /// <summary>The file to write (for IDX, the images file; the labels file is named after it).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Csv (Kaggle's layout, the default) or Idx (gzip-compressed when the name ends in .gz).</summary>
    [Parameter]
    [ValidateSet(nameof(DataFormat.Csv), nameof(DataFormat.Idx))]
    public DataFormat Format { get; set; } = DataFormat.Csv;

    /// <summary>Leave out the label column (like Kaggle's test.csv), or the IDX labels file.</summary>
    [Parameter]
    public SwitchParameter NoLabel { get; set; }

    /// <summary>Overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit the written file(s).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var sample in InputObject ?? [])
        {
            _buffer.Add(sample);
        }
    }

    protected override void EndProcessing()
    {
        var target = ResolveOutputPath(Path!);
        var labels = Format == DataFormat.Idx && !NoLabel ? LabelsFileFor(target) : null;
        foreach (var file in new[] { target, labels })
        {
            if (file is not null && File.Exists(file) && !Force)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"'{file}' already exists. Use -Force to overwrite it."), ErrorIds.FileExists, ErrorCategory.ResourceExists, file));
            }
        }

        if (!ShouldProcess(target, $"Write {_buffer.Count} samples as {Format}"))
        {
            return;
        }

        try
        {
            if (Format == DataFormat.Csv)
            {
                KaggleCsv.Write(_buffer, target, includeLabels: !NoLabel);
            }
            else
            {
                IdxFile.Write(MnistDataset.FromSamples(_buffer), target, labels, compress: target.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            Fail(e is InvalidOperationException ? new ArgumentException(e.Message, e) : e, target);
        }

        if (PassThru)
        {
            WriteObject(new FileInfo(target));
            if (labels is not null)
            {
                WriteObject(new FileInfo(labels));
            }
        }
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
}
