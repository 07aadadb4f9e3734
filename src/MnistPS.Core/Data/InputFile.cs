using System.IO.Compression;

namespace MnistPS;

/// <summary>Opens data files, decompressing gzip when the bytes say so (whatever the file name).</summary>
internal static class InputFile
{
    private const int BufferSize = 1 << 16;

    /// <summary>Opens <paramref name="path"/> for sequential reading; gzip is detected from its magic bytes 1F 8B.</summary>
    /// <exception cref="MnistReadException">The file is missing, a folder, not readable, or the device fails.</exception>
    public static Stream Open(string path, out bool compressed)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, string.Empty, e);
        }

        try
        {
            Span<byte> magic = stackalloc byte[2];
            var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            compressed = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        }
        catch (IOException e)
        {
            file.Dispose();
            throw Unreadable(path, string.Empty, e);
        }

        return compressed ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false) : file;
    }

    /// <summary>
    /// Reads up to <paramref name="buffer"/>.Length bytes; fewer only at the end of the data. Corrupt gzip becomes a format
    /// error, a failing device a read error.
    /// </summary>
    public static int ReadFully(Stream stream, Span<byte> buffer, string path, string location)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new MnistFormatException(path, location, $"the gzip data is corrupt ({e.Message}). Download or decompress the file again.", e);
        }
        catch (IOException e)
        {
            throw Unreadable(path, location, e);
        }
    }

    /// <summary>What an I/O failure opening or reading <paramref name="path"/> means, as a read error naming the file and what to do.</summary>
    public static MnistReadException Unreadable(string path, string location, Exception error) => error switch
    {
        _ when Directory.Exists(path) => new(path, location, $"this is a folder, not a file. Name the files in it (for example {Path.Combine(path, "*")}).", error),
        FileNotFoundException => new(path, location, "the file does not exist. Check the path.", error),
        DirectoryNotFoundException => new(path, location, "the folder does not exist. Check the path.", error),
        UnauthorizedAccessException => new(path, location, "the file cannot be read (access denied). Check its permissions.", error),
        _ => new(path, location, $"the file cannot be read ({error.Message}). Check that no other program holds it and that the disk is readable.", error),
    };
}
