using MnistPS.Numerics;

namespace MnistPS;

/// <summary>
/// The random displacement fields of elastic distortion (Simard, Steinkraus and Platt 2003): one uniform random
/// number in [-1, 1) per pixel, smoothed by a Gaussian of width sigma (zero outside the image, the kernel cut at
/// 3 sigma and summed to 1), scaled by alpha pixels. A field is one component of the displacement; an image takes
/// two, drawn one after the other from its own random stream.
/// </summary>
/// <remarks>
/// The Gaussian is applied as two one-dimensional passes, each a product with the 28x28 matrix T of the taps
/// (T[k, x] = g(x - k) within r = ceil(3 sigma), 0 beyond it; T is symmetric): along the rows, the noise of both fields
/// (56 rows) times T, one <see cref="Kernels.MatrixProduct(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int)"/>
/// call; down the columns, alpha T times each field's result, a call each, which skips T's zeros beyond the cut (the
/// same sums, but for the sign of a zero). Every output takes its multiply-adds in tap order. Zero padding outside the
/// image is T's cut-off at the image's edges.
/// </remarks>
internal sealed class ElasticField
{
    private const int Size = MnistSample.Rows;

    /// <summary>A field's row in the passes' results, padded to whole vectors (the padding stays 0).</summary>
    private const int Width = 32;

    /// <summary>Where a field's pass results start after the other's.</summary>
    private const int FieldLength = Size * Width;

    /// <summary>T, padded to rows of <see cref="Width"/>: the row pass's right-hand side.</summary>
    private readonly float[] _rowTaps = new float[Size * Width];

    /// <summary>alpha T, 28x28: the column pass's left-hand side.</summary>
    private readonly float[] _columnTaps = new float[Size * Size];

    /// <summary>How far T's taps reach either side of its diagonal (beyond, they are 0).</summary>
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

        var radius = _radius = (int)Math.Ceiling(3 * sigma);
        var taps = new double[(2 * radius) + 1];
        for (var k = -radius; k <= radius; k++)
        {
            taps[k + radius] = Math.Exp(-k * k / (2 * sigma * sigma));
        }

        var sum = taps.Sum();
        for (var k = 0; k < Size; k++)
        {
            for (var x = Math.Max(0, k - radius); x <= Math.Min(Size - 1, k + radius); x++)
            {
                var tap = taps[x - k + radius] / sum;
                _rowTaps[(k * Width) + x] = (float)tap;
                _columnTaps[(k * Size) + x] = (float)(alpha * tap);
            }
        }
    }

    /// <summary>The floats of scratch space <see cref="Fill"/> needs: the noise, then each pass's results.</summary>
    public static int ScratchLength => (2 * MnistSample.PixelCount) + (4 * FieldLength);

    /// <summary>
    /// Writes the two displacement components for each of the 28x28 pixels into <paramref name="fieldX"/> and
    /// <paramref name="fieldY"/> (row-major), their noise the uniform draws of the <see cref="CounterStream"/> keyed
    /// by <paramref name="key"/>: the first 784 for x, the next 784 for y.
    /// </summary>
    public void Fill(ulong key, Span<float> scratch, Span<float> fieldX, Span<float> fieldY)
    {
        const int pixels = MnistSample.PixelCount;
        if (fieldX.Length != pixels || fieldY.Length != pixels || scratch.Length < ScratchLength)
        {
            throw new ArgumentException("A field is 28x28 and needs ScratchLength floats of scratch.", nameof(scratch));
        }

        var noise = scratch[..(2 * pixels)];
        var across = scratch.Slice(noise.Length, 2 * FieldLength);
        var down = scratch.Slice(noise.Length + across.Length, 2 * FieldLength);
        CounterStream.Uniform(key, noise);

        Kernels.MatrixProduct(noise, _rowTaps, across, Size);
        Kernels.MatrixProduct(_columnTaps, across[..FieldLength], down[..FieldLength], Size, _radius);
        Kernels.MatrixProduct(_columnTaps, across[FieldLength..], down[FieldLength..], Size, _radius);
        for (var y = 0; y < Size; y++)
        {
            down.Slice(y * Width, Size).CopyTo(fieldX[(y * Size)..]);
            down.Slice(FieldLength + (y * Width), Size).CopyTo(fieldY[(y * Size)..]);
        }
    }
}
