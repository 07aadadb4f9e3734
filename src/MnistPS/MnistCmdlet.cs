using System.Management.Automation;
using MnistPS.Imaging;

namespace MnistPS;

/// <summary>What every MnistPS cmdlet shares: cancellation on Ctrl+C, path resolution and error records.</summary>
public abstract class MnistCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken Cancellation => _cancellation.Token;

    /// <summary>The data shipped with the module (data/ beside the assemblies).</summary>
    protected static string ShippedDataFolder => Path.Combine(Path.GetDirectoryName(typeof(MnistCmdlet).Assembly.Location)!, "data");

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the cmdlet holds; PowerShell calls it when the pipeline ends, however it ends.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cancellation.Dispose();
        }
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>
    /// Resolves -Path (wildcards) or -LiteralPath through the provider to file-system paths. A path that matches nothing
    /// is a non-terminating PathNotFound error; a path on another provider is refused.
    /// </summary>
    protected IEnumerable<string> ResolveFiles(string[]? paths, bool literal)
    {
        foreach (var path in paths ?? [])
        {
            List<string> resolved = [];
            try
            {
                if (literal)
                {
                    var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                    RequireFileSystem(provider, path);
                    if (!File.Exists(full) && !Directory.Exists(full))
                    {
                        throw new ItemNotFoundException($"Cannot find path '{full}' because it does not exist.");
                    }

                    resolved.Add(full);
                }
                else
                {
                    foreach (var full in GetResolvedProviderPathFromPSPath(path, out var provider))
                    {
                        RequireFileSystem(provider, path);
                        resolved.Add(full);
                    }
                }
            }
            catch (ItemNotFoundException e)
            {
                WriteError(new ErrorRecord(e, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
                continue;
            }

            foreach (var file in resolved)
            {
                if (Directory.Exists(file))
                {
                    WriteError(new ErrorRecord(
                        new ArgumentException($"{file}: this is a folder, not a file. Name the files in it (for example {System.IO.Path.Combine(file, "*")})."),
                        ErrorIds.InvalidArgument,
                        ErrorCategory.InvalidArgument,
                        file));
                    continue;
                }

                yield return file;
            }
        }
    }

    /// <summary>A path for a file to write, resolved against the current location (the file need not exist).</summary>
    protected string ResolveOutputPath(string path)
    {
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        RequireFileSystem(provider, path);
        return full;
    }

    /// <summary>
    /// The samples among <paramref name="results"/>; a file that cannot be read as a digit is a non-terminating error
    /// naming it, and the next files still flow.
    /// </summary>
    private protected IEnumerable<MnistSample> SamplesOf(IEnumerable<ImageReadResult> results)
    {
        foreach (var result in results)
        {
            Cancellation.ThrowIfCancellationRequested();
            if (result.Error is not null)
            {
                WriteError(ToErrorRecord(result.Error, result.File));
                continue;
            }

            yield return result.Sample!;
        }
    }

    /// <summary>Maps an engine exception to an error record with a stable id and the right category.</summary>
    protected static ErrorRecord ToErrorRecord(Exception exception, object? target) => exception switch
    {
        MnistImageException e => new ErrorRecord(e, ImageErrorId(e.Kind), ImageErrorCategory(e.Kind), target ?? e.Path),
        MnistRecordException e => new ErrorRecord(e, ErrorIds.InvalidRecord, ErrorCategory.InvalidData, target ?? e.Path),
        MnistFormatException e => new ErrorRecord(e, ErrorIds.InvalidFileFormat, ErrorCategory.InvalidData, target ?? e.Path),
        ModelFileException e => new ErrorRecord(e, ErrorIds.InvalidModelFile, ErrorCategory.InvalidData, target ?? e.Path),
        TrainingDivergedException e => new ErrorRecord(e, ErrorIds.TrainingDiverged, ErrorCategory.InvalidResult, target),
        ArgumentException e => new ErrorRecord(e, ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, target),
        DirectoryNotFoundException e => new ErrorRecord(e, ErrorIds.WriteFailed, ErrorCategory.ObjectNotFound, target),
        IOException e => new ErrorRecord(e, ErrorIds.WriteFailed, ErrorCategory.WriteError, target),
        UnauthorizedAccessException e => new ErrorRecord(e, ErrorIds.WriteFailed, ErrorCategory.PermissionDenied, target),
        _ => new ErrorRecord(exception, exception.GetType().Name, ErrorCategory.NotSpecified, target),
    };

    private static string ImageErrorId(ImageProblem problem) => problem switch
    {
        ImageProblem.TooLarge => ErrorIds.ImageTooLarge,
        ImageProblem.NoInk => ErrorIds.NoInk,
        _ => ErrorIds.InvalidImage,
    };

    private static ErrorCategory ImageErrorCategory(ImageProblem problem) => problem switch
    {
        ImageProblem.TooLarge => ErrorCategory.LimitsExceeded,
        ImageProblem.Unreadable => ErrorCategory.ReadError,
        _ => ErrorCategory.InvalidData,
    };

    /// <summary>
    /// How to name an input object a cmdlet cannot use: its PowerShell type name, with a hint when it is a deserialised
    /// copy (from Import-Clixml, a job or remoting), which has the properties of the original but is not one.
    /// </summary>
    protected static string DescribeInput(PSObject? item) =>
        item is null ? "null"
        : item.TypeNames.Count > 0 && item.TypeNames[0].StartsWith("Deserialized.", StringComparison.Ordinal)
            ? $"{item.TypeNames[0]} (a copy from Import-Clixml, a job or remoting, which has the original's properties but is not one: use it in the session that made it)"
            : item.BaseObject.GetType().Name;

    /// <summary>Throws a terminating error built from an engine exception.</summary>
    protected void Fail(Exception exception, object? target) => ThrowTerminatingError(ToErrorRecord(exception, target));

    private void RequireFileSystem(ProviderInfo provider, string path)
    {
        if (provider.Name != "FileSystem")
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"'{path}' is on the {provider.Name} provider; MnistPS reads and writes files only."),
                ErrorIds.InvalidArgument,
                ErrorCategory.InvalidArgument,
                path));
        }
    }
}
