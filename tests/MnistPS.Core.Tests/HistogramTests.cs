using MnistPS.Imaging;

namespace MnistPS.Tests;

public class HistogramTests
{
    [Fact]
    public void Quantiles_are_the_first_bin_where_the_running_count_reaches_q_times_the_count()
    {
        var random = new Random(3);
        for (var trial = 0; trial < 300; trial++)
        {
            var histogram = new Histogram();
            var values = Enumerable.Range(0, random.Next(0, 40)).Select(_ => (float)random.Next(random.Next(1, 256))).ToArray();
            histogram.Add(values);
            var (first, last) = (random.Next(0, 200), random.Next(200, 256));
            foreach (var q in new[] { 0, 0.1, 0.25, 0.5, 0.5000001, 0.75, 0.999, 1 })
            {
                Assert.Equal(Reference(values, q, first, last), histogram.Quantile(q, first, last));
                Assert.Equal(Reference(values, q, 0, 255), histogram.Quantile(q));
            }
        }
    }

    /// <summary>The definition, comparing the running count with q count in double.</summary>
    private static int Reference(float[] values, double q, int first, int last)
    {
        var count = values.Count(v => v >= first && v <= last);
        long seen = 0;
        for (var i = first; i <= last; i++)
        {
            seen += values.Count(v => v == i);
            if (seen >= q * count && seen > 0)
            {
                return i;
            }
        }

        return last;
    }
}
