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
    /// (so -WhatIf says what it would write, existing file or not) and <see cref="CanWrite"/> does; emits it with
    /// -PassThru. A refused or failed write is a terminating error when <paramref name="terminating"/>, else a
    /// non-terminating one for this file.
    /// </summary>
    protected void WriteFile(string target, string action, bool terminating, Action<Stream> write)
    {
        if (!ShouldProcess(target, action) || !CanWrite(target, terminating))
        {
            return;
        }

        try
        {
            AtomicFile.Write(target, write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Report(ToErrorRecord(e, target), terminating);
            return;
        }

        EmitWritten(target);
    }

    /// <summary>Whether <paramref name="target"/> may be written: an existing file needs -Force (else an error, see <see cref="WriteFile"/>).</summary>
    protected bool CanWrite(string target, bool terminating)
    {
        if (File.Exists(target) && !Force)
        {
            Report(new ErrorRecord(new IOException($"'{target}' already exists. Use -Force to overwrite it."), ErrorIds.FileExists, ErrorCategory.ResourceExists, target), terminating);
            return false;
        }

        return true;
    }

    /// <summary>With -PassThru, emits the file as the provider's item (as Get-Item does: mode, size and folder show).</summary>
    protected void EmitWritten(string target)
    {
        if (PassThru)
        {
            WriteObject(SessionState.InvokeProvider.Item.Get([target], force: false, literalPath: true), enumerateCollection: true);
        }
    }

    private void Report(ErrorRecord error, bool terminating)
    {
        if (terminating)
        {
            ThrowTerminatingError(error);
        }

        WriteError(error);
    }
}
