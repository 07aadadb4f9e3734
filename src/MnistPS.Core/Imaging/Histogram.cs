namespace MnistPS.Imaging;

/// <summary>A 256-bin histogram of intensities, with Otsu's threshold and quantiles.</summary>
internal sealed class Histogram
{
    private readonly int[] _counts = new int[256];

    /// <summary>The histogram of the pixels of <paramref name="image"/>, each rounded and clamped to 0..255.</summary>
    public static Histogram Of(GreyImage image)
    {
        var histogram = new Histogram();
        for (var y = 0; y < image.Height; y++)
        {
            histogram.Add(image.Row(y));
        }

        return histogram;
    }

    public long Total { get; private set; }

    /// <summary>Counts <paramref name="values"/>, each rounded and clamped to 0..255.</summary>
    public void Add(ReadOnlySpan<float> values)
    {
        PixelKernels.CountBins(values, _counts);
        Total += values.Length;
    }

    /// <summary>Adds the 256 bin counts of another histogram.</summary>
    public void AddCounts(ReadOnlySpan<int> counts)
    {
        for (var i = 0; i < 256; i++)
        {
            _counts[i] += counts[i];
            Total += counts[i];
        }
    }

    /// <summary>The number of values in bin <paramref name="i"/>.</summary>
    public int Count(int i) => _counts[i];

    /// <summary>Reverses the bins: the histogram of 255 - v when every value v is a whole level 0..255.</summary>
    public void Mirror() => Array.Reverse(_counts);

    public static int Bin(float value) => value <= 0 ? 0 : value >= 255 ? 255 : (int)(value + 0.5f);

    /// <summary>
    /// Otsu's threshold: the bin t that maximises the between-class variance of [0, t] and (t, 255]; -1 when every value
    /// falls in one bin.
    /// </summary>
    public int OtsuThreshold()
    {
        double sum = 0;
        for (var i = 0; i < 256; i++)
        {
            sum += i * (double)_counts[i];
        }

        double below = 0, sumBelow = 0, best = -1;
        var threshold = -1;
        for (var t = 0; t < 255; t++)
        {
            below += _counts[t];
            sumBelow += t * (double)_counts[t];
            var above = Total - below;
            if (below == 0 || above == 0)
            {
                continue;
            }

            // sigma_b^2 = w0 w1 (mu0 - mu1)^2
            var difference = (sumBelow / below) - ((sum - sumBelow) / above);
            var variance = below * above * difference * difference;
            if (variance > best)
            {
                best = variance;
                threshold = t;
            }
        }

        return threshold;
    }

    /// <summary>The smallest bin at or below which a fraction <paramref name="q"/> of the values in [first, last] fall.</summary>
    public int Quantile(double q, int first = 0, int last = 255)
    {
        var count = Total;
        if (first != 0 || last != 255)
        {
            count = 0;
            for (var i = first; i <= last; i++)
            {
                count += _counts[i];
            }
        }

        return Quantile(_counts, count, q, first, last);
    }

    /// <summary>The median bin of the 256 bin <paramref name="counts"/> of <paramref name="count"/> values, as <see cref="Quantile(double, int, int)"/> gives it.</summary>
    public static int Median(ReadOnlySpan<int> counts, long count) => Quantile(counts, count, 0.5, 0, 255);

    /// <summary>The smallest bin in [first, last] at which the running count reaches q times <paramref name="count"/> (last when it never does).</summary>
    private static int Quantile(ReadOnlySpan<int> counts, long count, double q, int first, int last)
    {
        // A whole running count reaches q count and is positive exactly when it reaches the whole number target.
        var target = Math.Max(1, (long)Math.Ceiling(q * count));
        long seen = 0;
        for (var i = first; i <= last; i++)
        {
            seen += counts[i];
            if (seen >= target)
            {
                return i;
            }
        }

        return last;
    }

    /// <summary>Mean and standard deviation of the values in bins [first, last].</summary>
    public (double Mean, double Deviation) Moments(int first, int last)
    {
        double n = 0, sum = 0, squares = 0;
        for (var i = first; i <= last; i++)
        {
            n += _counts[i];
            sum += i * (double)_counts[i];
            squares += i * (double)i * _counts[i];
        }

        if (n == 0)
        {
            return (0, 0);
        }

        var mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(0, (squares / n) - (mean * mean))));
    }
}
