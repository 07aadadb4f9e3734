using System.Management.Automation;

namespace MnistPS;

/// <summary>A cmdlet that runs a network over labelled samples taken from the pipeline or from -Data.</summary>
public abstract class NetworkDataCmdlet : MnistCmdlet
{
    /// <summary>The parameter set that takes samples from the pipeline.</summary>
    protected const string PipelineSet = "Pipeline";

    /// <summary>The parameter set that takes samples from -Data.</summary>
    protected const string DataSet = "Data";

    /// <summary>The network, or a model file's path; with -Data it may come from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PipelineSet)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = DataSet)]
    [ValidateNotNull]
    [NetworkTransformation]
    public Network? Network { get; set; }

    /// <summary>Labelled samples (or predictions, which carry theirs) from the pipeline.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PipelineSet)]
    [SampleTransformation]
    public MnistSample[]? InputObject { get; set; }

    /// <summary>Labelled samples (or predictions, which carry theirs).</summary>
    [Parameter(Mandatory = true, ParameterSetName = DataSet)]
    [ValidateNotNullOrEmpty]
    [SampleTransformation]
    public MnistSample[]? Data { get; set; }

    /// <summary>The samples received so far.</summary>
    internal SampleCollector Samples { get; } = new();

    protected override void ProcessRecord() => Samples.Add(ParameterSetName == PipelineSet ? InputObject : Data);
}
