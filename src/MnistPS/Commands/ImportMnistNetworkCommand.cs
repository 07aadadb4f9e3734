using System.Management.Automation;
using MnistPS.Interop;

namespace MnistPS.Commands;

/// <summary>Loads networks from model files: MnistPS's JSON, and ONNX (MnistPS's exports and equivalent multilayer perceptrons).</summary>
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
                WriteObject(ModelFormats.Load(file, WriteVerbose));
            }
            catch (ModelFileException e)
            {
                WriteError(ToErrorRecord(e, file));
            }
        }
    }
}
