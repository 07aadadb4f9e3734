using MnistPS.Imaging;

namespace MnistPS.Tests;

/// <summary>Block histograms after inversion, mirrored or recounted, are those of the inverted image.</summary>
public class BlockHistogramsTests
{
    [Theory]
    [InlineData(200, 200, true)]
    [InlineData(37, 91, true)]
    [InlineData(200, 150, false)]
    [InlineData(5, 3, false)]
    public void Inverted_histograms_equal_a_recount_of_the_inverted_image(int width, int height, bool wholeLevels)
    {
        var random = new Random(width + height);
        var image = new GreyImage(width, height);
        for (var y = 0; y < height; y++)
        {
            foreach (ref var v in image.Row(y))
            {
                // Whole levels, or (as averaged pixels have) halves and quarters and the odd float just below a half.
                v = wholeLevels ? random.Next(256) : random.Next(4) switch
                {
                    0 => random.Next(256),
                    1 => random.Next(255) + 0.5f,
                    2 => random.Next(255) + 0.25f,
                    _ => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(random.Next(255) + 0.5f) - 1),
                };
            }
        }

        var inverted = BlockHistograms.Of(image);
        InkMap.Invert(image);
        inverted.Invert(image);
        var recounted = BlockHistograms.Of(image);
        for (var by = 0; by < recounted.Rows; by++)
        {
            for (var bx = 0; bx < recounted.Columns; bx++)
            {
                Assert.Equal(recounted.Bins(bx, by).ToArray(), inverted.Bins(bx, by).ToArray());
            }
        }

        Assert.Equal(width * height, inverted.Whole().Total);
    }
}
