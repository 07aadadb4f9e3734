using System.Globalization;
using Google.Protobuf;
using Onnx;

namespace MnistPS.Interop;

/// <summary>
/// Writes a network as a standard ONNX model (opset 13): input <c>pixels</c>, float32 [N, 784], raw pixel values
/// 0-255; a Mul by <c>input_scale</c> (1/255, MnistPS's own scaling, so users feed pixels as they are); for each layer
/// a Gemm with transB = 1 and initializers W<i>l</i> [outputs, inputs] and B<i>l</i> [outputs] (the tutorial's W1 20x784, b1),
/// then Relu, Sigmoid or Tanh for hidden layers and Softmax (axis 1) for the last; output <c>probabilities</c>,
/// float32 [N, 10]. How the network was made (initialisation, seed, epochs) is kept in the model's metadata.
/// </summary>
public static class OnnxExport
{
    /// <summary>The graph's input: float32 [N, 784], pixels 0-255.</summary>
    public const string InputName = "pixels";

    /// <summary>The graph's output: float32 [N, 10], the probability of each digit.</summary>
    public const string OutputName = "probabilities";

    /// <summary>The ONNX operator set written.</summary>
    public const int Opset = 13;

    /// <summary>The ONNX IR version written (the one that goes with opset 13).</summary>
    public const long IrVersion = 7;

    /// <summary>The producer name written, and recognised on import.</summary>
    public const string Producer = "MnistPS";

    internal const string InitializationKey = "mnistps.initialization";
    internal const string SeedKey = "mnistps.seed";
    internal const string EpochsKey = "mnistps.epochsTrained";
    internal const string HiddenActivationKey = "mnistps.hiddenActivation";

    /// <summary>Writes <paramref name="network"/> as an ONNX model (protobuf bytes) to <paramref name="destination"/>.</summary>
    public static void Write(Network network, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(network);
        ToModel(network).WriteTo(destination);
    }

    /// <summary>The ONNX operator of a hidden activation: Relu, Sigmoid or Tanh.</summary>
    internal static string OperatorOf(Activation activation) => activation switch
    {
        Activation.ReLU => "Relu",
        Activation.Sigmoid => "Sigmoid",
        Activation.Tanh => "Tanh",
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not a hidden activation."),
    };

    internal static ModelProto ToModel(Network network)
    {
        var graph = new GraphProto
        {
            Name = $"MnistPS {network.Architecture}",
            DocString = $"{network}. Input: pixels 0-255, row by row; output: the probability of each digit 0-9.",
        };
        graph.Input.Add(OnnxTensors.Matrix(InputName, "N", Network.InputSize));
        graph.Output.Add(OnnxTensors.Matrix(OutputName, "N", Network.OutputSize));
        graph.Initializer.Add(OnnxTensors.Create("input_scale", [Network.PixelScale]));
        graph.Node.Add(Node("Mul", "scale", [InputName, "input_scale"], "X"));
        var current = "X";
        foreach (var layer in network.Layers)
        {
            var n = layer.Number;
            graph.Initializer.Add(OnnxTensors.Create($"W{n}", layer.ToUnitMajor(), layer.OutputSize, layer.InputSize));
            graph.Initializer.Add(OnnxTensors.Create($"B{n}", layer.B[..layer.OutputSize], layer.OutputSize));
            var gemm = Node("Gemm", $"layer{n}", [current, $"W{n}", $"B{n}"], $"Z{n}");
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(gemm);
            if (layer.Activation == Activation.Softmax)
            {
                var softmax = Node("Softmax", "softmax", [$"Z{n}"], OutputName);
                softmax.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
                graph.Node.Add(softmax);
            }
            else
            {
                graph.Node.Add(Node(OperatorOf(layer.Activation), $"activation{n}", [$"Z{n}"], $"A{n}"));
                current = $"A{n}";
            }
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = Producer,
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString(3) ?? string.Empty,
            DocString = "A MnistPS network: pixels (0-255) -> Mul by 1/255 -> Gemm, activation, ... -> Softmax -> probabilities.",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        Metadata(model, HiddenActivationKey, network.HiddenActivation.ToString());
        Metadata(model, InitializationKey, network.Initialization.ToString());
        Metadata(model, SeedKey, network.Seed.ToString(CultureInfo.InvariantCulture));
        Metadata(model, EpochsKey, network.EpochsTrained.ToString(CultureInfo.InvariantCulture));
        return model;
    }

    private static NodeProto Node(string op, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }

    private static void Metadata(ModelProto model, string key, string value) =>
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
}
