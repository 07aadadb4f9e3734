using Onnx;

namespace MnistPS.Interop;

/// <summary>One dense layer read from an ONNX graph: z = W a + b, W unit-major (W[j * Inputs + k]).</summary>
internal sealed record OnnxLayer(int Inputs, int Outputs, float[] Weights, float[] Biases);

/// <summary>
/// Reads the multilayer perceptron an ONNX graph computes, node by node along the chain from its input to its output:
/// an optional Mul or Div by a scalar (the input scaling), then layers of Gemm (or MatMul followed by Add) with Relu,
/// Sigmoid or Tanh between them, and an optional final Softmax or LogSoftmax. Weights come from initializers or
/// Constant nodes. Any other node, a branch, or a node off the chain is refused naming the node.
/// </summary>
internal sealed class OnnxChain
{
    private const string Supported = "MnistPS imports multilayer perceptrons: an optional Mul or Div of the input by a scalar, then layers of Gemm (or MatMul and Add) with Relu, Sigmoid or Tanh between them, and an optional final Softmax";

    private readonly Func<string, Exception> _refuse;
    private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);
    private readonly List<OnnxLayer> _layers = [];
    private readonly List<string> _notes = [];
    private readonly int _opset;
    private Step _step = Step.Start;
    private int _width = Network.InputSize;

    private OnnxChain(GraphProto graph, int opset, Func<string, Exception> refuse)
    {
        _opset = opset;
        _refuse = refuse;
        foreach (var tensor in graph.Initializer)
        {
            _constants[tensor.Name] = tensor;
        }

        foreach (var node in graph.Node)
        {
            if (node.OpType == "Constant" && IsStandard(node))
            {
                _constants[Single(node.Output, node)] = ConstantValue(node);
                continue;
            }

            foreach (var input in node.Input.Where(i => i.Length > 0).Distinct())
            {
                (_consumers.TryGetValue(input, out var users) ? users : _consumers[input] = []).Add(node);
            }
        }
    }

    private enum Step
    {
        Start,
        AfterMatMul,
        AfterAffine,
        AfterActivation,
        End,
    }

    /// <summary>The layers, first first; the last is the output layer.</summary>
    public IReadOnlyList<OnnxLayer> Layers => _layers;

    /// <summary>The hidden layers' activation; null without hidden layers.</summary>
    public Activation? Hidden { get; private set; }

    /// <summary>What the graph multiplies its input by before the first layer (1 without a scaling node).</summary>
    public double InputScale { get; private set; } = 1;

    /// <summary>What was read that a user should know (the scaling nodes, how the graph ends).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Reads the chain from <paramref name="input"/> to <paramref name="output"/>; <paramref name="refuse"/> makes the error for a problem.</summary>
    public static OnnxChain Read(GraphProto graph, string input, string output, int opset, Func<string, Exception> refuse)
    {
        var chain = new OnnxChain(graph, opset, refuse);
        var visited = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var current = input;
        while (current != output)
        {
            var users = chain._consumers.GetValueOrDefault(current) ?? [];
            if (users.Count != 1)
            {
                throw refuse(users.Count == 0
                    ? $"the value '{current}' is used by no node and is not the graph's output '{output}'. {Supported}."
                    : $"the value '{current}' feeds {users.Count} nodes ({string.Join(", ", users.Select(Name))}); {Supported}, each node feeding the next.");
            }

            var node = users[0];
            if (!visited.Add(node))
            {
                throw refuse($"{Name(node)} is reached twice: the graph has a cycle.");
            }

            current = chain.Apply(node, current);
        }

        var stray = graph.Node.FirstOrDefault(n => !visited.Contains(n) && !(n.OpType == "Constant" && IsStandard(n)));
        if (stray is not null)
        {
            throw refuse($"{Name(stray)} is not on the path from the input '{input}' to the output '{output}'. {Supported}.");
        }

        switch (chain._step)
        {
            case Step.Start:
                throw refuse($"the graph has no layer between its input '{input}' and its output '{output}'.");
            case Step.AfterActivation:
                throw refuse($"the graph ends with an activation; its last layer must be a Gemm or MatMul giving the 10 scores of the digits.");
            case Step.AfterAffine or Step.AfterMatMul:
                chain._notes.Add("The model ends with its last layer's scores (no Softmax); MnistPS applies softmax to them, so its digit is the model's highest score and its probabilities are the softmax of the model's outputs.");
                break;
        }

        return chain;
    }

    /// <summary>A node's name and operator for messages, e.g. node '/fc1/Gemm' (Gemm).</summary>
    public static string Name(NodeProto node) =>
        $"node '{(node.Name.Length > 0 ? node.Name : node.Output.FirstOrDefault() ?? "?")}' ({(IsStandard(node) ? node.OpType : $"{node.Domain}.{node.OpType}")})";

    private static bool IsStandard(NodeProto node) => node.Domain is "" or "ai.onnx";

    private string Apply(NodeProto node, string current)
    {
        var op = IsStandard(node) ? node.OpType : string.Empty;
        switch (op)
        {
            case "Mul" or "Div" when _step == Step.Start:
                Scale(node, current);
                break;
            case "Gemm" when _step is Step.Start or Step.AfterActivation:
                Gemm(node, current);
                break;
            case "MatMul" when _step is Step.Start or Step.AfterActivation:
                Expect(node, current, 2);
                var w = Matrix(node, node.Input[1], transposed: false);
                AddLayer(node, w.Outputs, w.Weights, new float[w.Outputs]);
                _step = Step.AfterMatMul;
                break;
            case "Add" when _step == Step.AfterMatMul:
                Expect(node, current, 2, either: true);
                var layer = _layers[^1];
                _layers[^1] = layer with { Biases = Bias(node, Other(node, current), layer.Outputs) };
                _step = Step.AfterAffine;
                break;
            case "Relu" or "Sigmoid" or "Tanh" when _step is Step.AfterAffine or Step.AfterMatMul:
                Expect(node, current, 1);
                var activation = Enum.GetValues<Activation>().First(a => a != Activation.Softmax && OnnxExport.OperatorOf(a) == op);
                if (Hidden is { } hidden && hidden != activation)
                {
                    throw Refuse(node, $"an earlier hidden layer uses {OnnxExport.OperatorOf(hidden)}; the hidden layers of a MnistPS network share one activation.");
                }

                Hidden = activation;
                _step = Step.AfterActivation;
                break;
            case "Softmax" or "LogSoftmax" when _step is Step.AfterAffine or Step.AfterMatMul:
                Expect(node, current, 1);
                var axis = Int(node, "axis", _opset >= 13 ? -1 : 1);
                if (axis is not (-1 or 1))
                {
                    throw Refuse(node, $"its axis is {axis}; the digits' scores are axis 1 (or -1).");
                }

                if (op == "LogSoftmax")
                {
                    _notes.Add($"The model ends with LogSoftmax ({Name(node)}); MnistPS gives the probabilities (the exponential of the model's outputs) and the same digit.");
                }

                _step = Step.End;
                break;
            case "Mul" or "Div" or "Gemm" or "MatMul" or "Add" or "Relu" or "Sigmoid" or "Tanh" or "Softmax" or "LogSoftmax":
                throw Refuse(node, $"it comes where MnistPS expects {Expectation()}. {Supported}.");
            default:
                throw Refuse(node, $"this operator is not supported. {Supported}.");
        }

        return node.Output[0];
    }

    private string Expectation() => _step switch
    {
        Step.Start => "the input scaling (a Mul or Div by a scalar) or the first layer (Gemm or MatMul)",
        Step.AfterActivation => "the next layer (Gemm or MatMul)",
        Step.AfterMatMul => "the layer's bias (Add), an activation (Relu, Sigmoid, Tanh), a final Softmax or the graph's output",
        Step.AfterAffine => "an activation (Relu, Sigmoid, Tanh), a final Softmax or the graph's output",
        _ => "nothing: the final Softmax must give the graph's output",
    };

    private void Scale(NodeProto node, string current)
    {
        var multiply = node.OpType == "Mul";
        Expect(node, current, 2, either: multiply);
        var name = Other(node, current);
        var tensor = Constant(node, name);
        if (OnnxTensors.ElementCount(tensor) != 1)
        {
            throw Refuse(node, $"it scales the input by '{name}' of shape {OnnxTensors.ShapeText(tensor.Dims)}; MnistPS recognises a scaling by one number only.");
        }

        var value = (double)OnnxTensors.Read(tensor, p => Refuse(node, p))[0];
        if (value == 0)
        {
            throw Refuse(node, $"it {(multiply ? "multiplies" : "divides")} the input by 0.");
        }

        InputScale *= multiply ? value : 1 / value;
        _notes.Add($"{Name(node)} {(multiply ? "multiplies" : "divides")} the input by {(float)value}.");
    }

    private void Gemm(NodeProto node, string current)
    {
        if (node.Input.Count is not (2 or 3) || node.Input[0] != current)
        {
            throw Refuse(node, $"a layer's Gemm takes the previous value '{current}' as A and stored weights as B (and C).");
        }

        var alpha = Float(node, "alpha", 1f);
        var beta = Float(node, "beta", 1f);
        var transA = Int(node, "transA", 0);
        var transB = Int(node, "transB", 0);
        if (alpha != 1f || beta != 1f || transA != 0 || transB is not (0 or 1))
        {
            throw Refuse(node, $"it has alpha {alpha}, beta {beta}, transA {transA}, transB {transB}; MnistPS reads Gemm with alpha 1, beta 1, transA 0 and transB 0 or 1 (as PyTorch's Linear exports).");
        }

        Single(node.Output, node);
        var w = Matrix(node, node.Input[1], transposed: transB == 1);
        var biases = node.Input.Count == 3 && node.Input[2].Length > 0 ? Bias(node, node.Input[2], w.Outputs) : new float[w.Outputs];
        AddLayer(node, w.Outputs, w.Weights, biases);
        _step = Step.AfterAffine;
    }

    /// <summary>The weights of a layer with <see cref="_width"/> inputs: [outputs, inputs] when transposed (Gemm transB = 1), else [inputs, outputs]; returned unit-major.</summary>
    private (int Outputs, float[] Weights) Matrix(NodeProto node, string name, bool transposed)
    {
        var tensor = Constant(node, name);
        var dims = tensor.Dims;
        var inputs = transposed ? 1 : 0;
        if (dims.Count != 2 || dims[inputs] != _width || dims[1 - inputs] is < 1 or > NetworkOptions.MaxLayerSize)
        {
            var wanted = transposed ? $"[outputs, {_width}]" : $"[{_width}, outputs]";
            throw Refuse(node, $"its weights '{name}' have shape {OnnxTensors.ShapeText(dims)}; after {_width} values the layer's weights must be {wanted}, with 1 to {NetworkOptions.MaxLayerSize} outputs.");
        }

        var outputs = (int)dims[1 - inputs];
        var values = OnnxTensors.Read(tensor, p => Refuse(node, p));
        if (transposed)
        {
            return (outputs, values);
        }

        var unitMajor = new float[values.Length];
        for (var k = 0; k < _width; k++)
        {
            for (var j = 0; j < outputs; j++)
            {
                unitMajor[(j * _width) + k] = values[(k * outputs) + j];
            }
        }

        return (outputs, unitMajor);
    }

    private float[] Bias(NodeProto node, string name, int outputs)
    {
        var tensor = Constant(node, name);
        var dims = tensor.Dims;
        if (!(dims.Count == 1 && dims[0] == outputs) && !(dims.Count == 2 && dims[0] == 1 && dims[1] == outputs))
        {
            throw Refuse(node, $"its bias '{name}' has shape {OnnxTensors.ShapeText(dims)}; the layer has {outputs} outputs, so it must be [{outputs}] or [1, {outputs}].");
        }

        return OnnxTensors.Read(tensor, p => Refuse(node, p));
    }

    private void AddLayer(NodeProto node, int outputs, float[] weights, float[] biases)
    {
        if (_layers.Count > NetworkOptions.MaxHiddenLayers)
        {
            throw Refuse(node, $"the graph has more than {NetworkOptions.MaxHiddenLayers + 1} layers; MnistPS networks have at most {NetworkOptions.MaxHiddenLayers} hidden layers.");
        }

        _layers.Add(new OnnxLayer(_width, outputs, weights, biases));
        _width = outputs;
    }

    /// <summary>Checks that <paramref name="node"/> has <paramref name="inputs"/> inputs, the first (or, when <paramref name="either"/>, either) being <paramref name="current"/>, and one output.</summary>
    private void Expect(NodeProto node, string current, int inputs, bool either = false)
    {
        if (node.Input.Count != inputs || !(node.Input[0] == current || (either && node.Input[1] == current)))
        {
            throw Refuse(node, $"it must take {(inputs == 1 ? "one input" : $"{inputs} inputs")}, {(either ? "one" : "the first")} being the previous value '{current}'.");
        }

        Single(node.Output, node);
    }

    private static string Other(NodeProto node, string current) => node.Input[0] == current ? node.Input[1] : node.Input[0];

    private TensorProto Constant(NodeProto node, string name) =>
        _constants.TryGetValue(name, out var tensor)
            ? tensor
            : throw Refuse(node, $"its input '{name}' is computed, not stored; MnistPS reads weights and scales stored in the model (initializers or Constant nodes).");

    private TensorProto ConstantValue(NodeProto node)
    {
        var attribute = node.Attribute.Count == 1 ? node.Attribute[0] : null;
        switch (attribute?.Name)
        {
            case "value" when attribute.T is not null:
                // Named after the value it gives, so that messages about it say which one.
                return attribute.T.Name.Length > 0 ? attribute.T : new TensorProto(attribute.T) { Name = node.Output[0] };
            case "value_float":
                return OnnxTensors.Create(node.Output[0], [attribute.F]);
            default:
                throw Refuse(node, "MnistPS reads Constant nodes holding a tensor ('value') or one float ('value_float').");
        }
    }

    private string Single(Google.Protobuf.Collections.RepeatedField<string> outputs, NodeProto node) =>
        outputs.Count == 1 && outputs[0].Length > 0 ? outputs[0] : throw Refuse(node, $"it has {outputs.Count} outputs; MnistPS reads nodes with one.");

    private long Int(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? (a.Type == AttributeProto.Types.AttributeType.Int ? a.I : throw Refuse(node, $"its attribute '{name}' is not an integer.")) : fallback;

    private float Float(NodeProto node, string name, float fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? (a.Type == AttributeProto.Types.AttributeType.Float ? a.F : throw Refuse(node, $"its attribute '{name}' is not a float.")) : fallback;

    private Exception Refuse(NodeProto node, string problem) => _refuse($"{Name(node)}: {problem}");
}
