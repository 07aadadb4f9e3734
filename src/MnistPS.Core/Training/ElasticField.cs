using MnistPS.Numerics;

namespace MnistPS;

/// <summary>
/// The random displacement fields of elastic distortion (Simard, Steinkraus and Platt 2003): one uniform random
/// number in [-1, 1] per pixel, smoothed by a Gaussian of width sigma (zero outside the image, the kernel cut at
/// 3 sigma and summed to 1), scaled by alpha pixels. A field is one component of the displacement; an image takes
/// two, drawn one after the other from its own random stream.
/// </summary>
/// <remarks>
/// The Gaussian is applied as two one-dimensional passes of <see cref="Kernels.Correlate"/>, so that the vector
/// units do the work: along each row, whose noise sits between r = ceil(3 sigma) zeros on either side, into the
/// middle rows of a 32-column buffer with r zero rows above and below; then down its columns in one call.
/// </remarks>
internal sealed class ElasticField
{
    private const int Size = MnistSample.Rows;

    /// <summary>Columns of the passes' buffers: the 28 of a row and 4 more, whole vectors of either width.</summary>
    private const int Columns = 32;

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
    public int ScratchLength => (Size * NoiseStride) + (PaddedRows * Columns) + (Size * Columns);

    /// <summary>A row of noise with its zero margins, long enough for 32 outputs.</summary>
    private int NoiseStride => Columns + (2 * _radius);

    private int PaddedRows => Size + (2 * _radius);

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

        var noise = scratch[..(Size * NoiseStride)];
        var across = scratch.Slice(noise.Length, PaddedRows * Columns);
        var down = scratch.Slice(noise.Length + across.Length, Size * Columns);

        noise.Clear();
        for (var y = 0; y < Size; y++)
        {
            var row = noise.Slice((y * NoiseStride) + _radius, Size);
            for (var x = 0; x < Size; x += 2)
            {
                var bits = Noise.Next(ref state);
                row[x] = ((bits >> 40) * (2f / (1 << 24))) - 1f;
                row[x + 1] = (((bits >> 16) & 0xFFFFFF) * (2f / (1 << 24))) - 1f;
            }
        }

        across[..(_radius * Columns)].Clear();
        across[((Size + _radius) * Columns)..].Clear();
        for (var y = 0; y < Size; y++)
        {
            Kernels.Correlate(noise.Slice(y * NoiseStride, NoiseStride), _taps, 1, across.Slice((y + _radius) * Columns, Columns));
        }

        Kernels.Correlate(across, _scaledTaps, Columns, down);
        for (var y = 0; y < Size; y++)
        {
            down.Slice(y * Columns, Size).CopyTo(field[(y * Size)..]);
        }
    }
}
