using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>The tutorial's forward propagation over some samples: Z1, A1, Z2, A2, ... (rows are units, columns samples).</summary>
[Cmdlet(VerbsCommon.Get, "MnistActivation", DefaultParameterSetName = PipelineSet)]
[OutputType(typeof(ForwardPass))]
public sealed class GetMnistActivationCommand : NetworkDataCmdlet
{
    protected override void EndProcessing()
    {
        var data = Samples.ToDataset(this, "input");
        try
        {
            var pass = ForwardPass.Compute(Network!, data);
            WriteObject(QuantityProperties.Attach(pass, pass.Quantities));
        }
        catch (ArgumentException e)
        {
            Fail(e, Network);
        }
    }
}
