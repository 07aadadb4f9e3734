namespace MnistPS;

/// <summary>
/// The tutorial's back propagation over some labelled samples, in its names and shapes, from the output layer down:
/// dZ_L = A_L - Y; dW_L = 1/m dZ_L A_(L-1)^T; dB_L = 1/m sum(dZ_L); dZ_l = W_(l+1)^T dZ_(l+1) * g'(Z_l); ...
/// dW and dB are the gradients of the mean cross-entropy that the trainer itself computes and applies (a plain SGD
/// step is W - rate * dW); dZ, per sample as the tutorial writes it, comes from the forward pass by the formulas above.
/// </summary>
public sealed class BackwardPass : QuantitySet
{
    private BackwardPass(IReadOnlyList<Quantity> quantities, int count, double loss)
        : base(quantities, count)
    {
        Loss = loss;
    }

    /// <summary>The mean cross-entropy whose gradients these are.</summary>
    public double Loss { get; }

    /// <summary>The gradients of <paramref name="network"/>'s mean cross-entropy over <paramref name="data"/> (labelled).</summary>
    public static BackwardPass Compute(Network network, MnistDataset data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (!data.HasLabels)
        {
            throw new ArgumentException("Gradients need labelled samples: the loss compares each prediction with its label.");
        }

        var forward = ForwardPass.Compute(network, data);
        var (loss, stored) = StoredGradients(network, data);
        var layers = network.Layers;
        var quantities = new List<Quantity>();
        var dz = OutputDelta(forward[$"A{layers.Count}"].Values, data);
        for (var l = layers.Count - 1; l >= 0; l--)
        {
            var layer = layers[l];
            quantities.Add(new Quantity($"dZ{l + 1}", dz));
            quantities.Add(new Quantity($"dW{l + 1}", layer.WeightMatrix(stored[ParameterSlots.Weights(l)])));
            quantities.Add(new Quantity($"dB{l + 1}", layer.BiasMatrix(stored[ParameterSlots.Bias(l)])));
            if (l > 0)
            {
                dz = HiddenDelta(layer, dz, forward[$"A{l}"].Values, layers[l - 1].Activation);
            }
        }

        return new BackwardPass(quantities, data.Count, loss);
    }

    /// <summary>The trainer's own gradients of the mean loss (W1, B1, W2, ... as stored), without an update.</summary>
    internal static (double Loss, float[][] Gradients) StoredGradients(Network network, MnistDataset data) =>
        new Trainer(network, new TrainingOptions { Shuffle = false, Seed = 0, MaxThreads = 1 }).Gradients(data, Enumerable.Range(0, data.Count).ToArray());

    /// <summary>dZ_L = A_L - Y: the softmax's probabilities minus the one-hot labels.</summary>
    private static float[,] OutputDelta(float[,] output, MnistDataset data)
    {
        for (var i = 0; i < data.Count; i++)
        {
            output[data.GetLabel(i), i] -= 1f;
        }

        return output;
    }

    /// <summary>dZ_(l-1) = W_l^T dZ_l * g'(Z_(l-1)), the derivative taken from the activation's output A_(l-1).</summary>
    private static float[,] HiddenDelta(DenseLayer layer, float[,] dz, float[,] below, Activation activation)
    {
        var w = layer.Weights;
        var delta = new float[layer.InputSize, dz.GetLength(1)];
        for (var i = 0; i < dz.GetLength(1); i++)
        {
            for (var k = 0; k < layer.InputSize; k++)
            {
                var sum = 0f;
                for (var j = 0; j < layer.OutputSize; j++)
                {
                    sum += w[j, k] * dz[j, i];
                }

                delta[k, i] = sum * ActivationFunctions.Derivative(activation, below[k, i]);
            }
        }

        return delta;
    }

    /// <inheritdoc />
    public override string ToString() => $"Gradients of loss {Loss:F4} over {Count} samples: {string.Join(' ', Quantities.Select(q => q.Name))}";
}
