using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>Loads networks saved by Export-MnistNetwork.</summary>
[Cmdlet(VerbsData.Import, "MnistNetwork", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Network))]
public sealed class ImportMnistNetworkCommand : MnistCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>Model files; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>Model files, taken literally; bound from Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveFiles(ParameterSetName == PathSet ? Path : LiteralPath, ParameterSetName == LiteralPathSet))
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
