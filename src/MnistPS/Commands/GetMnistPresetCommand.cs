using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>Lists the named recipes that New-MnistNetwork -Preset and Invoke-MnistTraining -Preset take.</summary>
[Cmdlet(VerbsCommon.Get, "MnistPreset")]
[OutputType(typeof(MnistPreset))]
public sealed class GetMnistPresetCommand : MnistCmdlet
{
    /// <summary>The presets to get; all by default.</summary>
    [Parameter(Position = 0)]
    public MnistPresetName[]? Name { get; set; }

    protected override void EndProcessing()
    {
        foreach (var preset in MnistPreset.All)
        {
            if (Name is null || Name.Contains(preset.Name))
            {
                WriteObject(preset);
            }
        }
    }
}
