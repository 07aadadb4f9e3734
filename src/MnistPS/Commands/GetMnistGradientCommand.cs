using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>The tutorial's back propagation over labelled samples: dZ2, dW2, dB2, dZ1, dW1, dB1, ... as the trainer computes them.</summary>
[Cmdlet(VerbsCommon.Get, "MnistGradient", DefaultParameterSetName = PipelineSet)]
[OutputType(typeof(BackwardPass))]
public sealed class GetMnistGradientCommand : NetworkDataCmdlet
{
    protected override void EndProcessing()
    {
        var data = Samples.ToDataset(this, "labelled");
        try
        {
            var pass = BackwardPass.Compute(Network!, data);
            WriteObject(QuantityProperties.Attach(pass, pass.Quantities));
        }
        catch (ArgumentException e)
        {
            Fail(e, Network);
        }
    }
}
