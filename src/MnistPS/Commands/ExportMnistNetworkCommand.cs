using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>Saves a network as a versioned JSON model file, atomically.</summary>
[Cmdlet(VerbsData.Export, "MnistNetwork", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMnistNetworkCommand : FileOutputCmdlet
{
    /// <summary>The network to save.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Network? Network { get; set; }

    /// <summary>The model file to write (conventionally *.json).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    protected override void ProcessRecord() =>
        WriteFile(ResolveOutputPath(Path!), $"Save network {Network!.Architecture}", terminating: true, stream => ModelFile.Write(Network, stream));
}
