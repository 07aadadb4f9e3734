using System.Buffers.Binary;
using SkiaSharp;

namespace MnistPS.Tests;

/// <summary>Image files made by the tests: MNIST digits in every format, and broken or lying ones.</summary>
internal static class ImageFiles
{
    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <summary>A 28x28 RGBA image of <paramref name="digit"/>, each pixel mapped by <paramref name="pixel"/> (default: grey as is).</summary>
    public static byte[] Rgba(ReadOnlySpan<byte> digit, Func<byte, (byte R, byte G, byte B, byte A)>? pixel = null)
    {
        var rgba = new byte[digit.Length * 4];
        for (var i = 0; i < digit.Length; i++)
        {
            var (r, g, b, a) = pixel?.Invoke(digit[i]) ?? (digit[i], digit[i], digit[i], (byte)255);
            rgba[4 * i] = r;
            rgba[(4 * i) + 1] = g;
            rgba[(4 * i) + 2] = b;
            rgba[(4 * i) + 3] = a;
        }

        return rgba;
    }

    /// <summary>A valid PNG whose IHDR claims <paramref name="width"/> x <paramref name="height"/> (the chunk's CRC fixed, so only the size lies).</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        var png = DigitPhotos.Png(TestData.Test.GetImage(0));

        // Signature (8 bytes), then IHDR: length (4), type (4), width (4), height (4), ..., CRC over type and data.
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>A JPEG whose frame header claims <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] JpegClaiming(int width, int height)
    {
        var jpeg = DigitPhotos.InkOnPaper(TestData.Test.GetImage(0), seed: 1);
        for (var i = 2; i < jpeg.Length - 9; i++)
        {
            // SOF0/SOF1/SOF2 marker: FF C0..C2, length (2), precision (1), height (2), width (2).
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), (ushort)width);
                return jpeg;
            }
        }

        throw new InvalidOperationException("No frame header in the JPEG.");
    }

    /// <summary>A flat image of one grey level.</summary>
    public static byte[] Flat(int width, int height, byte level, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        var rgba = new byte[width * height * 4];
        for (var i = 0; i < rgba.Length; i += 4)
        {
            rgba[i] = rgba[i + 1] = rgba[i + 2] = level;
            rgba[i + 3] = 255;
        }

        return DigitPhotos.Encode(width, height, rgba, format);
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
