namespace MnistPS.Numerics;

/// <summary>Plain loops, kept as the definition the SIMD kernels are tested against.</summary>
public static class ReferenceKernels
{
    /// <summary>C = A * B^T + bias (A m x k, B n x k).</summary>
    public static void MultiplyTransposedB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int m, int n, int k)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var p = 0; p < k; p++)
                {
                    sum += (double)a[(i * k) + p] * b[(j * k) + p];
                }

                c[(i * n) + j] = (float)sum + (bias.IsEmpty ? 0f : bias[j]);
            }
        }
    }

    /// <summary>C = A^T * B (A m x n, B m x k).</summary>
    public static void MultiplyTransposedA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        for (var j = 0; j < n; j++)
        {
            for (var p = 0; p < k; p++)
            {
                var sum = 0.0;
                for (var i = 0; i < m; i++)
                {
                    sum += (double)a[(i * n) + j] * b[(i * k) + p];
                }

                c[(j * k) + p] = (float)sum;
            }
        }
    }

    /// <summary>C = A * B (A m x n, B n x k).</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        for (var i = 0; i < m; i++)
        {
            for (var p = 0; p < k; p++)
            {
                var sum = 0.0;
                for (var j = 0; j < n; j++)
                {
                    sum += (double)a[(i * n) + j] * b[(j * k) + p];
                }

                c[(i * k) + p] = (float)sum;
            }
        }
    }

    /// <summary>destination = source / 255.</summary>
    public static void ScalePixels(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = source[i] * (1f / 255f);
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
}
