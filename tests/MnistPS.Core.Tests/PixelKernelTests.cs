using MnistPS.Imaging;

namespace MnistPS.Tests;

/// <summary>The imaging kernels give bit for bit what their plain loops give, for every length around the vector width.</summary>
[Trait("Category", "Kernels")]
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

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Invert_matches_the_plain_loop(int length)
    {
        var values = Values(length, 1);
        var expected = values.Select(v => 255 - v).ToArray();
        PixelKernels.Invert(values);
        AssertSameBits(expected, values);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Bin_counts_match_the_plain_loop(int length)
    {
        var values = Values(length, 2);
        var expected = new int[256];
        foreach (var v in values)
        {
            expected[v <= 0 ? 0 : v >= 255 ? 255 : (int)(v + 0.5f)]++;
        }

        var actual = new int[256];
        PixelKernels.CountBins(values, actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Grouped_bin_counts_match_the_plain_loop(int length)
    {
        var values = Values(length, 11);
        var group = Enumerable.Range(0, length).Select(x => (x / 5) % 3 * 256).ToArray();
        var expected = new int[3 * 256];
        for (var x = 0; x < length; x++)
        {
            var v = values[x];
            expected[group[x] + (v <= 0 ? 0 : v >= 255 ? 255 : (int)(v + 0.5f))]++;
        }

        var actual = new int[3 * 256];
        PixelKernels.CountBins(values, group, actual);
        Assert.Equal(expected, actual);
        if (group.Contains(2 * 256))
        {
            // The third group's bins do not fit in counts one short of three groups.
            Assert.Throws<ArgumentException>(() => PixelKernels.CountBins(values, group, new int[(3 * 256) - 1]));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Subtracting_a_bilinear_background_matches_the_plain_loop(int length)
    {
        var values = Values(length, 3);
        var fx = Values(length, 4).Select(v => v / 300).ToArray();
        var (left, leftStep, right, rightStep) = (Values(length, 7), Values(length, 8), Values(length, 9), Values(length, 10));
        const float fy = 0.3125f;
        var expected = values.Select((v, x) =>
        {
            var a = left[x] + (fy * leftStep[x]);
            var b = right[x] + (fy * rightStep[x]);
            return Math.Max(0, v - (a + (fx[x] * (b - a))));
        }).ToArray();
        PixelKernels.SubtractBilinear(values, fx, fy, left, leftStep, right, rightStep);
        AssertSameBits(expected, values);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Stretch_matches_the_plain_loop(int length)
    {
        var values = Values(length, 5);
        var expected = values.Select(v => Math.Clamp((v - 31.7f) * (1 / 97.3f), 0, 1)).ToArray();
        PixelKernels.Stretch(values, 31.7f, 1 / 97.3f);
        AssertSameBits(expected, values);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Searches_find_the_first_value_at_or_above_and_below_a_threshold(int length)
    {
        var values = Values(length, 6);
        for (var start = 0; start <= length; start++)
        {
            var above = Enumerable.Range(start, length - start).FirstOrDefault(x => values[x] >= 200, length);
            var below = Enumerable.Range(start, length - start).FirstOrDefault(x => values[x] < 200, length);
            Assert.Equal(above, PixelKernels.IndexOfAtLeast(values, start, 200));
            Assert.Equal(below, PixelKernels.IndexOfBelow(values, start, 200));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Whole_levels_are_recognised_wherever_a_value_breaks_them(int length)
    {
        var values = Enumerable.Range(0, length).Select(x => (float)(x * 37 % 256)).ToArray();
        Assert.True(PixelKernels.AreWholeLevels(values));
        foreach (var odd in new[] { 0.5f, -1f, 256f, 3.0000002f, float.NaN })
        {
            for (var x = 0; x < length; x++)
            {
                var copy = (float[])values.Clone();
                copy[x] = odd;
                Assert.False(PixelKernels.AreWholeLevels(copy));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Adding_counts_matches_the_plain_loop(int length)
    {
        var random = new Random(length);
        var counts = Enumerable.Range(0, length).Select(_ => random.Next(1000)).ToArray();
        var sum = Enumerable.Range(0, length).Select(_ => random.Next(1000)).ToArray();
        var expected = sum.Select((s, i) => s + counts[i]).ToArray();
        PixelKernels.AddCounts(counts, sum);
        Assert.Equal(expected, sum);
    }

    /// <summary>Intensities as images have them: whole levels, halves, fractions, exact 0 and 255, and a few outside 0..255.</summary>
    private static float[] Values(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.Next(6) switch
        {
            0 => random.Next(256),
            1 => random.Next(256) + 0.5f,
            2 => 0f,
            3 => 255f,
            4 => (random.NextSingle() * 300) - 20,
            _ => random.NextSingle() * 255,
        }).ToArray();
    }

    private static void AssertSameBits(float[] expected, float[] actual) =>
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
}
