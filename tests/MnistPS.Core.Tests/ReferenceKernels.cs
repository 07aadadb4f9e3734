namespace MnistPS.Tests;

/// <summary>Plain loops, kept as the definition the SIMD kernels are tested against.</summary>
internal static class ReferenceKernels
{
    /// <summary>destination[c] = bias[c] + sum_t value[t] * w[index[t] * stride + c], summed in double.</summary>
    public static void SparseAffine(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> destination)
    {
        var stride = destination.Length;
        for (var c = 0; c < stride; c++)
        {
            double sum = bias[c];
            for (var t = 0; t < index.Length; t++)
            {
                sum += (double)value[t] * w[(index[t] * stride) + c];
            }

            destination[c] = (float)sum;
        }
    }

    /// <summary>w[index[t] * stride + c] += value[t] * dz[c].</summary>
    public static void SparseOuterAdd(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<float> dz, Span<float> w)
    {
        var stride = dz.Length;
        for (var t = 0; t < index.Length; t++)
        {
            for (var c = 0; c < stride; c++)
            {
                w[(index[t] * stride) + c] += value[t] * dz[c];
            }
        }
    }

    /// <summary>result[t] = sum_c dz[c] * w[index[t] * stride + c], summed in double.</summary>
    public static void GatherDots(ReadOnlySpan<int> index, ReadOnlySpan<float> dz, ReadOnlySpan<float> w, Span<float> result)
    {
        var stride = dz.Length;
        for (var t = 0; t < index.Length; t++)
        {
            var sum = 0.0;
            for (var c = 0; c < stride; c++)
            {
                sum += (double)dz[c] * w[(index[t] * stride) + c];
            }

            result[t] = (float)sum;
        }
    }

    /// <summary>The non-zero pixels, scaled.</summary>
    public static int CompressPixels(ReadOnlySpan<byte> pixels, float scale, Span<int> index, Span<float> value)
    {
        var count = 0;
        for (var k = 0; k < pixels.Length; k++)
        {
            if (pixels[k] != 0)
            {
                index[count] = k;
                value[count++] = pixels[k] * scale;
            }
        }

        return count;
    }

    /// <summary>Pixels packed as index &lt;&lt; 8 | pixel, unpacked and scaled.</summary>
    internal static void UnpackPixels(ReadOnlySpan<int> packed, float scale, Span<int> index, Span<float> value)
    {
        for (var t = 0; t < packed.Length; t++)
        {
            index[t] = packed[t] / 256;
            value[t] = (packed[t] % 256) * scale;
        }
    }

    /// <summary>w -= rate * (g + l2 * w).</summary>
    public static void SgdStep(Span<float> w, ReadOnlySpan<float> g, float rate, float l2)
    {
        for (var k = 0; k < w.Length; k++)
        {
            w[k] -= rate * (g[k] + (l2 * w[k]));
        }
    }

    /// <summary>Softmax computed in double with the max shift.</summary>
    public static void Softmax(ReadOnlySpan<float> z, Span<float> destination)
    {
        var max = double.NegativeInfinity;
        foreach (var v in z)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        foreach (var v in z)
        {
            sum += Math.Exp(v - max);
        }

        for (var i = 0; i < z.Length; i++)
        {
            destination[i] = (float)(Math.Exp(z[i] - max) / sum);
        }
    }

    /// <summary>c = a b for row-major a (rows x inner) and b (inner x width), summed in double.</summary>
    public static void MatrixProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int inner)
    {
        var width = b.Length / inner;
        for (var i = 0; i < c.Length; i++)
        {
            var (y, x) = (i / width, i % width);
            var sum = 0.0;
            for (var k = 0; k < inner; k++)
            {
                sum += (double)a[(y * inner) + k] * b[(k * width) + x];
            }

            c[i] = (float)sum;
        }
    }
}
