namespace MnistPS;

/// <summary>How to train: epochs, batch size, learning rate, optimizer, regularisation, shuffling and threads.</summary>
public sealed class TrainingOptions
{
    /// <summary>The most epochs one call accepts.</summary>
    public const int MaxEpochs = 100_000;

    /// <summary>Passes over the training data (for full batch, gradient-descent iterations).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per gradient step; 0 means the whole training set (full-batch gradient descent, the tutorial's method).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Step size.</summary>
    public float LearningRate { get; init; } = 0.1f;

    /// <summary>Update rule.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>Momentum coefficient mu of <see cref="OptimizerKind.Momentum"/>.</summary>
    public float Momentum { get; init; } = 0.9f;

    /// <summary>Adam's first-moment decay.</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Adam's second-moment decay.</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Adam's epsilon.</summary>
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>L2 weight decay lambda: the gradient of (lambda / 2) * sum(W^2) is added to the weights' gradients (not the biases').</summary>
    public float L2 { get; init; }

    /// <summary>Whether to visit the samples in a fresh seeded order each epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the shuffling; null picks one at random (reported in each epoch's result).</summary>
    public int? Seed { get; init; }

    /// <summary>Threads to use; 0 means one per core. Results are the same whatever the count.</summary>
    public int MaxThreads { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range and what is allowed.</summary>
    public void Validate()
    {
        Require(Epochs is >= 1 and <= MaxEpochs, nameof(Epochs), $"is {Epochs}; give 1 to {MaxEpochs}.");
        Require(BatchSize >= 0, nameof(BatchSize), $"is {BatchSize}; give a positive batch size, or 0 for the full batch.");
        Require(float.IsFinite(LearningRate) && LearningRate > 0, nameof(LearningRate), $"is {LearningRate}; give a finite rate above 0 (typically 0.001 to 1).");
        Require(Enum.IsDefined(Optimizer), nameof(Optimizer), $"is {Optimizer}; use Sgd, Momentum or Adam.");
        Require(float.IsFinite(Momentum) && Momentum is >= 0 and < 1, nameof(Momentum), $"is {Momentum}; give 0 <= momentum < 1.");
        Require(float.IsFinite(Beta1) && Beta1 is >= 0 and < 1, nameof(Beta1), $"is {Beta1}; give 0 <= beta1 < 1.");
        Require(float.IsFinite(Beta2) && Beta2 is >= 0 and < 1, nameof(Beta2), $"is {Beta2}; give 0 <= beta2 < 1.");
        Require(float.IsFinite(Epsilon) && Epsilon > 0, nameof(Epsilon), $"is {Epsilon}; give a small positive value such as 1e-8.");
        Require(float.IsFinite(L2) && L2 is >= 0 and <= 1, nameof(L2), $"is {L2}; give 0 (none) to 1.");
        Require(MaxThreads is >= 0 and <= 1024, nameof(MaxThreads), $"is {MaxThreads}; give 0 (one per core) or a positive count.");
    }

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} {problem}", name);
        }
    }
}
