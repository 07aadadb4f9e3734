using CsCheck;
using MnistPS.Fuzzing;
using MnistPS.Imaging;
using SkiaSharp;

namespace MnistPS.Tests.Properties;

/// <summary>Images: lossless 28x28 digits read back pixel for pixel; any image is a digit or a typed error; damaged files too.</summary>
public sealed class ImageProperties : IDisposable
{
    private const int RoundTripCases = 200;
    private const int AnyImageCases = 300;
    private const int MutationCases = 1500;

    private static readonly ImageOptions AsItIs = new() { Preprocess = false, Invert = InvertMode.Never };

    private readonly string _folder = TestData.NewFolder();

    private static Gen<SKEncodedImageFormat> Lossless { get; } = Gen.OneOf(SKEncodedImageFormat.Png, SKEncodedImageFormat.Bmp, SKEncodedImageFormat.Gif);

    /// <summary>An RGBA image of 1 to 48 pixels a side, flat, noisy or a dark stroke on light, in any format MnistPS reads.</summary>
    private static Gen<byte[]> Images { get; } =
        Gen.Select(Gen.Int[1, 48], Gen.Int[1, 48], Gen.Int[0, 2], Gen.Int[0, 4], Gen.UInt)
            .Select((width, height, kind, format, seed) => Encoded(width, height, kind, format, seed));

    [Fact]
    public void Lossless_digits_read_back_pixel_for_pixel()
    {
        Property.Check(Gen.Select(CsvProperties.Pixels, Lossless), c =>
        {
            var (pixels, format) = c;
            var bytes = format switch
            {
                SKEncodedImageFormat.Bmp => SeedImages.Bmp(pixels),
                SKEncodedImageFormat.Gif => SeedImages.Gif(pixels),
                _ => SeedImages.Encode(pixels, MnistSample.Rows, format),
            };
            var sample = DigitImage.Decode(bytes, "digit." + format, AsItIs);
            Assert.True(pixels.AsSpan().SequenceEqual(sample.GetPixelSpan()), $"a {format} digit came back with other pixels");
        }, RoundTripCases, stream: 31);
    }

    [Fact]
    public void Any_image_is_a_digit_or_a_typed_error()
    {
        var target = FuzzTargets.Find("Image")!;
        Property.Check(Images, bytes =>
        {
            var outcome = target.Execute(bytes, _folder);
            Assert.True(outcome.Error is null or MnistImageException { Kind: ImageProblem.NoInk }, $"a valid image was refused: {outcome}");
        }, AnyImageCases, stream: 32);
    }

    [Fact]
    public void Damaged_images_are_a_digit_or_a_typed_error()
    {
        // Typed error only and bounded managed memory: the harness checks it (a crash in Skia's native decoders would end the run).
        var target = FuzzTargets.Find("Image")!;
        Property.Check(Gen.Select(Images, Mutation.Some), c => target.Execute(Mutation.ApplyAll(c.Item2, c.Item1, numbers: null).Bytes, _folder), MutationCases, stream: 33);
    }

    private static byte[] Encoded(int width, int height, int kind, int format, uint seed)
    {
        var random = new Random((int)seed);
        var rgba = new byte[width * height * 4];
        random.NextBytes(rgba);
        for (var i = 0; i < width * height; i++)
        {
            var ink = kind == 2 && Math.Abs((i % width) - (i / width * width / height)) <= 1;
            if (kind != 1)
            {
                rgba.AsSpan(4 * i, 3).Fill(ink ? (byte)20 : (byte)230);
            }

            rgba[(4 * i) + 3] = kind == 1 ? rgba[(4 * i) + 3] : (byte)255;
        }

        if (format >= 3)
        {
            return format == 3 ? SeedImages.Bmp(Grey(rgba), width, height) : SeedImages.Gif(Grey(rgba), width, height);
        }

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format switch { 0 => SKEncodedImageFormat.Png, 1 => SKEncodedImageFormat.Jpeg, _ => SKEncodedImageFormat.Webp }, 80);
        return data.ToArray();
    }

    private static byte[] Grey(byte[] rgba) => Enumerable.Range(0, rgba.Length / 4).Select(i => rgba[4 * i]).ToArray();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
