namespace MnistPS.Imaging;

/// <summary>Names what a file that is not a readable image seems to be, from its first bytes.</summary>
internal static class ImageSignature
{
    /// <summary>Whether the bytes start like one of the formats MnistPS reads (so a failure to open them means a damaged file).</summary>
    public static bool IsSupportedFormat(ReadOnlySpan<byte> bytes) =>
        Starts(bytes, [0x89, (byte)'P', (byte)'N', (byte)'G']) || Starts(bytes, [0xFF, 0xD8, 0xFF]) || Starts(bytes, "GIF8"u8)
        || Starts(bytes, "BM"u8) || (Starts(bytes, "RIFF"u8) && bytes.Length >= 12 && bytes[8..12].SequenceEqual("WEBP"u8));

    /// <summary>A phrase such as "this is a TIFF image" or "the file is not an image", for a file no codec opens.</summary>
    public static string Describe(ReadOnlySpan<byte> bytes)
    {
        if (Starts(bytes, [0x49, 0x49, 0x2A, 0x00]) || Starts(bytes, [0x4D, 0x4D, 0x00, 0x2A]))
        {
            return "this is a TIFF image";
        }

        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8))
        {
            return bytes[8..12].SequenceEqual("avif"u8) ? "this is an AVIF image" : "this is a HEIF/HEIC image or a video";
        }

        if (Starts(bytes, "%PDF"u8))
        {
            return "this is a PDF document, not an image";
        }

        var head = bytes[..Math.Min(bytes.Length, 256)];
        var text = System.Text.Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith("<svg", StringComparison.OrdinalIgnoreCase) || (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && text.Contains("<svg", StringComparison.OrdinalIgnoreCase)))
        {
            return "this is an SVG drawing, not a bitmap image";
        }

        return "the file is not an image";
    }

    private static bool Starts(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> prefix) => bytes.StartsWith(prefix);
}
