namespace MnistPS;

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

    /// <inheritdoc />
    public override string ToString() => $"digit {Digit}: precision {Precision:P1}, recall {Recall:P1}, F1 {F1:F3}, support {Support}";
}
