using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>Loads networks saved by Export-MnistNetwork.</summary>
[Cmdlet(VerbsData.Import, "MnistNetwork", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Network))]
public sealed class ImportMnistNetworkCommand : FileInputCmdlet
{
    protected override void ProcessRecord()
    {
        foreach (var file in InputFiles())
        {
            try
            {
                WriteObject(ModelFile.Load(file));
            }
            catch (ModelFileException e)
            {
                WriteError(ToErrorRecord(e, file));
            }
        }
    }
}
