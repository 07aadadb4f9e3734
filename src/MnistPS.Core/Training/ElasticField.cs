using MnistPS.Numerics;

namespace MnistPS;

/// <summary>
/// The random displacement fields of elastic distortion (Simard, Steinkraus and Platt 2003): one uniform random
/// number in [-1, 1] per pixel, smoothed by a Gaussian of width sigma (zero outside the image, the kernel cut at
/// 3 sigma and summed to 1), scaled by alpha pixels. A field is one component of the displacement; an image takes
/// two, drawn one after the other from its own random stream.
/// </summary>
/// <remarks>
/// The Gaussian is applied as two one-dimensional passes of <see cref="Kernels.Correlate"/>, each a single call so
/// that the vector units work on long runs: the noise rows lie one after another, each between r = ceil(3 sigma)
/// zeros on either side, and the pass along the rows runs over them all (the outputs that straddle two rows are never
/// read); its result goes between r zero rows above and below, and the pass down the columns runs over that.
/// </remarks>
internal sealed class ElasticField
{
    private const int Size = MnistSample.Rows;

    private readonly float[] _taps;
    private readonly float[] _scaledTaps;
    private readonly int _radius;

    /// <param name="alpha">The scale of the displacement, in pixels.</param>
    /// <param name="sigma">The width of the Gaussian that smooths the noise, in pixels.</param>
    public ElasticField(double alpha, double sigma)
    {
        if (!double.IsFinite(alpha) || alpha <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Elastic distortion needs a finite alpha above 0.");
        }

        if (!double.IsFinite(sigma) || sigma <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Elastic distortion needs a finite sigma above 0.");
        }

        _radius = (int)Math.Ceiling(3 * sigma);
        var taps = new double[(2 * _radius) + 1];
        for (var k = -_radius; k <= _radius; k++)
        {
            taps[k + _radius] = Math.Exp(-k * k / (2 * sigma * sigma));
        }

        var sum = taps.Sum();
        _taps = taps.Select(t => (float)(t / sum)).ToArray();
        _scaledTaps = taps.Select(t => (float)(alpha * t / sum)).ToArray();
    }

    /// <summary>The floats of scratch space <see cref="Fill"/> needs.</summary>
    public int ScratchLength => NoiseLength + AcrossLength + Outputs;

    /// <summary>A row of noise with its zero margins: the stride of every buffer of the passes.</summary>
    private int Stride => Size + (2 * _radius);

    /// <summary>
    /// Outputs of a pass: every row's 28 at the row's start and the straddling ones between, rounded up to whole
    /// 8-float vectors so that no output falls to the correlation's scalar tail (unfused where the vectors fuse).
    /// </summary>
    private int Outputs => ((((Size - 1) * Stride) + Size) + 7) & ~7;

    /// <summary>The noise rows one after another, and room for the last outputs' taps.</summary>
    private int NoiseLength => Outputs + (2 * _radius);

    /// <summary>The first pass's outputs between r zero rows above and below.</summary>
    private int AcrossLength => Outputs + (2 * _radius * Stride);

    /// <summary>
    /// Writes one displacement component for each of the 28x28 pixels into <paramref name="field"/> (row-major), its
    /// noise drawn from <paramref name="state"/> (a xorshift64* stream, see <see cref="Noise.Next"/>).
    /// </summary>
    public void Fill(ref ulong state, Span<float> scratch, Span<float> field)
    {
        if (field.Length != MnistSample.PixelCount || scratch.Length < ScratchLength)
        {
            throw new ArgumentException("A field is 28x28 and needs ScratchLength floats of scratch.", nameof(field));
        }

        var stride = Stride;
        var noise = scratch[..NoiseLength];
        var across = scratch.Slice(noise.Length, AcrossLength);
        var down = scratch.Slice(noise.Length + across.Length, Outputs);

        noise.Clear();
        for (var y = 0; y < Size; y++)
        {
            var row = noise.Slice((y * stride) + _radius, Size);
            for (var x = 0; x < Size; x += 2)
            {
                var bits = Noise.Next(ref state);
                row[x] = ((bits >> 40) * (2f / (1 << 24))) - 1f;
                row[x + 1] = (((bits >> 16) & 0xFFFFFF) * (2f / (1 << 24))) - 1f;
            }
        }

        across[..(_radius * stride)].Clear();
        across[((_radius * stride) + Outputs)..].Clear();
        Kernels.Correlate(noise, _taps, 1, across.Slice(_radius * stride, Outputs));
        Kernels.Correlate(across, _scaledTaps, stride, down);
        for (var y = 0; y < Size; y++)
        {
            down.Slice(y * stride, Size).CopyTo(field[(y * Size)..]);
        }
    }
}
