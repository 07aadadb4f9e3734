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

/// <summary>How well a network does on labelled data.</summary>
public sealed class EvaluationResult
{
    private readonly int[,] _confusion;

    internal EvaluationResult(int[,] confusion, double loss, int count)
    {
        _confusion = confusion;
        Loss = loss;
        Count = count;
        var correct = 0;
        var digits = new DigitMetrics[Network.OutputSize];
        for (var d = 0; d < Network.OutputSize; d++)
        {
            correct += confusion[d, d];
            int actual = 0, predicted = 0;
            for (var o = 0; o < Network.OutputSize; o++)
            {
                actual += confusion[d, o];
                predicted += confusion[o, d];
            }

            digits[d] = new DigitMetrics(d, confusion[d, d], actual, predicted);
        }

        Correct = correct;
        Accuracy = (double)correct / count;
        PerDigit = digits;
    }

    /// <summary>Samples evaluated.</summary>
    public int Count { get; }

    /// <summary>Samples classified correctly.</summary>
    public int Correct { get; }

    /// <summary>Correct / Count.</summary>
    public double Accuracy { get; }

    /// <summary>Mean cross-entropy, -log p(true digit).</summary>
    public double Loss { get; }

    /// <summary>A copy of the confusion matrix: [actual, predicted] counts.</summary>
    public int[,] ConfusionMatrix => (int[,])_confusion.Clone();

    /// <summary>Precision, recall and F1 of each digit.</summary>
    public IReadOnlyList<DigitMetrics> PerDigit { get; }

    /// <summary>The confusion matrix as text: one row per actual digit, one column per predicted digit.</summary>
    public string ConfusionTable
    {
        get
        {
            var builder = new System.Text.StringBuilder();
            builder.Append("actual\\predicted");
            for (var p = 0; p < Network.OutputSize; p++)
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"{p,6}");
            }

            for (var a = 0; a < Network.OutputSize; a++)
            {
                builder.AppendLine();
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"{a,16}");
                for (var p = 0; p < Network.OutputSize; p++)
                {
                    builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"{_confusion[a, p],6}");
                }
            }

            return builder.ToString();
        }
    }

    /// <summary>The count of samples of digit <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int GetCount(int actual, int predicted) => _confusion[actual, predicted];

    /// <inheritdoc />
    public override string ToString() => $"Accuracy {Accuracy:P2} ({Correct}/{Count}), loss {Loss:F4}";
}

/// <summary>One digit's scores.</summary>
public sealed class DigitMetrics
{
    internal DigitMetrics(int digit, int truePositives, int support, int predicted)
    {
        Digit = digit;
        Support = support;
        Predicted = predicted;
        Precision = predicted == 0 ? 0 : (double)truePositives / predicted;
        Recall = support == 0 ? 0 : (double)truePositives / support;
        F1 = Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    }

    /// <summary>The digit.</summary>
    public int Digit { get; }

    /// <summary>Correct predictions of this digit / all predictions of it (0 when never predicted).</summary>
    public double Precision { get; }

    /// <summary>Correct predictions of this digit / samples of it (0 when it never occurs).</summary>
    public double Recall { get; }

    /// <summary>Harmonic mean of precision and recall.</summary>
    public double F1 { get; }

    /// <summary>Samples whose label is this digit.</summary>
    public int Support { get; }

    /// <summary>Samples predicted as this digit.</summary>
    public int Predicted { get; }
}
