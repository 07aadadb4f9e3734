using System.Management.Automation;

namespace MnistPS;

/// <summary>A cmdlet that reads files named by -Path (wildcards) or -LiteralPath (as typed, or from Get-ChildItem).</summary>
public abstract class FileInputCmdlet : MnistCmdlet
{
    /// <summary>The parameter set of -Path.</summary>
    protected const string PathSet = "Path";

    /// <summary>The parameter set of -LiteralPath.</summary>
    protected const string LiteralPathSet = "LiteralPath";

    /// <summary>Files to read; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>Files to read, taken literally (no wildcards); bound from Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>Whether the files come from -LiteralPath.</summary>
    protected bool IsLiteral => ParameterSetName == LiteralPathSet;

    /// <summary>The files of this pipeline input, resolved through the provider (PathNotFound errors for misses).</summary>
    protected IEnumerable<string> InputFiles() => ResolveFiles(IsLiteral ? LiteralPath : Path, IsLiteral);
}
