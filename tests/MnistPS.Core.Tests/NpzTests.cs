using MnistPS.Interop;

namespace MnistPS.Tests;

/// <summary>The .npz export read back by an independent NPY reader: names, shapes, values, activation and input scale.</summary>
public class NpzTests(TrainedNetworks trained) : IClassFixture<TrainedNetworks>
{
    [Theory]
    [InlineData("784-20-10 ReLU", "ReLU")]
    [InlineData("784-64-32-10 Sigmoid", "Sigmoid")]
    [InlineData("784-64-32-10 Tanh", "Tanh")]
    public void Arrays_have_the_tutorial_names_shapes_and_values(string name, string activation)
    {
        var network = trained.Networks[name];

        var arrays = NpyReader.ReadArchive(Export(network));

        var layers = network.Layers.Count;
        var expected = Enumerable.Range(1, layers).SelectMany(l => new[] { $"W{l}", $"B{l}" }).Append("activation").Append("input_scale");
        Assert.Equal(expected.Order(), arrays.Keys.Order());
        foreach (var layer in network.Layers)
        {
            var w = arrays[$"W{layer.Number}"];
            var b = arrays[$"B{layer.Number}"];
            Assert.Equal([layer.OutputSize, layer.InputSize], w.Shape);
            Assert.Equal([layer.OutputSize, 1], b.Shape);
            Assert.False(w.FortranOrder);
            Assert.Equal(Flatten(network.GetParameter($"W{layer.Number}")), w.Floats());
            Assert.Equal(Flatten(network.GetParameter($"B{layer.Number}")), b.Floats());
        }

        Assert.Equal(activation, arrays["activation"].Text());
        Assert.Empty(arrays["activation"].Shape);
        Assert.Equal([1f / 255f], arrays["input_scale"].Floats());
        Assert.Empty(arrays["input_scale"].Shape);
        Assert.All(arrays.Values, a => Assert.Equal(0, a.HeaderLength % 64));
    }

    [Fact]
    public void The_tutorial_arithmetic_on_the_arrays_predicts_what_mnistps_predicts()
    {
        // What the README's NumPy lines compute, done here in C# on the arrays as read back.
        var network = trained.Networks["784-20-10 ReLU"];
        var m = NpyReader.ReadArchive(Export(network));
        var (w1, b1, w2, b2, scale) = (m["W1"].Floats(), m["B1"].Floats(), m["W2"].Floats(), m["B2"].Floats(), m["input_scale"].Floats()[0]);
        var data = TestData.Test.Slice(0, 1000);
        var expected = OnnxRuntimeReader.Digits(network.PredictProbabilities(data));
        for (var i = 0; i < data.Count; i++)
        {
            var x = data.GetImage(i).ToArray().Select(p => p * scale).ToArray();
            var a1 = Enumerable.Range(0, 20).Select(j => Math.Max(Enumerable.Range(0, 784).Sum(k => w1[(j * 784) + k] * x[k]) + b1[j], 0f)).ToArray();
            var z2 = Enumerable.Range(0, 10).Select(j => Enumerable.Range(0, 20).Sum(k => w2[(j * 20) + k] * a1[k]) + b2[j]).ToArray();
            Assert.Equal(expected[i], Array.IndexOf(z2, z2.Max()));
        }
    }

    [Fact]
    public void The_same_network_gives_the_same_bytes()
    {
        var network = trained.Networks["784-20-10 ReLU"];
        Assert.Equal(Export(network), Export(network.Clone()));
    }

    private static byte[] Export(Network network)
    {
        using var stream = new MemoryStream();
        ModelFormats.Write(network, stream, ModelFormat.Npz);
        return stream.ToArray();
    }

    private static float[] Flatten(float[,] matrix) => matrix.Cast<float>().ToArray();
}
