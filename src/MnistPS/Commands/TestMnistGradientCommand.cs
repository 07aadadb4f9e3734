using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>Checks back propagation against central finite differences in double precision, one result per parameter.</summary>
[Cmdlet(VerbsDiagnostic.Test, "MnistGradient", DefaultParameterSetName = PipelineSet)]
[OutputType(typeof(GradientCheckResult))]
public sealed class TestMnistGradientCommand : NetworkDataCmdlet
{
    /// <summary>Entries of each parameter to check, chosen at random (seeded); all of a smaller parameter.</summary>
    [Parameter]
    [ValidateRange(1, GradientCheck.MaxEntries)]
    public int Entries { get; set; } = GradientCheck.DefaultEntries;

    /// <summary>Seed of the choice of entries.</summary>
    [Parameter]
    public int Seed { get; set; }

    protected override void EndProcessing()
    {
        var data = Samples.ToDataset(this, "labelled");
        try
        {
            WriteObject(GradientCheck.Run(Network!, data, Entries, Seed), enumerateCollection: true);
        }
        catch (ArgumentException e)
        {
            Fail(e, Network);
        }
    }
}
