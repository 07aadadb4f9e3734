using Google.Protobuf;
using MnistPS.Interop;
using Onnx;
using Xunit.Abstractions;

namespace MnistPS.Tests;

/// <summary>
/// ONNX multilayer perceptrons made the way other tools make them import and predict what ONNX Runtime predicts on
/// them; graphs MnistPS cannot run are refused naming the file and the node.
/// </summary>
public class OnnxImportTests(TrainedNetworks trained, ITestOutputHelper output) : IClassFixture<TrainedNetworks>
{
    private const string Path = "/models/mlp.onnx";

    private static readonly Lazy<float[]> TestPixels = new(() => OnnxRuntimeReader.Pixels(TestData.Test));

    public static TheoryData<string, OnnxGraphs.Layout, string?, float, string?> Variants => new()
    {
        // PyTorch's Linear/ReLU stack: Gemm transB = 1, no scaling node (raw pixels), no Softmax.
        { "784-64-32-10 ReLU", OnnxGraphs.Layout.GemmTransposed, null, 1f, null },
        { "784-20-10 ReLU", OnnxGraphs.Layout.GemmTransposed, null, 1f, "Softmax" },
        { "784-64-32-10 Tanh", OnnxGraphs.Layout.MatMulAdd, "Div", 1f / 255, "Softmax" },
        { "784-64-32-10 Sigmoid", OnnxGraphs.Layout.Gemm, "Mul", 2f / 255, "LogSoftmax" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void A_perceptron_from_another_tool_predicts_the_digits_onnx_runtime_predicts(string name, OnnxGraphs.Layout layout, string? scaling, float scale, string? ending)
    {
        var model = OnnxGraphs.FromNetwork(trained.Networks[name], layout, scaling, scale, ending).ToByteArray();
        var onnx = OnnxRuntimeReader.Run(model, TestPixels.Value);
        var notes = new List<string>();

        var imported = OnnxImport.Read(model, Path, notes.Add);
        var mnistps = imported.PredictProbabilities(TestData.Test);

        var probabilities = ending switch
        {
            "Softmax" => onnx,
            "LogSoftmax" => onnx.Select(MathF.Exp).ToArray(),
            _ => Softmax(onnx),
        };
        var maxDifference = probabilities.Zip(mnistps, (a, b) => Math.Abs(a - b)).Max();
        var same = OnnxRuntimeReader.Digits(onnx).Zip(OnnxRuntimeReader.Digits(mnistps), (a, b) => a == b).Count(s => s);
        output.WriteLine($"{name} as {layout}, {scaling ?? "no scaling"}, {ending ?? "scores"}: {same} of {TestData.Test.Count} digits identical, max probability difference {maxDifference:E2}");
        output.WriteLine(string.Join(Environment.NewLine, notes));
        Assert.Equal(trained.Networks[name].Architecture, imported.Architecture);
        Assert.Equal(trained.Networks[name].HiddenActivation, imported.HiddenActivation);
        Assert.Equal(TestData.Test.Count, same);
        Assert.True(maxDifference <= 1e-5f, $"max probability difference {maxDifference}");
        Assert.All(notes, n => Assert.StartsWith(Path + ": ", n, StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("Made by pytorch 2.5.1", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains(
            scale == 1 ? "no input scaling: it takes raw pixels 0-255" : scale == 1f / 255 ? "as MnistPS does" : "weights were multiplied by 2.000",
            StringComparison.Ordinal));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "conv", "node '/conv1/Conv' (Conv): this operator is not supported" },
        { "image-input", "the input 'input' is float32 [batch_size, 1, 28, 28]; MnistPS imports networks whose input is float32 [N, 784]" },
        { "wide-input", "the input 'input' is float32 [batch_size, 785]" },
        { "external", "node '/0/Gemm' (Gemm): tensor '0.weight' keeps its data in an external file ('mlp.onnx.data')" },
        { "unknown-op", "node '/1/LeakyRelu' (LeakyRelu): this operator is not supported" },
        { "other-domain", "node '/1/Relu' (com.microsoft.Relu): this operator is not supported" },
        { "branch", "the value '/0/Gemm_output_0' feeds 2 nodes (node '/1/Relu' (Relu), node '/side/Relu' (Relu))" },
        { "stray", "node '/side/Relu' (Relu) is not on the path from the input 'input' to the output 'output'" },
        { "mixed", "node '/3/Sigmoid' (Sigmoid): an earlier hidden layer uses Relu" },
        { "alpha", "node '/2/Gemm' (Gemm): it has alpha 0.5, beta 1, transA 0, transB 1" },
        { "short-data", "node '/0/Gemm' (Gemm): tensor '0.weight' has 200700 bytes of raw data; its shape [64, 784] needs 200704 bytes" },
        { "float-data", "node '/2/Gemm' (Gemm): tensor '2.bias' holds 31 values; its shape [32] needs 32" },
        { "double", "node '/4/Gemm' (Gemm): tensor '4.weight' is of type double" },
        { "nan", "node '/2/Gemm' (Gemm): tensor '2.bias' holds NaN at index 3" },
        { "chain", "node '/2/Gemm' (Gemm): its weights '2.weight' have shape [32, 63]; after 64 values the layer's weights must be [outputs, 64]" },
        { "last-layer", "the last layer has 32 outputs; a MnistPS network ends with 10" },
        { "computed", "node '/0/Gemm' (Gemm): its input 'computed' is computed, not stored" },
        { "scale-vector", "node '/Mul' (Mul): it scales the input by 'mean' of shape [784]; MnistPS recognises a scaling by one number only" },
        { "nan-scale", "node '/Div' (Div): tensor '/Constant_output_0' holds NaN at index 0; weights must be finite numbers" },
        { "zero-scale", "node '/Mul' (Mul): it multiplies the input by 0" },
        { "late-scaling", "node '/late/Mul' (Mul): it comes where MnistPS expects the next layer (Gemm or MatMul)" },
        { "old-opset", "uses operator set 6; MnistPS reads 7 and later" },
        { "two-inputs", "the graph has 2 inputs ('input', 'extra')" },
        { "not-onnx", "the file is not an ONNX model" },
        { "no-graph", "the file is not an ONNX model: it has no graph" },
        { "cycle", "the graph has a cycle" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Graphs_mnistps_cannot_run_are_refused_naming_the_file_and_the_node(string kind, string expected)
    {
        var bytes = Broken(kind);

        var e = Assert.Throws<ModelFileException>(() => OnnxImport.Read(bytes, Path));

        Assert.True(e.Message.StartsWith(Path + ": ", StringComparison.Ordinal) && e.Message.Contains(expected, StringComparison.Ordinal), e.Message);
        Assert.Equal(Path, e.Path);
    }

    [Fact]
    public void Damaged_files_are_refused_cleanly_whatever_the_damage()
    {
        var random = new Random(5);
        var models = new[]
        {
            ToBytes(trained.Networks["784-64-32-10 ReLU"]),
            OnnxGraphs.FromNetwork(trained.Networks["784-20-10 ReLU"], OnnxGraphs.Layout.MatMulAdd, "Div", 1f / 255, "Softmax").ToByteArray(),
        };
        int loaded = 0, refused = 0;
        for (var trial = 0; trial < 400; trial++)
        {
            var bytes = models[trial % 2].ToArray();
            if (trial % 4 == 3)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }
            else
            {
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    // Mostly where the graph's structure is (the weights come last in a MnistPS export, first in this one).
                    bytes[random.Next(random.Next(2) == 0 ? Math.Min(bytes.Length, 2000) : bytes.Length)] = (byte)random.Next(256);
                }
            }

            try
            {
                _ = OnnxImport.Read(bytes, Path);
                loaded++;
            }
            catch (ModelFileException e)
            {
                Assert.StartsWith(Path + ": ", e.Message, StringComparison.Ordinal);
                refused++;
            }
        }

        output.WriteLine($"{loaded} damaged files still loaded (a changed weight), {refused} refused");
        Assert.True(refused > 100, $"{refused} refused");
    }

    private static byte[] ToBytes(Network network)
    {
        using var stream = new MemoryStream();
        OnnxExport.Write(network, stream);
        return stream.ToArray();
    }

    private static float[] Softmax(float[] scores)
    {
        var result = new float[scores.Length];
        for (var i = 0; i < scores.Length; i += 10)
        {
            var row = scores.AsSpan(i, 10);
            var max = row.ToArray().Max();
            var sum = 0.0;
            for (var j = 0; j < 10; j++)
            {
                sum += Math.Exp(row[j] - max);
            }

            for (var j = 0; j < 10; j++)
            {
                result[i + j] = (float)(Math.Exp(row[j] - max) / sum);
            }
        }

        return result;
    }

    private byte[] Broken(string kind)
    {
        var model = OnnxGraphs.FromNetwork(trained.Networks["784-64-32-10 ReLU"], OnnxGraphs.Layout.GemmTransposed);
        var graph = model.Graph;
        NodeProto NodeNamed(string name) => graph.Node.Single(n => n.Name == name);
        TensorProto Initializer(string name) => graph.Initializer.Single(t => t.Name == name);
        switch (kind)
        {
            case "conv":
                graph.Node.Insert(0, OnnxGraphs.Node("Conv", "/conv1/Conv", ["input", "0.weight"], "/conv1/Conv_output_0"));
                NodeNamed("/0/Gemm").Input[0] = "/conv1/Conv_output_0";
                break;
            case "image-input":
                graph.Input[0] = OnnxGraphs.Matrix("input", "batch_size", 1, 28, 28);
                break;
            case "wide-input":
                graph.Input[0] = OnnxGraphs.Matrix("input", "batch_size", 785);
                break;
            case "external":
                var w = Initializer("0.weight");
                w.RawData = ByteString.Empty;
                w.DataLocation = TensorProto.Types.DataLocation.External;
                w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "mlp.onnx.data" });
                w.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = "200704" });
                break;
            case "unknown-op":
                NodeNamed("/1/Relu").OpType = "LeakyRelu";
                NodeNamed("/1/Relu").Name = "/1/LeakyRelu";
                break;
            case "other-domain":
                NodeNamed("/1/Relu").Domain = "com.microsoft";
                break;
            case "branch":
                graph.Node.Add(OnnxGraphs.Node("Relu", "/side/Relu", ["/0/Gemm_output_0"], "side"));
                break;
            case "stray":
                graph.Node.Add(OnnxGraphs.Node("Relu", "/side/Relu", ["nothing"], "side"));
                break;
            case "mixed":
                NodeNamed("/3/Relu").OpType = "Sigmoid";
                NodeNamed("/3/Relu").Name = "/3/Sigmoid";
                break;
            case "alpha":
                NodeNamed("/2/Gemm").Attribute.Single(a => a.Name == "alpha").F = 0.5f;
                break;
            case "short-data":
                Initializer("0.weight").RawData = ByteString.CopyFrom(Initializer("0.weight").RawData.Span[..200700]);
                break;
            case "float-data":
                var bias = Initializer("2.bias");
                var values = Enumerable.Range(0, 31).Select(i => BitConverter.ToSingle(bias.RawData.Span[(i * 4)..])).ToArray();
                bias.RawData = ByteString.Empty;
                bias.FloatData.Add(values);
                break;
            case "double":
                Initializer("4.weight").DataType = (int)TensorProto.Types.DataType.Double;
                break;
            case "nan":
                var data = Initializer("2.bias").RawData.ToByteArray();
                BitConverter.GetBytes(float.NaN).CopyTo(data, 12);
                Initializer("2.bias").RawData = ByteString.CopyFrom(data);
                break;
            case "chain":
                var second = Initializer("2.weight");
                second.Dims[1] = 63;
                second.RawData = ByteString.CopyFrom(second.RawData.Span[..(32 * 63 * 4)]);
                break;
            case "last-layer":
                graph.Node.RemoveAt(graph.Node.Count - 1);
                graph.Node.RemoveAt(graph.Node.Count - 1);
                graph.Node[^1].Output[0] = "output";
                break;
            case "computed":
                NodeNamed("/0/Gemm").Input[1] = "computed";
                break;
            case "scale-vector":
                graph.Initializer.Add(OnnxGraphs.Tensor("mean", [784], new float[784]));
                graph.Node.Insert(0, OnnxGraphs.Node("Mul", "/Mul", ["input", "mean"], "/Mul_output_0"));
                NodeNamed("/0/Gemm").Input[0] = "/Mul_output_0";
                break;
            case "nan-scale" or "zero-scale":
                var op = kind == "nan-scale" ? "Div" : "Mul";
                var constant = OnnxGraphs.Node("Constant", "/Constant", [], "/Constant_output_0");
                constant.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = OnnxGraphs.Tensor(string.Empty, [], [kind == "nan-scale" ? float.NaN : 0f]) });
                graph.Node.Insert(0, constant);
                graph.Node.Insert(1, OnnxGraphs.Node(op, $"/{op}", ["input", "/Constant_output_0"], $"/{op}_output_0"));
                NodeNamed("/0/Gemm").Input[0] = $"/{op}_output_0";
                break;
            case "late-scaling":
                graph.Initializer.Add(OnnxGraphs.Tensor("two", [], [2f]));
                graph.Node.Add(OnnxGraphs.Node("Mul", "/late/Mul", ["/1/Relu_output_0", "two"], "/late/Mul_output_0"));
                NodeNamed("/2/Gemm").Input[0] = "/late/Mul_output_0";
                break;
            case "old-opset":
                model.OpsetImport[0].Version = 6;
                break;
            case "two-inputs":
                graph.Input.Add(OnnxGraphs.Matrix("extra", "batch_size", 784));
                break;
            case "not-onnx":
                return "weights: lots, in no format at all"u8.ToArray();
            case "no-graph":
                return new ModelProto { IrVersion = 8 }.ToByteArray();
            case "cycle":
                NodeNamed("/3/Relu").Output[0] = "/1/Relu_output_0";
                break;
        }

        return model.ToByteArray();
    }
}
