using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>The shipped MNIST sets.</summary>
public enum MnistDatasetName
{
    /// <summary>The 60,000 training images.</summary>
    Train,

    /// <summary>The 10,000 test images.</summary>
    Test,
}

/// <summary>Streams MnistSample objects from Kaggle-style CSV or IDX files, or from the MNIST shipped with the module.</summary>
[Cmdlet(VerbsData.Import, "MnistData", DefaultParameterSetName = PathSet)]
[OutputType(typeof(MnistSample))]
public sealed class ImportMnistDataCommand : FileInputCmdlet
{
    private const string DatasetSet = "Dataset";

    /// <summary>The MNIST set shipped with the module.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DatasetSet)]
    public MnistDatasetName Dataset { get; set; }

    /// <summary>The IDX labels file for an IDX images file; by default the sibling "*-labels-idx1-ubyte[.gz]".</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string? LabelPath { get; set; }

    /// <summary>The file format; Auto decides from the content.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public DataFormat Format { get; set; } = DataFormat.Auto;

    /// <summary>The character between the fields of a CSV file; by default ',', or ';' when the first line has ';' and no ','.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [ValidateDelimiter]
    public char? Delimiter { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == DatasetSet)
        {
            var prefix = Dataset == MnistDatasetName.Train ? "train" : "t10k";
            var images = System.IO.Path.Combine(ShippedDataFolder, $"{prefix}-images-idx3-ubyte.gz");
            Emit(images, System.IO.Path.Combine(ShippedDataFolder, $"{prefix}-labels-idx1-ubyte.gz"), DataFormat.Idx);
            return;
        }

        string? labels = null;
        if (LabelPath is not null)
        {
            labels = ResolveFiles([LabelPath], IsLiteral).FirstOrDefault();
            if (labels is null)
            {
                return;
            }
        }

        foreach (var file in InputFiles())
        {
            Emit(file, labels, Format);
        }
    }

    /// <summary>
    /// Streams one file's samples. A bad record is a non-terminating error and the next records flow; a file that is broken
    /// or cannot be read is a non-terminating error for that file (its samples so far stay emitted) and the next files are
    /// read, as Get-Content and Import-Csv do. With -ErrorAction Stop, the first error stops.
    /// </summary>
    private void Emit(string path, string? labels, DataFormat format)
    {
        try
        {
            format = format == DataFormat.Auto ? DataFile.Detect(path) : format;
            var delimiter = format == DataFormat.Csv ? Delimiter ?? DetectDelimiter(path) : (char?)null;
            foreach (var sample in DataFile.ReadSamples(path, labels, format, e => WriteError(ToErrorRecord(e, path)), delimiter))
            {
                Cancellation.ThrowIfCancellationRequested();
                WriteObject(sample);
            }
        }
        catch (MnistDataException e)
        {
            WriteError(ToErrorRecord(e, path));
        }
    }

    private char DetectDelimiter(string path)
    {
        var delimiter = CsvDelimiter.Detect(path);
        if (delimiter != CsvDelimiter.Default)
        {
            WriteVerbose($"{path}: the first line separates fields with '{delimiter}' and has no ',' (as Excel writes CSV in cultures such as de-DE): reading it with -Delimiter '{delimiter}'.");
        }

        return delimiter;
    }
}
