using MnistPS.Imaging;

namespace MnistPS.Tests;

/// <summary>Block medians and the whole histogram after inversion, mirrored or recounted, are those of the inverted image.</summary>
public class BlockMediansTests
{
    [Theory]
    [InlineData(200, 200, true)]
    [InlineData(37, 91, true)]
    [InlineData(200, 150, false)]
    [InlineData(5, 3, false)]
    public void Inverted_medians_equal_a_recount_of_the_inverted_image(int width, int height, bool wholeLevels)
    {
        var random = new Random(width + height);
        var image = new GreyImage(width, height);
        for (var y = 0; y < height; y++)
        {
            foreach (ref var v in image.Row(y))
            {
                // Whole levels, or (as averaged pixels have) halves and quarters and the odd float just below a half. A
                // few levels only, so that medians fall where the bins below and above hold exactly half.
                var level = 100 + random.Next(4);
                v = wholeLevels ? level : random.Next(4) switch
                {
                    0 => level,
                    1 => level + 0.5f,
                    2 => level + 0.25f,
                    _ => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(level + 0.5f) - 1),
                };
            }
        }

        var inverted = BlockMedians.Of(image);
        InkMap.Invert(image);
        inverted.Invert(image);
        var recounted = BlockMedians.Of(image);
        for (var by = 0; by < recounted.Rows; by++)
        {
            for (var bx = 0; bx < recounted.Columns; bx++)
            {
                Assert.Equal(recounted.Median(bx, by), inverted.Median(bx, by));
            }
        }

        Assert.Equal(Enumerable.Range(0, 256).Select(recounted.Whole.Count), Enumerable.Range(0, 256).Select(inverted.Whole.Count));
        Assert.Equal(width * height, inverted.Whole.Total);
    }

    [Fact]
    public void Medians_are_those_of_each_blocks_histogram()
    {
        var image = new GreyImage(10, 9);
        for (var y = 0; y < 9; y++)
        {
            for (var x = 0; x < 10; x++)
            {
                image[x, y] = (x * 7) + (y * 3);
            }
        }

        // Blocks of 4: columns 0-3, 4-7, 8-9 and rows 0-3, 4-7, 8.
        var blocks = BlockMedians.Of(image);
        Assert.Equal((4, 3, 3), (blocks.Block, blocks.Columns, blocks.Rows));
        for (var by = 0; by < 3; by++)
        {
            for (var bx = 0; bx < 3; bx++)
            {
                var histogram = new Histogram();
                for (var y = by * 4; y < Math.Min(9, (by + 1) * 4); y++)
                {
                    histogram.Add(image.Row(y)[(bx * 4)..Math.Min(10, (bx + 1) * 4)]);
                }

                Assert.Equal(histogram.Quantile(0.5), blocks.Median(bx, by));
            }
        }
    }
}
