using MnistPS.Imaging;

namespace MnistPS.Tests;

/// <summary>The imaging kernels give bit for bit what their plain loops give, for every length around the vector width.</summary>
public class PixelKernelTests
{
    public static TheoryData<int> Lengths => new() { 0, 1, 7, 8, 9, 15, 16, 17, 33, 200, 1001 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Luma_matches_the_plain_loop(int length)
    {
        var random = new Random(length);
        var rgba = new byte[length * 4];
        random.NextBytes(rgba);
        for (var i = 3; i < rgba.Length; i += 4)
        {
            // Mostly opaque, as photos are; some transparent and some partly so.
            rgba[i] = random.Next(4) switch { 0 => 0, 1 => rgba[i], _ => 255 };
        }

        var expected = new float[length];
        for (var x = 0; x < length; x++)
        {
            var luma = ((77 * rgba[4 * x]) + (150 * rgba[(4 * x) + 1]) + (29 * rgba[(4 * x) + 2]) + 128) >> 8;
            var alpha = rgba[(4 * x) + 3];
            expected[x] = alpha == 255 ? luma : ((alpha * luma) + (255 * (255 - alpha))) / 255f;
        }

        var actual = new float[length];
        PixelKernels.Luma(rgba, actual);
        AssertSameBits(expected, actual);
    }

    private static void AssertSameBits(float[] expected, float[] actual) =>
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
}
