using Google.Protobuf;
using Onnx;

namespace MnistPS.Tests;

/// <summary>
/// ONNX multilayer perceptrons as other tools write them, built with the protobuf types: the layout torch.onnx.export
/// gives an nn.Sequential of Linear and ReLU layers (nodes '/0/Gemm', '/1/Relu', ..., initializers '0.weight'
/// [out, in] and '0.bias' [out], Gemm transB = 1, input 'input' [batch_size, 784], output 'output', no Softmax),
/// and variants (MatMul + Add with [in, out] weights, a scaling node, a final Softmax or LogSoftmax).
/// </summary>
public static class OnnxGraphs
{
    /// <summary>How a graph computes each layer.</summary>
    public enum Layout
    {
        /// <summary>Gemm with transB = 1 and weights [out, in], as PyTorch's Linear exports.</summary>
        GemmTransposed,

        /// <summary>Gemm with transB = 0 and weights [in, out].</summary>
        Gemm,

        /// <summary>MatMul with weights [in, out], then Add of the bias.</summary>
        MatMulAdd,
    }

    /// <summary>
    /// A graph computing what <paramref name="network"/> computes, for an input multiplied by <paramref name="inputScale"/>
    /// (the first layer's weights are W1 / (255 x inputScale), so that raw pixels give the network's results): with a
    /// scaling node <paramref name="scaling"/> ("Mul", "Div" or null for none), ending with <paramref name="ending"/>
    /// ("Softmax", "LogSoftmax" or null for the scores).
    /// </summary>
    public static ModelProto FromNetwork(Network network, Layout layout, string? scaling = null, float inputScale = 1, string? ending = null)
    {
        var graph = new GraphProto { Name = "main_graph" };
        graph.Input.Add(Matrix("input", "batch_size", 784));
        graph.Output.Add(Matrix("output", "batch_size", 10));
        var current = "input";
        if (scaling is not null)
        {
            // As torch exports x * s or x / d: the scalar as a Constant node.
            var constant = Node("Constant", "/Constant", [], "/Constant_output_0");
            constant.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = Tensor(string.Empty, [], [scaling == "Mul" ? inputScale : (float)(1.0 / inputScale)]) });
            graph.Node.Add(constant);
            graph.Node.Add(Node(scaling, $"/{scaling}", [current, "/Constant_output_0"], $"/{scaling}_output_0"));
            current = $"/{scaling}_output_0";
        }

        var index = 0;
        foreach (var layer in network.Layers)
        {
            var w = layer.Weights;
            var factor = layer.Number == 1 ? 1.0 / (255.0 * inputScale) : 1.0;
            var weights = new float[layer.OutputSize * layer.InputSize];
            for (var j = 0; j < layer.OutputSize; j++)
            {
                for (var k = 0; k < layer.InputSize; k++)
                {
                    var at = layout == Layout.GemmTransposed ? (j * layer.InputSize) + k : (k * layer.OutputSize) + j;
                    weights[at] = (float)(w[j, k] * factor);
                }
            }

            long[] dims = layout == Layout.GemmTransposed ? [layer.OutputSize, layer.InputSize] : [layer.InputSize, layer.OutputSize];
            graph.Initializer.Add(Tensor($"{index}.weight", dims, weights));
            graph.Initializer.Add(Tensor($"{index}.bias", [layer.OutputSize], layer.B[..layer.OutputSize].ToArray()));
            if (layout == Layout.MatMulAdd)
            {
                graph.Node.Add(Node("MatMul", $"/{index}/MatMul", [current, $"{index}.weight"], $"/{index}/MatMul_output_0"));
                graph.Node.Add(Node("Add", $"/{index}/Add", [$"{index}.bias", $"/{index}/MatMul_output_0"], $"/{index}/Add_output_0"));
                current = $"/{index}/Add_output_0";
            }
            else
            {
                var gemm = Node("Gemm", $"/{index}/Gemm", [current, $"{index}.weight", $"{index}.bias"], $"/{index}/Gemm_output_0");
                gemm.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 1 });
                gemm.Attribute.Add(new AttributeProto { Name = "beta", Type = AttributeProto.Types.AttributeType.Float, F = 1 });
                gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = layout == Layout.GemmTransposed ? 1 : 0 });
                graph.Node.Add(gemm);
                current = $"/{index}/Gemm_output_0";
            }

            index++;
            if (layer.Activation != Activation.Softmax)
            {
                var op = layer.Activation switch { Activation.ReLU => "Relu", Activation.Sigmoid => "Sigmoid", _ => "Tanh" };
                graph.Node.Add(Node(op, $"/{index}/{op}", [current], $"/{index}/{op}_output_0"));
                current = $"/{index}/{op}_output_0";
                index++;
            }
        }

        if (ending is not null)
        {
            var node = Node(ending, $"/{ending}", [current], "output");
            node.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = -1 });
            graph.Node.Add(node);
        }
        else
        {
            graph.Node[^1].Output[0] = "output";
        }

        var model = new ModelProto { IrVersion = 8, ProducerName = "pytorch", ProducerVersion = "2.5.1", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        return model;
    }

    public static TensorProto Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(values.SelectMany(BitConverter.GetBytes).ToArray()) };
        tensor.Dims.Add(dims);
        return tensor;
    }

    public static NodeProto Node(string op, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }

    public static ValueInfoProto Matrix(string name, string rows, params long[] columns)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = rows });
        foreach (var c in columns)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = c });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } } };
    }
}
