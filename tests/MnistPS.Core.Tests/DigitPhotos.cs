using SkiaSharp;

namespace MnistPS.Tests;

/// <summary>
/// Renders MNIST digits as the images people bring: photographs of ink on paper (light, unevenly lit, noisy paper; dark
/// ink; 4-9x larger; off-centre; JPEG) and canvas drawings on a transparent background. Seeded: the same digit and
/// seed give the same bytes. Shared by the tests and the benchmark.
/// </summary>
internal static class DigitPhotos
{
    private const int NoiseTableSize = 1 << 16;

    /// <summary>Standard normal values, drawn once from a fixed seed; each photo reads them from a seeded offset and stride.</summary>
    private static readonly float[] Noise = NormalTable(NoiseTableSize, seed: 7);

    /// <summary>A photo of <paramref name="digit"/> written in ink on paper, encoded as JPEG.</summary>
    public static byte[] InkOnPaper(ReadOnlySpan<byte> digit, int seed, int? width = null, int? height = null, double? scale = null, int quality = 85)
    {
        var random = new Random(seed);
        var factor = scale ?? (4 + (random.NextDouble() * 5));
        var side = (int)Math.Round(28 * factor);
        var w = width ?? (int)(side * (1.3 + (random.NextDouble() * 0.9)));
        var h = height ?? (int)(side * (1.3 + (random.NextDouble() * 0.9)));
        var left = random.Next(0, Math.Max(1, w - side));
        var top = random.Next(0, Math.Max(1, h - side));
        var ink = Upscale(digit, side);

        // Paper: a base level with a lighting gradient across the page, slightly warm; ink: dark blue-black.
        var paper = 175 + (random.NextSingle() * 60);
        var slopeX = (random.NextSingle() - 0.5f) * 50 / w;
        var slopeY = (random.NextSingle() - 0.5f) * 50 / h;
        var darkness = (0.65f + (random.NextSingle() * 0.25f)) / 255;
        var sigma = 4 + (random.NextSingle() * 5);
        var offset = random.Next(NoiseTableSize);
        var stride = (random.Next(NoiseTableSize / 2) * 2) + 1;

        var pixels = new byte[w * h * 4];
        var n = 0;
        for (var y = 0; y < h; y++)
        {
            var iy = y - top;
            var inkRow = iy >= 0 && iy < side ? ink.AsSpan(iy * side, side) : default;
            var level = paper + (slopeY * (y - (h / 2f))) - (slopeX * (w / 2f));
            for (var x = 0; x < w; x++, n++)
            {
                var ix = x - left;
                float coverage = !inkRow.IsEmpty && ix >= 0 && ix < side ? inkRow[ix] : 0;
                var shade = (level + (slopeX * x)) * (1 - (darkness * coverage)) + (sigma * Noise[(offset + (n * stride)) & (NoiseTableSize - 1)]);
                pixels[4 * n] = Clamp(shade - (coverage * (10f / 255)));
                pixels[(4 * n) + 1] = Clamp(shade - 3);
                pixels[(4 * n) + 2] = Clamp(shade - 8 + (coverage * (25f / 255)));
                pixels[(4 * n) + 3] = 255;
            }
        }

        return Encode(w, h, pixels, SKEncodedImageFormat.Jpeg, quality);
    }

    /// <summary>A drawing of <paramref name="digit"/> as a canvas exports it: black strokes on a transparent background, PNG.</summary>
    public static byte[] TransparentDrawing(ReadOnlySpan<byte> digit, int size = 280)
    {
        var inkSide = size * 20 / 28;
        var ink = Upscale(digit, inkSide);
        var info = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var drawing = new SKBitmap(info);
        var pixels = new byte[size * size * 4];
        var margin = (size - inkSide) / 2;
        for (var y = 0; y < inkSide; y++)
        {
            for (var x = 0; x < inkSide; x++)
            {
                // Black with the ink as alpha: only the alpha channel carries the digit.
                pixels[((((y + margin) * size) + x + margin) * 4) + 3] = ink[(y * inkSide) + x];
            }
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, drawing.GetPixels(), pixels.Length);
        using var image = SKImage.FromBitmap(drawing);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A 2 drawn with a round pen of <paramref name="pen"/> pixels, black on a transparent canvas (280x280 times <paramref name="scale"/>), as PNG.</summary>
    public static byte[] PenDrawingOfTwo(float pen, float scale = 1)
    {
        var side = (int)(280 * scale);
        using var surface = SKSurface.Create(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.Transparent);
        surface.Canvas.Scale(scale);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = pen / scale, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round };
        using var builder = new SKPathBuilder();
        builder.MoveTo(92, 96);
        builder.CubicTo(104, 46, 196, 44, 194, 104);
        builder.CubicTo(192, 150, 124, 186, 84, 228);
        builder.LineTo(204, 224);
        using var path = builder.Detach();
        surface.Canvas.DrawPath(path, paint);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A 28x28 digit as a greyscale PNG, pixel for pixel.</summary>
    public static byte[] Png(ReadOnlySpan<byte> digit, SKColorType colorType = SKColorType.Gray8)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(digit.ToArray(), 0, bitmap.GetPixels(), 784);
        using var converted = colorType == SKColorType.Gray8 ? bitmap.Copy() : bitmap.Copy(colorType);
        using var image = SKImage.FromBitmap(converted);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Encodes an RGBA image of the given pixels in <paramref name="format"/>.</summary>
    public static byte[] Encode(int width, int height, byte[] rgba, SKEncodedImageFormat format, int quality = 90)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>The 28x28 digit enlarged to side x side by bilinear interpolation (light ink on black, as MNIST).</summary>
    internal static byte[] Upscale(ReadOnlySpan<byte> digit, int side)
    {
        var result = new byte[side * side];
        var scale = 28f / side;
        Span<int> first = stackalloc int[side];
        Span<float> fraction = stackalloc float[side];
        for (var i = 0; i < side; i++)
        {
            var u = Math.Clamp(((i + 0.5f) * scale) - 0.5f, 0, 27);
            first[i] = Math.Min((int)u, 26);
            fraction[i] = u - first[i];
        }

        for (var y = 0; y < side; y++)
        {
            var top = digit.Slice(first[y] * 28, 28);
            var bottom = digit.Slice((first[y] + 1) * 28, 28);
            var fy = fraction[y];
            for (var x = 0; x < side; x++)
            {
                int x0 = first[x];
                var fx = fraction[x];
                var upper = top[x0] + (fx * (top[x0 + 1] - top[x0]));
                var lower = bottom[x0] + (fx * (bottom[x0 + 1] - bottom[x0]));
                result[(y * side) + x] = (byte)(upper + (fy * (lower - upper)) + 0.5f);
            }
        }

        return result;
    }

    private static byte Clamp(float value) => value <= 0 ? (byte)0 : value >= 255 ? (byte)255 : (byte)(value + 0.5f);

    private static float[] NormalTable(int count, int seed)
    {
        var random = new Random(seed);
        var table = new float[count];
        for (var i = 0; i < count; i += 2)
        {
            // Box-Muller: two independent standard normals from two uniforms.
            var radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            var angle = 2 * Math.PI * random.NextDouble();
            table[i] = (float)(radius * Math.Cos(angle));
            table[i + 1] = (float)(radius * Math.Sin(angle));
        }

        return table;
    }
}
