using System.Management.Automation;

namespace MnistPS;

/// <summary>A cmdlet that writes files: -Force, -PassThru and -WhatIf, and one way of writing each file.</summary>
public abstract class FileOutputCmdlet : MnistCmdlet
{
    /// <summary>Overwrite existing files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit the written files, as Get-Item does.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// Writes <paramref name="target"/> atomically (through a temporary file renamed over it) when ShouldProcess agrees
    /// (so -WhatIf says what it would write, existing file or not) and the file does not exist or -Force is given; emits
    /// it with -PassThru. A file that exists, a missing folder or a failed
    /// write is a terminating error when <paramref name="terminating"/>, else a non-terminating one for this file.
    /// </summary>
    protected void WriteFile(string target, string action, bool terminating, Action<Stream> write)
    {
        var folder = System.IO.Path.GetDirectoryName(target)!;
        ErrorRecord? error = null;
        if (!ShouldProcess(target, action))
        {
            return;
        }

        if (File.Exists(target) && !Force)
        {
            error = new ErrorRecord(new IOException($"'{target}' already exists. Use -Force to overwrite it."), ErrorIds.FileExists, ErrorCategory.ResourceExists, target);
        }
        else if (!Directory.Exists(folder))
        {
            error = new ErrorRecord(new DirectoryNotFoundException($"The folder '{folder}' does not exist. Create it first (New-Item -ItemType Directory)."), ErrorIds.WriteFailed, ErrorCategory.ObjectNotFound, target);
        }
        else
        {
            try
            {
                AtomicFile.Write(target, write);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                error = ToErrorRecord(e, target);
            }
        }

        if (error is not null)
        {
            if (terminating)
            {
                ThrowTerminatingError(error);
            }

            WriteError(error);
            return;
        }

        if (PassThru)
        {
            WriteObject(SessionState.InvokeProvider.Item.Get([target], force: false, literalPath: true), enumerateCollection: true);
        }
    }
}
