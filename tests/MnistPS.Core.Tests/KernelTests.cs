using System.Runtime.Intrinsics;
using MnistPS.Numerics;

namespace MnistPS.Tests;

/// <summary>
/// The kernels against the plain loops of <see cref="ReferenceKernels"/>. Category Kernels: the test run repeats these
/// with DOTNET_EnableAVX2=0 (128-bit path) and DOTNET_EnableHWIntrinsic=0 (scalar path), so every path is exercised.
/// </summary>
[Trait("Category", "Kernels")]
public class KernelTests
{
    public static TheoryData<int, int, int> Shapes => new() { { 1, 1, 8 }, { 3, 2, 7 }, { 784, 150, 24 }, { 20, 20, 16 }, { 100, 37, 40 }, { 50, 10, 64 }, { 9, 0, 13 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sparse_affine_matches_the_reference(int inputs, int nonZero, int stride)
    {
        var (index, value) = SparseRow(inputs, nonZero, 1);
        var (w, bias) = (Random(inputs * stride, 2), Random(stride, 3));
        var expected = new float[stride];
        var actual = new float[stride];
        ReferenceKernels.SparseAffine(index, value, w, bias, expected);
        Kernels.SparseAffine(index, value, w, bias, actual);
        AssertClose(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sparse_outer_add_matches_the_reference(int inputs, int nonZero, int stride)
    {
        var (index, value) = SparseRow(inputs, nonZero, 4);
        var dz = Random(stride, 5);
        var expected = Random(inputs * stride, 6);
        var actual = (float[])expected.Clone();
        ReferenceKernels.SparseOuterAdd(index, value, dz, expected);
        Kernels.SparseOuterAdd(index, value, dz, actual);
        AssertClose(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gathered_dots_match_the_reference(int inputs, int nonZero, int stride)
    {
        var (index, _) = SparseRow(inputs, nonZero, 7);
        var (dz, w) = (Random(stride, 8), Random(inputs * stride, 9));
        var expected = new float[index.Length];
        var actual = new float[index.Length];
        ReferenceKernels.GatherDots(index, dz, w, expected);
        Kernels.GatherDots(index, dz, w, actual);
        AssertClose(expected, actual);
    }

    [Fact]
    public void Compressing_pixels_matches_the_reference_on_real_digits()
    {
        for (var i = 0; i < 50; i++)
        {
            var image = TestData.Test.GetImage(i);
            var (expectedIndex, expectedValue, actualIndex, actualValue) = (new int[784], new float[784], new int[784], new float[784]);
            var expected = ReferenceKernels.CompressPixels(image, 1f / 255f, expectedIndex, expectedValue);
            var actual = Kernels.CompressPixels(image, 1f / 255f, actualIndex, actualValue);
            Assert.Equal(expected, actual);
            Assert.Equal(expectedIndex.AsSpan(0, expected).ToArray(), actualIndex.AsSpan(0, actual).ToArray());
            Assert.Equal(expectedValue.AsSpan(0, expected).ToArray(), actualValue.AsSpan(0, actual).ToArray());
        }
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(7, 0.5)]
    [InlineData(31, 1.0)]
    [InlineData(45, 0.2)]
    [InlineData(100, 0.9)]
    [InlineData(784, 0.05)]
    public void Compressing_pixels_matches_the_reference_for_any_length_and_density(int length, double density)
    {
        var random = new Random(length);
        var pixels = Enumerable.Range(0, length).Select(_ => random.NextDouble() < density ? (byte)random.Next(1, 256) : (byte)0).ToArray();
        var (expectedIndex, expectedValue, actualIndex, actualValue) = (new int[length], new float[length], new int[length], new float[length]);
        var expected = ReferenceKernels.CompressPixels(pixels, 0.5f, expectedIndex, expectedValue);
        Assert.Equal(expected, Kernels.CompressPixels(pixels, 0.5f, actualIndex, actualValue));
        Assert.Equal(expectedIndex[..expected], actualIndex[..expected]);
        Assert.Equal(expectedValue[..expected], actualValue[..expected]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(150)]
    [InlineData(784)]
    public void Unpacking_pixels_matches_the_reference_and_compression(int length)
    {
        var random = new Random(length);
        var packed = Enumerable.Range(0, 784).OrderBy(_ => random.Next()).Take(length).Order().Select(k => (k << 8) | random.Next(1, 256)).ToArray();
        var (expectedIndex, expectedValue, actualIndex, actualValue) = (new int[length], new float[length], new int[length], new float[length]);
        ReferenceKernels.UnpackPixels(packed, 1f / 255f, expectedIndex, expectedValue);
        Kernels.UnpackPixels(packed, 1f / 255f, actualIndex, actualValue);
        Assert.Equal(expectedIndex, actualIndex);
        Assert.Equal(expectedValue, actualValue);

        // The same indices and values as compressing the image the entries came from.
        var image = new byte[784];
        foreach (var entry in packed)
        {
            image[entry >> 8] = (byte)(entry & 0xFF);
        }

        var (index, value) = (new int[784], new float[784]);
        Assert.Equal(length, Kernels.CompressPixels(image, 1f / 255f, index, value));
        Assert.Equal(index[..length], actualIndex);
        Assert.Equal(value[..length], actualValue);
    }

    [Fact]
    public void Compressing_into_buffers_of_exactly_the_row_length_stays_inside_them()
    {
        var full = Enumerable.Repeat((byte)200, 784).ToArray();
        var (index, value) = (new int[784], new float[784]);
        Assert.Equal(784, Kernels.CompressPixels(full, 1f / 255f, index, value));
        Assert.Equal(783, index[783]);
        var row = Enumerable.Range(1, 20).Select(i => (float)i).ToArray();
        var (rowIndex, rowValue) = (new int[40], new float[20]);
        Assert.Equal(20, Kernels.CompressNonZero(row, rowIndex, rowValue));
        Assert.Equal(20f, rowValue[19]);
    }

    [Fact]
    public void Compressing_a_float_row_keeps_exactly_the_non_zeros()
    {
        float[] row = [0, 1.5f, 0, 0, -2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 4, 0];
        var (index, value) = (new int[row.Length], new float[row.Length]);
        var count = Kernels.CompressNonZero(row, index, value);
        Assert.Equal([1, 4, 9, 17], index.AsSpan(0, count).ToArray());
        Assert.Equal([1.5f, -2, 3, 4], value.AsSpan(0, count).ToArray());
    }

    [Fact]
    public void Sgd_step_matches_the_reference()
    {
        var (g, expected) = (Random(101, 10), Random(101, 11));
        var actual = (float[])expected.Clone();
        ReferenceKernels.SgdStep(expected, g, 0.1f, 0.01f);
        Kernels.SgdStep(actual, g, 0.1f, 0.01f);
        AssertClose(expected, actual);
    }

    [Fact]
    public void Vector_exp_matches_double_precision_exp()
    {
        // Vector arithmetic runs in software where the processor lacks it, so this checks both widths everywhere.
        for (var i = 0; i <= 2000; i++)
        {
            var x = -87f + (i * 175f / 2000);
            var wide = Kernels.Exp(Vector256.Create(x)).GetElement(3);
            var narrow = Kernels.Exp(Vector128.Create(x)).GetElement(2);
            var expected = Math.Exp(x);
            Assert.True(Math.Abs(wide - expected) <= 2e-7 * expected, $"exp({x}) = {wide}, expected {expected}");
            Assert.True(Math.Abs(narrow - expected) <= 2e-7 * expected, $"exp({x}) = {narrow} (128-bit), expected {expected}");
        }

        Assert.Equal(0f, Kernels.Exp(Vector256.Create(-1000f)).GetElement(0));
        Assert.Equal(0f, Kernels.Exp(Vector128.Create(-1000f)).GetElement(0));
    }

    [Fact]
    public void The_path_taken_is_the_one_the_processor_allows()
    {
        // Under DOTNET_EnableAVX512=0 at most the 256-bit path runs, under DOTNET_EnableAVX2=0 the 128-bit one, under
        // DOTNET_EnableHWIntrinsic=0 the scalar one.
        var expected = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;
        Assert.Equal(expected, Kernels.VectorBits);
        Assert.Equal(expected == 512, Kernels.IsWide);
        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0")
        {
            Assert.True(Kernels.VectorBits <= 256);
        }

        Assert.Equal(Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0", Kernels.VectorBits == 0);
        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0" && Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") != "0")
        {
            Assert.Equal(128, Kernels.VectorBits);
        }
    }

    [Fact]
    public void The_kernels_are_the_engines_own_and_know_no_model_types()
    {
        // #17: kernels are internal (no public API to keep stable) and Numerics depends on nothing else in the engine.
        var engine = typeof(Network).Assembly;
        Assert.DoesNotContain(engine.GetExportedTypes(), t => t.Namespace == "MnistPS.Numerics");
        var numerics = engine.GetTypes().Where(t => t.Namespace == "MnistPS.Numerics").ToList();
        Assert.Contains(typeof(Kernels), numerics);
        var flags = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly;
        var used = numerics.SelectMany(t => t.GetMethods(flags)).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType));
        Assert.DoesNotContain(used, t => (t.IsByRef ? t.GetElementType()! : t).Namespace == "MnistPS");
    }

    [Fact]
    public void Layer_stride_is_whole_vectors()
    {
        Assert.Equal([8, 8, 16, 24, 792], new[] { 1, 8, 10, 20, 785 }.Select(Kernels.Stride));
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
        float[] a = [-2f, -0.5f, 0f, 0.5f, 2f];
        ActivationFunctions.Activate(Activation.ReLU, a);
        Assert.Equal([0f, 0f, 0f, 0.5f, 2f], a);
        float[] s = [-2f, 0.5f];
        ActivationFunctions.Activate(Activation.Sigmoid, s);
        Assert.Equal(1 / (1 + Math.Exp(2)), s[0], 6);
        float[] t = [0.5f, 2f];
        ActivationFunctions.Activate(Activation.Tanh, t);
        Assert.Equal(Math.Tanh(0.5), t[0], 6);
        Assert.Equal(1 - (Math.Tanh(2) * Math.Tanh(2)), ActivationFunctions.Derivative(Activation.Tanh, t[1]), 5);
        Assert.Equal(s[1] * (1 - s[1]), ActivationFunctions.Derivative(Activation.Sigmoid, s[1]), 6);
        Assert.Equal(0f, ActivationFunctions.Derivative(Activation.ReLU, 0f));
    }

    [Fact]
    public unsafe void Weight_buffers_start_a_cache_line_and_keep_it()
    {
        var network = Network.Create(new NetworkOptions { HiddenSizes = [20, 7], Seed = 1 });
        var copies = new[] { network, network.Clone() };
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        foreach (var layer in copies.SelectMany(n => n.Layers))
        {
            fixed (float* w = layer.W, b = layer.B)
            {
                Assert.Equal(0, (long)w % AlignedBuffer.Alignment);
                Assert.Equal(0, (long)b % AlignedBuffer.Alignment);
            }
        }
    }

    [Theory]
    [InlineData(0, 40)] // in the first vector of eight
    [InlineData(13, 40)] // in the second
    [InlineData(17, 40)] // in the tail after the last whole vector
    [InlineData(17, -1)] // negative
    [InlineData(3, 5)] // in a list shorter than a vector
    public void An_index_outside_the_weight_rows_is_refused_and_named_wherever_it_is(int at, int bad)
    {
        // 5 weight rows of 8; a sorted valid list of 18 (or 4) indices with one replaced.
        var length = at < 4 ? 4 : 18;
        var index = Enumerable.Range(0, length).Select(i => i % 5).ToArray();
        index[at] = bad;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.GatherDots(index, new float[8], new float[40], new float[length]));
        Assert.Equal(bad, error.ActualValue);
        Kernels.GatherDots(index.Select(i => Math.Clamp(i, 0, 4)).ToArray(), new float[8], new float[40], new float[length]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.GatherDots(index, new float[8], [], new float[length])); // no rows at all
    }

    [Fact]
    public void Preconditions_are_checked_first()
    {
        Assert.Throws<ArgumentException>(() => Kernels.SparseAffine([0], [1f, 2f], new float[16], new float[8], new float[8]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.SparseAffine([2], [1f], new float[16], new float[8], new float[8]));
        Assert.Throws<ArgumentException>(() => Kernels.SparseOuterAdd([0], [1f], new float[8], new float[12]));
        Assert.Throws<ArgumentException>(() => Kernels.Dot(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => Kernels.CompressPixels(new byte[10], 1, new int[5], new float[10]));
    }

    internal static (int[] Index, float[] Value) SparseRow(int inputs, int nonZero, int seed)
    {
        var random = new Random(seed);
        var index = Enumerable.Range(0, inputs).OrderBy(_ => random.Next()).Take(nonZero).Order().ToArray();
        return (index, Random(nonZero, seed + 100));
    }

    [Theory]
    [InlineData(784, 150, 800)]
    [InlineData(100, 60, 88)]
    [InlineData(50, 20, 64)]
    [InlineData(30, 9, 1200)]
    [InlineData(20, 5, 24)]
    public void The_512_bit_sparse_paths_give_the_other_paths_results_bit_for_bit(int inputs, int nonZero, int stride)
    {
        // Where AVX-512 is missing, Vector512 runs in software; either way each output is summed in the same order.
        var (index, value) = SparseRow(inputs, nonZero, 40);
        var (w, bias, dz) = (Random(inputs * stride, 41), Random(stride, 42), Random(stride, 43));
        var (wide, narrow) = (new float[stride], new float[stride]);
        Kernels.SparseAffineTrusted(index, value, w, bias, wide, wide: true);
        Kernels.SparseAffineTrusted(index, value, w, bias, narrow, wide: false);
        Assert.Equal(narrow, wide);
        var expected = new float[stride];
        ReferenceKernels.SparseAffine(index, value, w, bias, expected);
        AssertClose(expected, wide);

        var (wideW, narrowW) = ((float[])w.Clone(), (float[])w.Clone());
        Kernels.SparseOuterAddTrusted(index, value, dz, wideW, wide: true);
        Kernels.SparseOuterAddTrusted(index, value, dz, narrowW, wide: false);
        Assert.Equal(narrowW, wideW);
        ReferenceKernels.SparseOuterAdd(index, value, dz, w);
        AssertClose(w, wideW);
    }

    internal static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }

    internal static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"[{i}] expected {expected[i]}, got {actual[i]}");
        }
    }
}
