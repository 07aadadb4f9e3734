using System.IO.Compression;

namespace MnistPS.Fuzzing;

/// <summary>Turns a fuzz input into the file or files a reader is given (the cmdlets take paths, so the harness reads real files).</summary>
internal static class FuzzFiles
{
    /// <summary>The images file of an IDX pair; its labels file is the sibling Import-MnistData finds (fuzz-labels-idx1-ubyte).</summary>
    public const string ImagesName = "fuzz-images-idx3-ubyte";

    /// <summary>The labels file of an IDX pair.</summary>
    public const string LabelsName = "fuzz-labels-idx1-ubyte";

    /// <summary>Writes <paramref name="bytes"/> as <paramref name="name"/> in <paramref name="folder"/>; returns its path.</summary>
    public static string Write(string folder, string name, ReadOnlySpan<byte> bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }

    /// <summary>
    /// Splits an IDX input into its two files: the first two bytes (big-endian) are the labels file's length, 0 for no
    /// labels file; the labels file follows, then the images file. Returns the images path.
    /// </summary>
    public static string WriteIdxPair(string folder, byte[] input, bool gzip)
    {
        var suffix = gzip ? ".gz" : string.Empty;
        var labelsPath = Path.Combine(folder, LabelsName + suffix);
        File.Delete(labelsPath);
        var labelsLength = input.Length < 2 ? 0 : Math.Min((input[0] << 8) | input[1], input.Length - 2);
        var rest = input.AsSpan(Math.Min(input.Length, 2));
        if (labelsLength > 0)
        {
            WriteFile(labelsPath, rest[..labelsLength], gzip);
        }

        var imagesPath = Path.Combine(folder, ImagesName + suffix);
        WriteFile(imagesPath, input.Length < 2 ? input : rest[labelsLength..], gzip);
        return imagesPath;
    }

    /// <summary>The input an IDX target takes for a labels file (or none) and an images file: the inverse of <see cref="WriteIdxPair"/>.</summary>
    public static byte[] IdxInput(ReadOnlySpan<byte> labels, ReadOnlySpan<byte> images)
    {
        var input = new byte[2 + labels.Length + images.Length];
        input[0] = (byte)(labels.Length >> 8);
        input[1] = (byte)labels.Length;
        labels.CopyTo(input.AsSpan(2));
        images.CopyTo(input.AsSpan(2 + labels.Length));
        return input;
    }

    private static void WriteFile(string path, ReadOnlySpan<byte> bytes, bool gzip)
    {
        using var file = File.Create(path);
        if (!gzip)
        {
            file.Write(bytes);
            return;
        }

        using var compressed = new GZipStream(file, CompressionLevel.Fastest);
        compressed.Write(bytes);
    }
}
