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

    private void Emit(string path, string? labels, DataFormat format)
    {
        try
        {
            foreach (var sample in DataFile.ReadSamples(path, labels, format, e => WriteError(ToErrorRecord(e, path))))
            {
                Cancellation.ThrowIfCancellationRequested();
                WriteObject(sample);
            }
        }
        catch (MnistFormatException e)
        {
            Fail(e, path);
        }
        catch (MnistRecordException e)
        {
            Fail(e, path);
        }
    }
}
