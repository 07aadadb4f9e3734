using System.Runtime.InteropServices;
using MnistPS.Plots;
using SkiaSharp;

namespace MnistPS.Imaging;

/// <summary>One digit on a sheet: its pixels, a caption, and whether the caption reports a mistake.</summary>
public sealed class DigitTile
{
    public DigitTile(MnistSample sample, string? caption = null, bool mistake = false, string? fileSuffix = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Sample = sample;
        Caption = caption;
        Mistake = mistake;
        FileSuffix = fileSuffix;
    }

    /// <summary>The digit.</summary>
    public MnistSample Sample { get; }

    /// <summary>The text under the tile, if any.</summary>
    public string? Caption { get; }

    /// <summary>Whether the caption is drawn as an error (a wrong prediction).</summary>
    public bool Mistake { get; }

    /// <summary>What a file of this digit alone is named after its number, such as "-7" or "-2-true7"; null for none.</summary>
    public string? FileSuffix { get; }

    /// <summary>The tile of a sample, captioned with its label.</summary>
    public static DigitTile Of(MnistSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var label = sample.Label?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new(sample, label, fileSuffix: label is null ? null : $"-{label}");
    }

    /// <summary>The tile of a prediction, captioned "predicted (true actual)" and marked when wrong.</summary>
    public static DigitTile Of(MnistPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var wrong = prediction.Actual is { } actual && actual != prediction.Digit;
        return new(
            prediction.Sample,
            wrong ? $"{prediction.Digit} (true {prediction.Actual})" : $"{prediction.Digit}",
            prediction.Correct == false,
            wrong ? $"-{prediction.Digit}-true{prediction.Actual}" : $"-{prediction.Digit}");
    }
}

/// <summary>Digits as PNG pictures: one digit with exactly its pixels, or a captioned grid sheet of many.</summary>
public static class DigitPictures
{
    /// <summary>The largest enlargement.</summary>
    public const int MaxScale = 32;

    /// <summary>The most columns of a sheet.</summary>
    public const int MaxColumns = 100;

    /// <summary>The most pixels of a sheet (64 megapixels); more digits go to a folder (-Directory) or several sheets.</summary>
    public const long MaxSheetPixels = 64L << 20;

    private const int Gap = 4;
    private static readonly SKColor Paper = new(0xF4, 0xF4, 0xF2);
    private static readonly SKColor Text = new(0x20, 0x20, 0x20);
    private static readonly SKColor Wrong = new(0xC6, 0x28, 0x28);

    /// <summary>
    /// A greyscale PNG of one digit with exactly its pixels: 28x28, or each pixel repeated <paramref name="scale"/> x
    /// <paramref name="scale"/> times.
    /// </summary>
    public static void WritePng(MnistSample sample, Stream output, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, MaxScale);
        var side = MnistSample.Columns * scale;
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = new byte[side * side];
        Enlarge(sample.GetPixelSpan(), scale, pixels, side);
        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        Encode(bitmap, output);
    }

    /// <summary>
    /// A sheet of digits in a grid of <paramref name="columns"/> columns, each tile <paramref name="scale"/> times
    /// MNIST's size (light digits on black, as MNIST), captioned below when any tile has a caption; mistakes in red.
    /// </summary>
    public static void WriteSheet(IReadOnlyList<DigitTile> tiles, Stream output, int columns = 10, int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfZero(tiles.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns, MaxColumns);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, MaxScale);

        columns = Math.Min(columns, tiles.Count);
        var rows = (tiles.Count + columns - 1) / columns;
        var tile = MnistSample.Columns * scale;
        var captioned = tiles.Any(t => t.Caption is not null);
        using var font = new SKFont(PlotFonts.Typeface(), Math.Max(11, tile / 5f));
        var captionHeight = captioned ? (int)Math.Ceiling(font.Spacing) + 2 : 0;
        var cellWidth = Math.Max(tile, captioned ? (int)Math.Ceiling(tiles.Max(t => font.MeasureText(t.Caption ?? string.Empty))) : 0) + Gap;
        var cellHeight = tile + captionHeight + Gap;
        long width = Gap + ((long)columns * cellWidth), height = Gap + ((long)rows * cellHeight);
        if (width * height > MaxSheetPixels)
        {
            throw new ArgumentException($"A sheet of {tiles.Count:N0} digits at scale {scale} would be {width:N0} x {height:N0} pixels, over the {MaxSheetPixels >> 20} megapixels a sheet may have. Write fewer digits, a smaller scale, or one file per digit.");
        }

        using var bitmap = new SKBitmap(new SKImageInfo((int)width, (int)height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        using (var ink = new SKPaint { IsAntialias = true })
        using (var digit = new SKBitmap(new SKImageInfo(tile, tile, SKColorType.Gray8, SKAlphaType.Opaque)))
        {
            canvas.Clear(Paper);
            var pixels = new byte[tile * tile];
            for (var i = 0; i < tiles.Count; i++)
            {
                float x = Gap + ((i % columns) * cellWidth), y = Gap + ((i / columns) * cellHeight);
                Enlarge(tiles[i].Sample.GetPixelSpan(), scale, pixels, tile);
                Marshal.Copy(pixels, 0, digit.GetPixels(), pixels.Length);
                canvas.DrawBitmap(digit, x + ((cellWidth - Gap - tile) / 2f), y, new SKSamplingOptions(SKFilterMode.Nearest), null);
                if (tiles[i].Caption is { } caption)
                {
                    ink.Color = tiles[i].Mistake ? Wrong : Text;
                    canvas.DrawText(caption, x + ((cellWidth - Gap) / 2f), y + tile + font.Size, SKTextAlign.Center, font, ink);
                }
            }
        }

        Encode(bitmap, output);
    }

    /// <summary>Each pixel of a 28x28 digit repeated scale x scale times into a side x side buffer.</summary>
    private static void Enlarge(ReadOnlySpan<byte> digit, int scale, Span<byte> target, int side)
    {
        for (var y = 0; y < side; y++)
        {
            var source = digit.Slice((y / scale) * MnistSample.Columns, MnistSample.Columns);
            var row = target.Slice(y * side, side);
            for (var x = 0; x < side; x++)
            {
                row[x] = source[x / scale];
            }
        }
    }

    private static void Encode(SKBitmap bitmap, Stream output)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        data.SaveTo(output);
    }
}
