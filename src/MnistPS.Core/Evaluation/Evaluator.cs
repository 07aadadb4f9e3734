namespace MnistPS;

/// <summary>Measures a network on labelled data.</summary>
public static class Evaluator
{
    /// <summary>Accuracy, mean cross-entropy, confusion matrix and per-digit precision, recall and F1.</summary>
    public static EvaluationResult Evaluate(Network network, MnistDataset data, int maxThreads = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (!data.HasLabels)
        {
            throw new ArgumentException("Evaluation needs labelled samples; this data has no labels.", nameof(data));
        }

        if (data.Count == 0)
        {
            throw new ArgumentException("Evaluation needs at least one sample.", nameof(data));
        }

        var probabilities = new float[(long)data.Count * Network.OutputSize];
        var losses = new float[data.Count];
        network.Infer(data, probabilities, losses, maxThreads, cancellationToken);
        var confusion = new int[Network.OutputSize, Network.OutputSize];
        double loss = 0;
        for (var i = 0; i < data.Count; i++)
        {
            var predicted = Numerics.Kernels.ArgMax(probabilities.AsSpan(i * Network.OutputSize, Network.OutputSize));
            confusion[data.GetLabel(i), predicted]++;
            loss += losses[i];
        }

        return new EvaluationResult(confusion, loss / data.Count, data.Count);
    }
}
