namespace MnistPS;

/// <summary>What the network thinks one image shows.</summary>
public sealed class MnistPrediction
{
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
        Probability = probabilities[Digit];
        Probabilities = probabilities.ToArray().AsReadOnly();
        Actual = sample.Label;
        Correct = sample.Label is { } label ? label == Digit : null;
        Source = sample.Source;
    }

    /// <summary>The position of the sample in its source (0-based); a Kaggle ImageId is Index + 1.</summary>
    public long Index { get; }

    /// <summary>The predicted digit: the most probable one.</summary>
    public int Digit { get; }

    /// <summary>Its probability.</summary>
    public float Probability { get; }

    /// <summary>The probabilities of digits 0 to 9.</summary>
    public IReadOnlyList<float> Probabilities { get; }

    /// <summary>The sample's label, if it has one.</summary>
    public int? Actual { get; }

    /// <summary>Whether the prediction matches the label; null for unlabelled samples.</summary>
    public bool? Correct { get; }

    /// <summary>The file or dataset of the sample (an image file's path for images).</summary>
    public string? Source { get; }

    /// <summary>The sample predicted.</summary>
    public MnistSample Sample { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Digit} ({Probability:P1})";
}
