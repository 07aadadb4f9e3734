using MnistPS.Numerics;

namespace MnistPS.Tests;

public class KernelTests
{
    public static TheoryData<int, int, int> Shapes => new() { { 1, 1, 1 }, { 3, 5, 7 }, { 32, 20, 784 }, { 17, 10, 20 }, { 9, 13, 33 }, { 256, 4, 16 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_product_matches_the_reference(int m, int n, int k)
    {
        var (a, b, bias) = (Random(m * k, 1), Random(n * k, 2), Random(n, 3));
        var expected = new float[m * n];
        var actual = new float[m * n];
        ReferenceKernels.MultiplyTransposedB(a, b, bias, expected, m, n, k);
        Kernels.MultiplyTransposedB(a, b, bias, actual, m, n, k, 0, m);
        AssertClose(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Weight_gradient_product_matches_the_reference(int m, int n, int k)
    {
        var (a, b) = (Random(m * n, 4), Random(m * k, 5));
        var expected = new float[n * k];
        var actual = new float[n * k];
        ReferenceKernels.MultiplyTransposedA(a, b, expected, m, n, k);
        Kernels.MultiplyTransposedA(a, b, actual, m, n, k, accumulate: false, 0, n);
        AssertClose(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_product_matches_the_reference(int m, int n, int k)
    {
        var (a, b) = (Random(m * n, 6), Random(n * k, 7));
        var expected = new float[m * k];
        var actual = new float[m * k];
        ReferenceKernels.Multiply(a, b, expected, m, n, k);
        Kernels.Multiply(a, b, actual, m, n, k, 0, m);
        AssertClose(expected, actual);
    }

    [Fact]
    public void Split_rows_give_the_same_bits_as_one_pass()
    {
        const int m = 37, n = 11, k = 50;
        var (a, b) = (Random(m * k, 8), Random(n * k, 9));
        var whole = new float[m * n];
        var split = new float[m * n];
        Kernels.MultiplyTransposedB(a, b, default, whole, m, n, k, 0, m);
        Kernels.MultiplyTransposedB(a, b, default, split, m, n, k, 0, 13);
        Kernels.MultiplyTransposedB(a, b, default, split, m, n, k, 13, m);
        Assert.Equal(whole, split);
    }

    [Fact]
    public void Pixel_scaling_matches_the_reference()
    {
        var bytes = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        var expected = new float[1000];
        var actual = new float[1000];
        ReferenceKernels.ScalePixels(bytes, expected);
        Kernels.ScalePixels(bytes, actual);
        Assert.Equal(expected, actual);
        Assert.Equal(1f, actual[Array.IndexOf(bytes, (byte)255)]);
    }

    [Theory]
    [InlineData(1000f)]
    [InlineData(-1000f)]
    public void Softmax_is_stable_at_large_inputs(float big)
    {
        float[] z = [big, 0, -big, big - 1, 3, 0, 0, 0, 0, 0];
        var max = z.Max();
        var expectedLogSumExp = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
        var reference = new float[10];
        ReferenceKernels.Softmax(z, reference);
        var logSumExp = Kernels.SoftmaxInPlace(z);
        Assert.All(z, p => Assert.True(float.IsFinite(p) && p >= 0));
        Assert.Equal(1f, z.Sum(), 5);
        AssertClose(reference, z);
        Assert.True(float.IsFinite(logSumExp));
        Assert.Equal(expectedLogSumExp, logSumExp, 3);
    }

    [Fact]
    public void Activations_and_derivatives_match_their_definitions()
    {
        float[] z = [-2f, -0.5f, 0f, 0.5f, 2f];
        var a = new float[5];
        Kernels.Activate(Activation.ReLU, z, a);
        Assert.Equal([0f, 0f, 0f, 0.5f, 2f], a);
        Kernels.Activate(Activation.Sigmoid, z, a);
        Assert.Equal(1 / (1 + Math.Exp(2)), a[0], 6);
        Kernels.Activate(Activation.Tanh, z, a);
        Assert.Equal(Math.Tanh(0.5), a[3], 6);
        var g = new float[] { 1, 1, 1, 1, 1 };
        Kernels.MultiplyByDerivative(Activation.Tanh, a, g);
        Assert.Equal(1 - (Math.Tanh(2) * Math.Tanh(2)), g[4], 5);
    }

    [Fact]
    public void Preconditions_are_checked_first()
    {
        Assert.Throws<ArgumentException>(() => Kernels.MultiplyTransposedB(new float[5], new float[6], default, new float[2], 1, 2, 3, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.Multiply(new float[6], new float[6], new float[4], 2, 3, 2, 0, 3));
        Assert.Throws<ArgumentException>(() => Kernels.Dot(new float[3], new float[4]));
    }

    internal static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"[{i}] expected {expected[i]}, got {actual[i]}");
        }
    }
}
