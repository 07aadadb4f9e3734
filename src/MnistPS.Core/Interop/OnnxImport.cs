using System.Globalization;
using Google.Protobuf;
using Onnx;

namespace MnistPS.Interop;

/// <summary>
/// Reads an ONNX model as a MnistPS network: MnistPS's own exports and the equivalent multilayer perceptrons other
/// tools export (see <see cref="OnnxChain"/>), with a float32 [N, 784] input. The graph's input scaling is folded into
/// the first layer's weights, since MnistPS always feeds its first layer pixel / 255: a graph that multiplies its input
/// by s gets W1 x (s x 255); one without a scaling node (it expects raw pixels 0-255) gets W1 x 255. Anything else
/// (convolutions, other shapes, external data, unknown operators) is a <see cref="ModelFileException"/> naming the
/// file and the node.
/// </summary>
public static class OnnxImport
{
    /// <summary>The oldest default-domain operator set read (Gemm with broadcasting bias, Softmax over axis 1).</summary>
    public const int MinOpset = 7;

    /// <summary>
    /// Reads a network from ONNX bytes; <paramref name="path"/> names the source in errors. <paramref name="note"/>, when
    /// given, hears what a user should know about the import (how the input scaling was folded, how the graph ends).
    /// </summary>
    public static Network Read(byte[] bytes, string path, Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(path);
        if (bytes.Length == 0)
        {
            throw new ModelFileException(path, "the file is empty. Save the network again with Export-MnistNetwork.");
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFileException(path, $"the file is not an ONNX model ({e.Message}). Is it a model file?", e);
        }

        var graph = model.Graph ?? throw new ModelFileException(path, "the file is not an ONNX model: it has no graph.");
        var opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
        if (opset < MinOpset)
        {
            throw new ModelFileException(path, opset == 0
                ? "the ONNX model imports no standard operator set (opset_import with domain \"\"). Is it an ONNX model?"
                : $"the ONNX model uses operator set {opset}; MnistPS reads {MinOpset} and later. Export it again with a newer opset.");
        }

        if (graph.SparseInitializer.Count > 0)
        {
            throw new ModelFileException(path, $"the graph has sparse initializers ('{graph.SparseInitializer[0].Values?.Name}'), which MnistPS does not read. Save the model with dense tensors.");
        }

        var input = Input(graph, path);
        if (graph.Output.Count != 1)
        {
            throw new ModelFileException(path, $"the graph has {graph.Output.Count} outputs; a MnistPS network has one, the 10 digits' scores or probabilities.");
        }

        var chain = OnnxChain.Read(graph, input, graph.Output[0].Name, (int)Math.Min(opset, int.MaxValue), problem => new ModelFileException(path, problem));
        var last = chain.Layers[^1];
        if (last.Outputs != Network.OutputSize)
        {
            throw new ModelFileException(path, $"the last layer has {last.Outputs} outputs; a MnistPS network ends with {Network.OutputSize}, one per digit.");
        }

        var notes = chain.Notes.ToList();
        var weights = FoldScale(chain.Layers[0].Weights, chain.InputScale, notes, path);
        var hidden = chain.Hidden ?? (Metadata(model, OnnxExport.HiddenActivationKey, Activation.ReLU) is var kept and not Activation.Softmax ? kept : Activation.ReLU);
        var layers = new DenseLayer[chain.Layers.Count];
        for (var l = 0; l < layers.Length; l++)
        {
            var layer = chain.Layers[l];
            var activation = l == layers.Length - 1 ? Activation.Softmax : hidden;
            layers[l] = DenseLayer.FromUnitMajor(l + 1, layer.Inputs, layer.Outputs, activation, l == 0 ? weights : layer.Weights, layer.Biases);
        }

        var own = model.ProducerName == OnnxExport.Producer;
        if (!own)
        {
            notes.Add($"Made by {(model.ProducerName.Length > 0 ? $"{model.ProducerName} {model.ProducerVersion}".TrimEnd() : "an unnamed tool")}: the network's initialisation, seed and epochs are not known and show as {new NetworkOptions().Initialization}, 0 and 0.");
        }

        var network = new Network(
            layers,
            hidden,
            own ? Metadata(model, OnnxExport.InitializationKey, new NetworkOptions().Initialization) : new NetworkOptions().Initialization,
            own ? Metadata(model, OnnxExport.SeedKey, 0, int.MinValue) : 0,
            own ? Metadata(model, OnnxExport.EpochsKey, 0, 0) : 0);
        foreach (var text in notes)
        {
            note?.Invoke($"{path}: {text}");
        }

        return network;
    }

