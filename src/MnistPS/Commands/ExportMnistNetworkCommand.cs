using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>Saves a network as a versioned JSON model file, atomically.</summary>
[Cmdlet(VerbsData.Export, "MnistNetwork", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMnistNetworkCommand : MnistCmdlet
{
    /// <summary>The network to save.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Network? Network { get; set; }

    /// <summary>The model file to write (conventionally *.json).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit the written file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var target = ResolveOutputPath(Path!);
        if (File.Exists(target) && !Force)
        {
            ThrowTerminatingError(new ErrorRecord(
                new IOException($"'{target}' already exists. Use -Force to overwrite it."), ErrorIds.FileExists, ErrorCategory.ResourceExists, target));
        }

        if (!ShouldProcess(target, $"Save network {Network!.Architecture}"))
        {
            return;
        }

        try
        {
            ModelFile.Save(Network, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e, target);
        }

        if (PassThru)
        {
            WriteObject(new FileInfo(target));
        }
    }
}
