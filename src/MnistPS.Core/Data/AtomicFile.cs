namespace MnistPS;

/// <summary>Writes a file through a temporary file beside it, renamed over the target only when complete.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> on a temporary file in the target's folder, flushes it to disk and renames it to
    /// <paramref name="path"/>. If anything fails, the temporary file is deleted and the previous file is untouched.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var file = new PendingFile(path);
        write(file.Stream);
        file.Commit();
    }
}

/// <summary>
/// A file being written: a temporary file beside the target that <see cref="Commit"/> flushes to disk and renames
/// over the target. Disposing it uncommitted deletes the temporary file, so the target is either the old file or
/// the complete new one, never half of one.
/// </summary>
public sealed class PendingFile : IDisposable
{
    private readonly string _temporary;
    private bool _committed;

    /// <summary>
    /// Starts writing <paramref name="path"/>. A target that is a folder, or whose folder does not exist, is refused
    /// with a message naming it (never the temporary file).
    /// </summary>
    public PendingFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        if (Directory.Exists(Path))
        {
            throw new IOException($"'{Path}' is a folder, not a file. Give a file name in it (for example {System.IO.Path.Combine(Path, "name")}).");
        }

        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot write '{Path}': the folder '{folder}' does not exist. Create it first (New-Item -ItemType Directory) or write elsewhere.");
        }

        _temporary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        Stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <summary>The target.</summary>
    public string Path { get; }

    /// <summary>Where to write.</summary>
    public FileStream Stream { get; }

    /// <summary>Flushes to disk and renames the temporary file over the target.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(_temporary, Path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed && File.Exists(_temporary))
        {
            File.Delete(_temporary);
        }
    }
}