    /// <summary>The name of the graph's one input, which must be float32 [N, 784] (initializers listed as inputs do not count).</summary>
    private static string Input(GraphProto graph, string path)
    {
        var stored = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(i => !stored.Contains(i.Name)).ToList();
        if (inputs.Count != 1)
        {
            throw new ModelFileException(path, $"the graph has {inputs.Count} inputs ({string.Join(", ", inputs.Select(i => $"'{i.Name}'"))}); a MnistPS network has one, float32 [N, {Network.InputSize}].");
        }

        var input = inputs[0];
        var tensor = input.Type?.TensorType;
        var dims = tensor?.Shape?.Dim;
        var shape = dims is null ? "no shape" : $"[{string.Join(", ", dims.Select(d => d.ValueCase switch
        {
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => d.DimValue.ToString(CultureInfo.InvariantCulture),
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam => d.DimParam,
            _ => "?",
        }))}]";
        if (tensor is null || tensor.ElemType != OnnxTensors.Float || dims is null || dims.Count != 2
            || dims[1].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || dims[1].DimValue != Network.InputSize)
        {
            var type = tensor is null ? "not a tensor" : $"{(tensor.ElemType == OnnxTensors.Float ? "float32" : $"of element type {tensor.ElemType}")} {shape}";
            throw new ModelFileException(path, $"the input '{input.Name}' is {type}; MnistPS imports networks whose input is float32 [N, {Network.InputSize}], 28x28 pixels row by row. Image-shaped inputs and convolutional networks are not supported.");
        }

        return input.Name;
    }

    /// <summary>
    /// The first layer's weights for MnistPS's input (pixel / 255) from a graph that feeds its first layer pixel x
    /// <paramref name="scale"/>: W1 x (scale x 255), unchanged when that is 1 to within float32 rounding (MnistPS's own export).
    /// </summary>
    private static float[] FoldScale(float[] weights, double scale, List<string> notes, string path)
    {
        var factor = scale * 255;
        if (Math.Abs(factor - 1) <= 1e-6)
        {
            notes.Add("The model scales its input by 1/255, as MnistPS does; the weights are used as they are.");
            return weights;
        }

        notes.Add(scale == 1
            ? "The model has no input scaling: it takes raw pixels 0-255. MnistPS feeds its first layer pixel / 255, so the first layer's weights were multiplied by 255 to give the same results."
            : $"The model scales its input by {scale.ToString("G9", CultureInfo.InvariantCulture)}; MnistPS feeds its first layer pixel / 255, so the first layer's weights were multiplied by {factor.ToString("G9", CultureInfo.InvariantCulture)} to give the same results.");
        var folded = new float[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            folded[i] = (float)(weights[i] * factor);
            if (!float.IsFinite(folded[i]))
            {
                throw new ModelFileException(path, $"the first layer's weight {weights[i]} times the input scaling {factor} is not a finite float32 number.");
            }
        }

        return folded;
    }

    private static T Metadata<T>(ModelProto model, string key, T fallback)
        where T : struct, Enum =>
        model.MetadataProps.FirstOrDefault(p => p.Key == key) is { } entry && Enum.TryParse<T>(entry.Value, out var value) && Enum.IsDefined(value)
            && !int.TryParse(entry.Value, out _) ? value : fallback;

    private static int Metadata(ModelProto model, string key, int fallback, int min) =>
        model.MetadataProps.FirstOrDefault(p => p.Key == key) is { } entry && int.TryParse(entry.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value : fallback;
}
