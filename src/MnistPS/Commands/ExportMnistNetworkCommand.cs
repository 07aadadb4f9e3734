using System.Management.Automation;
using MnistPS.Interop;

namespace MnistPS.Commands;

/// <summary>Saves a network as a model file (JSON, ONNX or NumPy .npz), atomically.</summary>
[Cmdlet(VerbsData.Export, "MnistNetwork", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMnistNetworkCommand : FileOutputCmdlet
{
    /// <summary>The network to save.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Network? Network { get; set; }

    /// <summary>The model file to write; its extension (.json, .onnx, .npz) chooses the format unless -Format does.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The format to write, whatever the extension.</summary>
    [Parameter]
    public ModelFormat Format { get; set; }

    protected override void ProcessRecord()
    {
        var target = ResolveOutputPath(Path!);
        ModelFormat format;
        try
        {
            // A folder is reported as a folder by WriteFile, whatever its name says.
            format = MyInvocation.BoundParameters.ContainsKey(nameof(Format)) || Directory.Exists(target) ? Format : ModelFormats.FromExtension(target);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ToErrorRecord(e, target));
            return;
        }

        WriteFile(target, $"Save network {Network!.Architecture} as {format}", terminating: true, stream => ModelFormats.Write(Network, stream, format));
    }
}
