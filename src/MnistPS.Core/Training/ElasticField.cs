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
/// image is T's cut-off at the image's edges. The fields stay where the column passes leave them, rows padded to
/// <see cref="Stride"/> floats, which the warp reads as they are.
/// </remarks>
internal sealed class ElasticField
{
    private const int Size = MnistSample.Rows;

    /// <summary>The floats from one row of a field to the next: a row's 28, then padding to whole vectors (which stays 0).</summary>
    public const int Stride = 32;

    /// <summary>The floats of one field, its rows padded to <see cref="Stride"/>.</summary>
    private const int FieldLength = Size * Stride;

    /// <summary>T, padded to rows of <see cref="Stride"/>: the row pass's right-hand side.</summary>
    private readonly float[] _rowTaps = new float[Size * Stride];

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
                _rowTaps[(k * Stride) + x] = (float)tap;
                _columnTaps[(k * Size) + x] = (float)(alpha * tap);
            }
        }
    }

    /// <summary>
    /// The floats of scratch space <see cref="Fill"/> needs: the two fields, then the row pass's results; the noise
    /// goes where the fields will be, since the row pass has read it before they are written.
    /// </summary>
    public static int ScratchLength => 4 * FieldLength;

    /// <summary>The x component of the displacement in <paramref name="scratch"/> after <see cref="Fill"/>: 28 rows of <see cref="Stride"/> floats.</summary>
    public static ReadOnlySpan<float> X(ReadOnlySpan<float> scratch) => scratch[..FieldLength];

    /// <summary>The y component, as <see cref="X"/>.</summary>
    public static ReadOnlySpan<float> Y(ReadOnlySpan<float> scratch) => scratch.Slice(FieldLength, FieldLength);

    /// <summary>
    /// Makes the two displacement components for each of the 28x28 pixels in <paramref name="scratch"/> (read them with
    /// <see cref="X"/> and <see cref="Y"/>), their noise the uniform draws of the <see cref="CounterStream"/> keyed by
    /// <paramref name="key"/>: the first 784 for x, the next 784 for y.
    /// </summary>
    public void Fill(ulong key, Span<float> scratch)
    {
        if (scratch.Length < ScratchLength)
        {
            throw new ArgumentException("Elastic fields need ScratchLength floats of scratch.", nameof(scratch));
        }

        var fields = scratch[..(2 * FieldLength)];
        var across = scratch.Slice(2 * FieldLength, 2 * FieldLength);
        var noise = fields[..(2 * MnistSample.PixelCount)];
        CounterStream.Uniform(key, noise);
        Kernels.MatrixProduct(noise, _rowTaps, across, Size);
        Kernels.MatrixProduct(_columnTaps, across[..FieldLength], fields[..FieldLength], Size, _radius);
        Kernels.MatrixProduct(_columnTaps, across[FieldLength..], fields[FieldLength..], Size, _radius);
    }
}
