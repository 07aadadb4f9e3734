using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>Measures a network on labelled samples: accuracy, loss, confusion matrix, per-digit precision, recall and F1.</summary>
[Cmdlet(VerbsDiagnostic.Test, "MnistNetwork", DefaultParameterSetName = PipelineSet)]
[OutputType(typeof(EvaluationResult))]
public sealed class TestMnistNetworkCommand : MnistCmdlet
{
    private const string PipelineSet = "Pipeline";
    private const string DataSet = "Data";

    private readonly SampleCollector _samples = new();

    /// <summary>The network to measure.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public Network? Network { get; set; }

    /// <summary>Labelled samples from the pipeline.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PipelineSet)]
    public MnistSample[]? InputObject { get; set; }

    /// <summary>Labelled samples.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DataSet)]
    [ValidateNotNullOrEmpty]
    public MnistSample[]? Data { get; set; }

    protected override void ProcessRecord() => _samples.Add(ParameterSetName == PipelineSet ? InputObject : Data);

    protected override void EndProcessing()
    {
        var data = _samples.ToDataset(this, "test");
        try
        {
            WriteObject(Evaluator.Evaluate(Network!, data, 0, Cancellation));
        }
        catch (ArgumentException e)
        {
            Fail(e, Network);
        }
    }
}
