using MnistPS.Imaging;
using SkiaSharp;

namespace MnistPS.Tests;

/// <summary>MNIST-style normalisation of images the tests render from MNIST digits.</summary>
public class ImagePreprocessingTests(DefaultNetwork trained) : IClassFixture<DefaultNetwork>
{
    private const int Digits = 500;

    [Fact]
    public void A_28x28_MNIST_png_imports_pixel_for_pixel()
    {
        for (var i = 0; i < 1000; i++)
        {
            var digit = TestData.Test.GetImage(i);
            Assert.Equal(digit.ToArray(), DigitImage.Decode(DigitPhotos.Png(digit), "gray.png").Pixels);
            Assert.Equal(digit.ToArray(), DigitImage.Decode(DigitPhotos.Encode(28, 28, ImageFiles.Rgba(digit), SKEncodedImageFormat.Png), "rgba.png").Pixels);
        }
    }

    [Fact]
    public void An_inverted_28x28_digit_is_inverted_back_exactly()
    {
        var digit = TestData.Test.GetImage(3);
        var inverted = DigitPhotos.Encode(28, 28, ImageFiles.Rgba(digit, p => ((byte)(255 - p), (byte)(255 - p), (byte)(255 - p), 255)), SKEncodedImageFormat.Png);
        Assert.Equal(digit.ToArray(), DigitImage.Decode(inverted, "inverted.png").Pixels);
        Assert.Equal(digit.ToArray(), DigitImage.Decode(inverted, "inverted.png", new ImageOptions { Invert = InvertMode.Always }).Pixels);
        Assert.Equal(digit.ToArray().Select(p => (byte)(255 - p)), DigitImage.Decode(DigitPhotos.Png(digit), "always.png", new ImageOptions { Invert = InvertMode.Always }).Pixels);
    }

    [Fact]
    public void NoPreprocess_only_resizes_to_28x28()
    {
        // Each pixel of the digit repeated over a 2x2 block: area averaging gives the digit back exactly.
        var digit = TestData.Test.GetImage(5);
        var rgba = new byte[56 * 56 * 4];
        for (var y = 0; y < 56; y++)
        {
            for (var x = 0; x < 56; x++)
            {
                var p = digit[((y / 2) * 28) + (x / 2)];
                rgba[((y * 56) + x) * 4] = rgba[(((y * 56) + x) * 4) + 1] = rgba[(((y * 56) + x) * 4) + 2] = p;
                rgba[(((y * 56) + x) * 4) + 3] = 255;
            }
        }

        var sample = DigitImage.Decode(DigitPhotos.Encode(56, 56, rgba, SKEncodedImageFormat.Png), "big.png", new ImageOptions { Preprocess = false });
        Assert.Equal(digit.ToArray(), sample.Pixels);
    }

    [Fact]
    public void Samples_carry_their_file_and_label()
    {
        var folder = TestData.NewFolder();
        var path = Path.Combine(folder, "seven.png");
        File.WriteAllBytes(path, DigitPhotos.Png(TestData.Test.GetImage(0)));
        var sample = DigitImage.Read(path, label: 7);
        Assert.Equal(path, sample.Source);
        Assert.Equal(7, sample.Label);
        Assert.Equal(0, sample.Index);
    }

    public static TheoryData<string> Variants() => ["ink on paper, JPEG", "transparent drawing", "light ink on a dark noisy background", "scaled up 9x, in a corner", "small: scaled 2x", "with specks of dust", "large photo 3000x2400"];

    /// <summary>For 500 test digits, each variant is predicted as the raw digit is (at least 97 % agreement) and looks like it.</summary>
    [Trait("Category", "Slow")]
    [Theory]
    [MemberData(nameof(Variants))]
    public void Rendered_variants_are_read_as_the_raw_digit(string variant)
    {
        var count = variant.StartsWith("large", StringComparison.Ordinal) ? 20 : Digits;
        var raw = Enumerable.Range(0, count).Select(i => TestData.Test.GetSample(i)).ToList();
        var images = Enumerable.Range(0, count).Select(i => DigitImage.Decode(Render(variant, TestData.Test.GetImage(i), i), variant)).ToList();
        var expected = trained.Predict(raw);
        var actual = trained.Predict(images);
        var agreement = expected.Zip(actual).Count(p => p.First == p.Second) / (double)count;
        var difference = raw.Zip(images).Average(p => MeanAbsoluteDifference(p.First.GetPixelSpan(), p.Second.GetPixelSpan()));
        Assert.True(agreement >= 0.97, $"{variant}: {agreement:P1} of predictions agree");
        Assert.True(difference < 12, $"{variant}: pixels differ by {difference:F1} on average");
    }

