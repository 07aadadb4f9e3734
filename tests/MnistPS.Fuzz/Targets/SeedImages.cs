using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace MnistPS.Fuzzing;

/// <summary>Small digit pictures for the seed corpora: Skia encodes PNG, JPEG and WebP; BMP and GIF (which Skia does not write) are written here.</summary>
internal static class SeedImages
{
    private const int Side = MnistSample.Rows;

    /// <summary>A 28x28 digit as MNIST has them: a slanted stroke of light ink on black, drawn from <paramref name="seed"/>.</summary>
    public static byte[] Digit(int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[MnistSample.PixelCount];
        int top = random.Next(8, 20), bottom = random.Next(8, 20), width = random.Next(2, 4);
        for (var y = 4; y < 24; y++)
        {
            var x = top + ((bottom - top) * (y - 4) / 20);
            for (var dx = 0; dx < width; dx++)
            {
                pixels[(y * Side) + x + dx] = (byte)random.Next(128, 256);
            }
        }

        return pixels;
    }

    /// <summary>Dark ink on light paper.</summary>
    public static byte[] Inverted(byte[] grey) => grey.Select(p => (byte)(255 - p)).ToArray();

    /// <summary>A 28x28 grey image encoded by Skia.</summary>
    public static byte[] Encode(byte[] grey, int side, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque));
        Marshal.Copy(grey, 0, bitmap.GetPixels(), grey.Length);
        return Encode(bitmap, format);
    }

    /// <summary>The digit enlarged to <paramref name="side"/> pixels as black ink on a transparent background (a drawing program's PNG).</summary>
    public static byte[] Transparent(byte[] grey, int side)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var rgba = new byte[side * side * 4];
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                rgba[(((y * side) + x) * 4) + 3] = grey[(y * Side / side * Side) + (x * Side / side)];
            }
        }

        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        return Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>A 24-bit BMP of a grey image (28x28 unless said): bottom-up rows of blue, green, red, each padded to 4 bytes.</summary>
    public static byte[] Bmp(byte[] grey, int width = Side, int height = Side)
    {
        const int header = 14 + 40;
        var row = ((width * 3) + 3) & ~3;
        var bmp = new byte[header + (row * height)];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), header);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(34), row * height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bmp.AsSpan(header + ((height - 1 - y) * row) + (x * 3), 3).Fill(grey[(y * width) + x]);
            }
        }

        return bmp;
    }

    /// <summary>
    /// A GIF of a grey image (28x28 unless said) with a 256-level grey palette. Its LZW data is all literal 9-bit codes, with a clear code every 254 pixels so
    /// that the code size never grows: valid, if not compressed.
    /// </summary>
    public static byte[] Gif(byte[] grey, int width = Side, int height = Side)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        gif.Write([(byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0xF7, 0, 0]);
        for (var level = 0; level < 256; level++)
        {
            gif.Write([(byte)level, (byte)level, (byte)level]);
        }

        gif.Write([0x2C, 0, 0, 0, 0, (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0, 8]);
        const int clear = 256, end = 257;
        var codes = new List<int>();
        for (var i = 0; i < grey.Length; i++)
        {
            if (i % 254 == 0)
            {
                codes.Add(clear);
            }

            codes.Add(grey[i]);
        }

        codes.Add(end);
        var data = new byte[((codes.Count * 9) + 7) / 8];
        for (var c = 0; c < codes.Count; c++)
        {
            for (var bit = 0; bit < 9; bit++)
            {
                var at = (c * 9) + bit;
                data[at / 8] |= (byte)(((codes[c] >> bit) & 1) << (at % 8));
            }
        }

        for (var start = 0; start < data.Length; start += 255)
        {
            var block = data.AsSpan(start, Math.Min(255, data.Length - start));
            gif.WriteByte((byte)block.Length);
            gif.Write(block);
        }

        gif.Write([0, 0x3B]);
        return gif.ToArray();
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 75);
        return data.ToArray();
    }
}
