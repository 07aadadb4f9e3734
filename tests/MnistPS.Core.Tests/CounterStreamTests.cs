namespace MnistPS.Tests;

/// <summary>The counter stream of elastic noise and dropout: its vector paths against the definition, draw by draw.</summary>
[Trait("Category", "Kernels")]
public class CounterStreamTests
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    [Theory]
    [InlineData(0UL, 2)]
    [InlineData(12345UL, 30)]
    [InlineData(ulong.MaxValue, 800)]
    [InlineData(0x0123456789ABCDEFUL, 1568)]
    public void Uniform_floats_are_the_top_24_bits_of_each_half_of_each_draw(ulong key, int length)
    {
        var actual = new float[length];
        CounterStream.Uniform(key, actual);
        for (var i = 0; i < length; i++)
        {
            var half = Half(key, i);
            Assert.Equal(((half >> 8) / (double)(1 << 23)) - 1, actual[i]);
            Assert.InRange(actual[i], -1f, 1f - (1f / (1 << 23)));
        }
    }

    [Theory]
    [InlineData(7UL, 10, 0.25)]
    [InlineData(99UL, 800, 0.5)]
    [InlineData(3UL, 1200, 0.1)]
    public void A_keep_mask_drops_exactly_the_units_whose_draw_is_below_the_threshold(ulong key, int length, double rate)
    {
        var threshold = (uint)(rate * 4294967296.0);
        var actual = new float[length];
        CounterStream.KeepMask(key, threshold, 2f, actual);
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(Half(key, i) < threshold ? 0f : 2f, actual[i]);
        }
    }

    [Fact]
    public void Masks_drop_the_rate_asked_for_and_streams_with_other_keys_differ()
    {
        var (mask, other) = (new float[800], new float[800]);
        long dropped = 0;
        for (var key = 0UL; key < 1000; key++)
        {
            CounterStream.KeepMask(key, 1U << 30, 4f / 3, mask);
            dropped += mask.Count(m => m == 0);
        }

        // 800,000 draws at a rate of 1/4: the count's standard deviation is about 390.
        Assert.InRange(dropped, 200_000 - 2_000, 200_000 + 2_000);
        CounterStream.KeepMask(1, 1U << 30, 1, mask);
        CounterStream.KeepMask(2, 1U << 30, 1, other);
        Assert.NotEqual(mask, other);
        Assert.Throws<ArgumentException>(() => CounterStream.Uniform(1, new float[3]));
    }

    /// <summary>Element i of a stream by definition: the low (even i) or high (odd i) half of SplitMix64 draw i / 2.</summary>
    private static uint Half(ulong key, int i)
    {
        var draw = CounterStream.Mix(unchecked(key + ((ulong)(i / 2) + 1) * Gamma));
        return i % 2 == 0 ? (uint)draw : (uint)(draw >> 32);
    }
}