    [Theory]
    [InlineData(3f, 1f)]
    [InlineData(6f, 1f)]
    [InlineData(18f, 1f)]
    [InlineData(3f, 3.6f)]
    [InlineData(6f, 10.8f)]
    public void Strokes_of_any_pen_on_any_canvas_come_out_about_as_thick_and_bright_as_MNIST_s(float pen, float canvas)
    {
        // MNIST's test digits: stroke width (2A/P at 128 and above) 1.46 at the 10th percentile, 2.0 at the median;
        // 50-130 pixels of 200 and above.
        var sample = DigitImage.Decode(DigitPhotos.PenDrawingOfTwo(pen, canvas), $"pen{pen}.png");
        var width = StrokeWidth.Of(ToInk(sample));
        Assert.InRange(width, 1.3f, 2.6f);
        Assert.InRange(sample.Pixels.Count(p => p >= 200), 40, 160);
        Assert.Equal(2, trained.Predict([sample])[0]);
    }

    [Fact]
    public void A_large_photo_is_decoded_at_a_reduced_size()
    {
        var photo = DigitPhotos.InkOnPaper(TestData.Test.GetImage(0), seed: 1, width: 3000, height: 2400, scale: 60);
        var grey = ImageDecoder.Decode(photo, "large.jpg");
        Assert.InRange(Math.Max(grey.Width, grey.Height), ImageOptions.WorkingSize / 2, ImageOptions.WorkingSize);
    }

    [Fact]
    public void Resampling_keeps_a_flat_image_flat_and_averages_areas()
    {
        var flat = Image(37, 23, Enumerable.Repeat(100f, 37 * 23).ToArray());
        Assert.All(Pixels(Resampler.Resize(flat, (0, 0, 37, 23), 20, 13)), v => Assert.Equal(100f, v, 0.001f));
        Assert.All(Pixels(Resampler.Resize(flat, (3, 2, 5, 4), 20, 16)), v => Assert.Equal(100f, v, 0.001f));
        var steps = Image(4, 1, [0, 10, 20, 30]);
        Assert.Equal([5f, 25f], Pixels(Resampler.Resize(steps, (0, 0, 4, 1), 2, 1)));
    }

    private static GreyImage ToInk(MnistSample sample) => Image(28, 28, sample.Pixels.Select(p => p / 255f).ToArray());

    private static GreyImage Image(int width, int height, float[] values)
    {
        var image = new GreyImage(width, height);
        for (var y = 0; y < height; y++)
        {
            values.AsSpan(y * width, width).CopyTo(image.Row(y));
        }

        return image;
    }

    private static float[] Pixels(GreyImage image) => Enumerable.Range(0, image.Height).SelectMany(y => image.Row(y).ToArray()).ToArray();

    private static byte[] Render(string variant, ReadOnlySpan<byte> digit, int seed) => variant switch
    {
        "ink on paper, JPEG" => DigitPhotos.InkOnPaper(digit, seed),
        "transparent drawing" => DigitPhotos.TransparentDrawing(digit),
        "light ink on a dark noisy background" => Inverted(DigitPhotos.InkOnPaper(digit, seed, quality: 95)),
        "scaled up 9x, in a corner" => DigitPhotos.InkOnPaper(digit, seed, width: 600, height: 400, scale: 9),
        "small: scaled 2x" => DigitPhotos.InkOnPaper(digit, seed, width: 80, height: 70, scale: 2, quality: 95),
        "with specks of dust" => WithSpecks(DigitPhotos.InkOnPaper(digit, seed, width: 400, height: 400, scale: 6), seed),
        "large photo 3000x2400" => DigitPhotos.InkOnPaper(digit, seed, width: 3000, height: 2400, scale: 60),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    /// <summary>The photo with its colours inverted: light ink on dark, noisy paper.</summary>
    private static byte[] Inverted(byte[] jpeg) => Transform(jpeg, (rgba, _, _) =>
    {
        for (var i = 0; i < rgba.Length; i++)
        {
            rgba[i] = (i & 3) == 3 ? rgba[i] : (byte)(255 - rgba[i]);
        }
    });

    /// <summary>Three dark specks (4x4 pixels) near the corners of the photo.</summary>
    private static byte[] WithSpecks(byte[] jpeg, int seed) => Transform(jpeg, (rgba, width, height) =>
    {
        var random = new Random(seed);
        foreach (var (cx, cy) in new[] { (random.Next(5, 30), random.Next(5, 30)), (width - random.Next(10, 30), random.Next(5, 30)), (random.Next(5, 30), height - random.Next(10, 30)) })
        {
            for (var y = cy; y < cy + 4; y++)
            {
                for (var x = cx; x < cx + 4; x++)
                {
                    rgba[((y * width) + x) * 4] = rgba[(((y * width) + x) * 4) + 1] = rgba[(((y * width) + x) * 4) + 2] = 30;
                }
            }
        }
    });

    private static byte[] Transform(byte[] encoded, Action<byte[], int, int> change)
    {
        using var original = SKBitmap.Decode(encoded);
        using var bitmap = original.Copy(SKColorType.Rgba8888);
        var rgba = bitmap.Bytes;
        change(rgba, bitmap.Width, bitmap.Height);
        return DigitPhotos.Encode(bitmap.Width, bitmap.Height, rgba, SKEncodedImageFormat.Png);
    }

    private static double MeanAbsoluteDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum / a.Length;
    }
}
