namespace MnistPS;

/// <summary>
/// Where each layer's parameters sit in the trainer's list of tensors, W1, b1, W2, b2, ...: the order the gradients,
/// the optimizer's state and the rollback copies all follow.
/// </summary>
internal static class ParameterSlots
{
    /// <summary>The slot of layer <paramref name="layer"/>'s weights (0-based layer).</summary>
    public static int Weights(int layer) => 2 * layer;

    /// <summary>The slot of layer <paramref name="layer"/>'s biases (0-based layer).</summary>
    public static int Bias(int layer) => (2 * layer) + 1;

    /// <summary>Whether slot <paramref name="slot"/> holds weights (L2 decays weights, not biases).</summary>
    public static bool IsWeights(int slot) => slot % 2 == 0;

    /// <summary>The network's parameters in slot order, as views of its own buffers.</summary>
    public static Memory<float>[] Of(Network network) =>
        network.Layers.SelectMany(l => new[] { l.WeightMemory, l.BiasMemory }).ToArray();
}
