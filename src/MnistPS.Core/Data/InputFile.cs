using System.IO.Compression;

namespace MnistPS;

/// <summary>Opens data files, decompressing gzip when the bytes say so (whatever the file name).</summary>
internal static class InputFile
{
    private const int BufferSize = 1 << 16;

    /// <summary>Opens <paramref name="path"/> for sequential reading; gzip is detected from its magic bytes 1F 8B.</summary>
    public static Stream Open(string path, out bool compressed)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new MnistFormatException(path, string.Empty, "the file does not exist. Check the path.", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new MnistFormatException(path, string.Empty, "the folder does not exist. Check the path.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new MnistFormatException(path, string.Empty, "the file cannot be read (access denied).", e);
        }

        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        compressed = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        return compressed ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false) : file;
    }

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes; fewer only at the end of the data. Corrupt gzip becomes a format error.</summary>
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
    }
}
