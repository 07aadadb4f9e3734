using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>Measures a network on labelled samples: accuracy, loss, confusion matrix, per-digit precision, recall and F1.</summary>
[Cmdlet(VerbsDiagnostic.Test, "MnistNetwork", DefaultParameterSetName = "Pipeline")]
[OutputType(typeof(EvaluationResult))]
public sealed class TestMnistNetworkCommand : NetworkDataCmdlet
{
    protected override void EndProcessing()
    {
        var data = Samples.ToDataset(this, "test");
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
