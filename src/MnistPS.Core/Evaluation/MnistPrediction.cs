namespace MnistPS;

/// <summary>
/// What the network thinks one image shows. Its properties are flat (the ten probabilities are P0 to P9), so a
/// prediction exports cleanly to CSV and JSON; the sample predicted is reached with <see cref="GetSample"/>, and the
/// cmdlets that take samples take predictions too.
/// </summary>
public sealed class MnistPrediction
{
    private readonly float[] _probabilities;

    /// <summary>Builds a prediction from the ten probabilities of a sample.</summary>
    public MnistPrediction(MnistSample sample, ReadOnlySpan<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (probabilities.Length != Network.OutputSize)
        {
            throw new ArgumentException($"Expected {Network.OutputSize} probabilities.", nameof(probabilities));
        }

        Sample = sample;
        Index = sample.Index;
        Digit = Numerics.Kernels.ArgMax(probabilities);
        _probabilities = probabilities.ToArray();
        Actual = sample.Label;
        Correct = sample.Label is { } label ? label == Digit : null;
        Source = sample.Source;
    }

    /// <summary>The position of the sample in its source (0-based); a Kaggle ImageId is Index + 1.</summary>
    public long Index { get; }

    /// <summary>The predicted digit: the most probable one.</summary>
    public int Digit { get; }

    /// <summary>Its probability.</summary>
    public float Probability => _probabilities[Digit];

    /// <summary>The sample's label, if it has one.</summary>
    public int? Actual { get; }

    /// <summary>Whether the prediction matches the label; null for unlabelled samples.</summary>
    public bool? Correct { get; }

    /// <summary>The file or dataset of the sample (an image file's path for images).</summary>
    public string? Source { get; }

    /// <summary>The probability of digit 0.</summary>
    public float P0 => _probabilities[0];

    /// <summary>The probability of digit 1.</summary>
    public float P1 => _probabilities[1];

    /// <summary>The probability of digit 2.</summary>
    public float P2 => _probabilities[2];

    /// <summary>The probability of digit 3.</summary>
    public float P3 => _probabilities[3];

    /// <summary>The probability of digit 4.</summary>
    public float P4 => _probabilities[4];

    /// <summary>The probability of digit 5.</summary>
    public float P5 => _probabilities[5];

    /// <summary>The probability of digit 6.</summary>
    public float P6 => _probabilities[6];

    /// <summary>The probability of digit 7.</summary>
    public float P7 => _probabilities[7];

    /// <summary>The probability of digit 8.</summary>
    public float P8 => _probabilities[8];

    /// <summary>The probability of digit 9.</summary>
    public float P9 => _probabilities[9];

    /// <summary>The sample predicted.</summary>
    internal MnistSample Sample { get; }

    /// <summary>The sample predicted (a method, so that exports of predictions do not carry its 784 pixels).</summary>
    public MnistSample GetSample() => Sample;

    /// <summary>The probabilities of digits 0 to 9 (a copy).</summary>
    public float[] GetProbabilities() => (float[])_probabilities.Clone();

    /// <inheritdoc />
    public override string ToString() =>
        $"{Digit} ({Probability:P1}){(Actual is { } actual ? $", actual {actual}" : string.Empty)}{(Source is null ? string.Empty : $", #{Index} of {System.IO.Path.GetFileName(Source)}")}";
}
