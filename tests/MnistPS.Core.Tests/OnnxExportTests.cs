using MnistPS.Interop;
using Xunit.Abstractions;

namespace MnistPS.Tests;

/// <summary>ONNX export checked by ONNX Runtime on the 10,000 test images, and read back by MnistPS.</summary>
public class OnnxExportTests(TrainedNetworks trained, ITestOutputHelper output) : IClassFixture<TrainedNetworks>
{
    private static readonly Lazy<float[]> TestPixels = new(() => OnnxRuntimeReader.Pixels(TestData.Test));

    [Theory]
    [MemberData(nameof(TrainedNetworks.Names), MemberType = typeof(TrainedNetworks))]
    public void Onnx_runtime_gives_the_same_digits_and_probabilities_on_the_test_images(string name)
    {
        var network = trained.Networks[name];
        var model = Export(network);

        var onnx = OnnxRuntimeReader.Run(model, TestPixels.Value);
        var mnistps = network.PredictProbabilities(TestData.Test);

        var maxDifference = onnx.Zip(mnistps, (a, b) => Math.Abs(a - b)).Max();
        var same = OnnxRuntimeReader.Digits(onnx).Zip(OnnxRuntimeReader.Digits(mnistps), (a, b) => a == b).Count(s => s);
        output.WriteLine($"{name}: {same} of {TestData.Test.Count} digits identical, max probability difference {maxDifference:E2}, {model.Length} bytes");
        Assert.Equal(TestData.Test.Count, same);
        Assert.True(maxDifference <= 1e-5f, $"max probability difference {maxDifference}");
    }

    [Theory]
    [MemberData(nameof(TrainedNetworks.Names), MemberType = typeof(TrainedNetworks))]
    public void Export_reads_back_bit_for_bit_with_how_the_network_was_made(string name)
    {
        var network = trained.Networks[name];
        var notes = new List<string>();

        var back = OnnxImport.Read(Export(network), "model.onnx", notes.Add);

        Assert.Equal(network.Architecture, back.Architecture);
        Assert.Equal(network.HiddenActivation, back.HiddenActivation);
        Assert.Equal(network.Initialization, back.Initialization);
        Assert.Equal(network.Seed, back.Seed);
        Assert.Equal(network.EpochsTrained, back.EpochsTrained);
        for (var l = 0; l < network.Layers.Count; l++)
        {
            Assert.Equal(network.Layers[l].Activation, back.Layers[l].Activation);
            Assert.Equal(network.Layers[l].W.ToArray(), back.Layers[l].W.ToArray());
            Assert.Equal(network.Layers[l].B.ToArray(), back.Layers[l].B.ToArray());
        }

        Assert.Contains(notes, n => n.Contains("scales its input by 1/255, as MnistPS does", StringComparison.Ordinal));
    }

    [Fact]
    public void The_graph_is_laid_out_as_documented()
    {
        var network = trained.Networks["784-64-32-10 Tanh"];
        var model = Onnx.ModelProto.Parser.ParseFrom(Export(network));

        Assert.Equal(OnnxExport.Opset, model.OpsetImport.Single().Version);
        Assert.Equal("MnistPS", model.ProducerName);
        var graph = model.Graph;
        Assert.Equal("pixels", graph.Input.Single().Name);
        Assert.Equal("probabilities", graph.Output.Single().Name);
        Assert.Equal(
            ["Mul", "Gemm", "Tanh", "Gemm", "Tanh", "Gemm", "Softmax"],
            graph.Node.Select(n => n.OpType).ToArray());
        var w1 = graph.Initializer.Single(t => t.Name == "W1");
        Assert.Equal([64L, 784L], w1.Dims.ToArray());
        Assert.Equal([10L], graph.Initializer.Single(t => t.Name == "B3").Dims.ToArray());
        Assert.Equal(network.GetParameter("W1")[5, 300], BitConverter.ToSingle(w1.RawData.Span[(((5 * 784) + 300) * 4)..]));
        Assert.Equal(1f / 255f, BitConverter.ToSingle(graph.Initializer.Single(t => t.Name == "input_scale").RawData.Span));
    }

    private static byte[] Export(Network network)
    {
        using var stream = new MemoryStream();
        ModelFormats.Write(network, stream, ModelFormat.Onnx);
        return stream.ToArray();
    }
}
