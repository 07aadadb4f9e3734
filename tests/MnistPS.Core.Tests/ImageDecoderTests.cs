using MnistPS.Imaging;
using SkiaSharp;

namespace MnistPS.Tests;

/// <summary>The decoder's greyscale is, bit for bit, the luma over white of each pixel averaged over factor x factor cells.</summary>
public class ImageDecoderTests
{
    [Theory]
    [InlineData(300, 200)] // factor 1
    [InlineData(1500, 37)] // factor 2, one chunk per row
    [InlineData(9001, 23)] // factor 9, rows in chunks of cells, last cell narrower
    [InlineData(4100, 5)] // factor 5, chunks of 4095 pixels
    public void Greyscale_matches_the_plain_per_pixel_definition(int width, int height)
    {
        var random = new Random(width);
        var rgba = new byte[width * height * 4];
        random.NextBytes(rgba);
        for (var i = 3; i < rgba.Length; i += 4)
        {
            rgba[i] = random.Next(3) switch { 0 => 255, 1 => 0, _ => rgba[i] };
        }

        var grey = ImageDecoder.Decode(DigitPhotos.Encode(width, height, rgba, SKEncodedImageFormat.Png), "wide.png");

        var factor = (Math.Max(width, height) + ImageOptions.WorkingSize - 1) / ImageOptions.WorkingSize;
        var expected = new float[(width + factor - 1) / factor, (height + factor - 1) / factor];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = 4 * ((y * width) + x);
                var luma = ((77 * rgba[i]) + (150 * rgba[i + 1]) + (29 * rgba[i + 2]) + 128) >> 8;
                var alpha = rgba[i + 3];
                expected[x / factor, y / factor] += alpha == 255 ? luma : ((alpha * luma) + (255 * (255 - alpha))) / 255f;
            }
        }

        Assert.Equal((expected.GetLength(0), expected.GetLength(1)), (grey.Width, grey.Height));
        for (var cy = 0; cy < grey.Height; cy++)
        {
            for (var cx = 0; cx < grey.Width; cx++)
            {
                var average = factor == 1 ? expected[cx, cy] : expected[cx, cy] / (Math.Min(factor, height - (cy * factor)) * Math.Min(factor, width - (cx * factor)));
                Assert.Equal(BitConverter.SingleToInt32Bits(average), BitConverter.SingleToInt32Bits(grey[cx, cy]));
            }
        }
    }
}
