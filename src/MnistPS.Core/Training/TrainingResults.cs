using static System.FormattableString;

namespace MnistPS;

/// <summary>What one epoch of training did.</summary>
public sealed class EpochResult
{
    internal EpochResult(int epoch, int epochs, double loss, double accuracy, double? validationLoss, double? validationAccuracy, TimeSpan duration, int samples, float learningRate, int seed, bool isBest = false)
    {
        IsBest = isBest;
        Epoch = epoch;
        Epochs = epochs;
        Loss = loss;
        Accuracy = accuracy;
        ValidationLoss = validationLoss;
        ValidationAccuracy = validationAccuracy;
        Duration = duration;
        Samples = samples;
        SamplesPerSecond = duration > TimeSpan.Zero ? samples / duration.TotalSeconds : 0;
        LearningRate = learningRate;
        Seed = seed;
    }

    /// <summary>The network's epoch number (counting earlier training).</summary>
    public int Epoch { get; }

    /// <summary>The network's epoch count at the end of this training run.</summary>
    public int Epochs { get; }

    /// <summary>Mean cross-entropy over the epoch's batches, each measured before its update.</summary>
    public double Loss { get; }

    /// <summary>Fraction of training samples classified correctly during the epoch (before each batch's update).</summary>
    public double Accuracy { get; }

    /// <summary>Mean cross-entropy on the validation data after the epoch, if given.</summary>
    public double? ValidationLoss { get; }

    /// <summary>Accuracy on the validation data after the epoch, if given.</summary>
    public double? ValidationAccuracy { get; }

    /// <summary>Wall-clock time of the epoch's training (validation excluded).</summary>
    public TimeSpan Duration { get; }

    /// <summary>Training samples processed.</summary>
    public int Samples { get; }

    /// <summary>Training throughput.</summary>
    public double SamplesPerSecond { get; }

    /// <summary>The learning rate of the epoch's last step.</summary>
    public float LearningRate { get; }

    /// <summary>With early stopping: whether this epoch had the lowest validation loss so far (its weights are kept).</summary>
    public bool IsBest { get; }

    /// <summary>The shuffling seed of this training run.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"Epoch {Epoch}/{Epochs}: loss {Loss:F4}, accuracy {Accuracy:P2}{(ValidationAccuracy is { } v ? $", validation {v:P2}" : string.Empty)}, {Duration.TotalSeconds:F2} s{(IsBest ? " (best)" : string.Empty)}";
}

/// <summary>Progress inside an epoch, reported after each batch.</summary>
public sealed class TrainingProgress
{
    internal TrainingProgress(int epoch, int firstEpoch, int lastEpoch, int batch, int batches, double loss)
    {
        Epoch = epoch;
        FirstEpoch = firstEpoch;
        LastEpoch = lastEpoch;
        Batch = batch;
        Batches = batches;
        Loss = loss;
    }

    /// <summary>The epoch under way.</summary>
    public int Epoch { get; }

    /// <summary>The first epoch of this run.</summary>
    public int FirstEpoch { get; }

    /// <summary>The last epoch of this run.</summary>
    public int LastEpoch { get; }

    /// <summary>Batches done in this epoch.</summary>
    public int Batch { get; }

    /// <summary>Batches per epoch.</summary>
    public int Batches { get; }

    /// <summary>Mean loss of the epoch so far.</summary>
    public double Loss { get; }

    /// <summary>Fraction of this run done, 0 to 1.</summary>
    public double Fraction => ((Epoch - FirstEpoch) + ((double)Batch / Batches)) / (LastEpoch - FirstEpoch + 1);
}

/// <summary>The loss became NaN or infinite; the network holds the weights from before the failing epoch.</summary>
public sealed class TrainingDivergedException : MnistException
{
    internal TrainingDivergedException(int epoch, int batch, double loss, float learningRate)
        : base($"Training diverged in epoch {epoch}, batch {batch}: the loss became {loss}. The network keeps the weights it had at the start of epoch {epoch}, the last finite ones. Lower the learning rate (it is {learningRate}; try {learningRate / 10}).")
    {
        Epoch = epoch;
        Batch = batch;
    }

    /// <summary>The epoch that diverged.</summary>
    public int Epoch { get; }

    /// <summary>The batch whose loss was not finite (1-based).</summary>
    public int Batch { get; }
}

/// <summary>
/// The training loss is exploding while still finite: the average loss of the latest samples went above
/// <see cref="ExplodingLoss"/>. Reported once per run, as soon as it happens.
/// </summary>
public sealed class TrainingWarning
{
    /// <summary>The loss of a network that guesses (every digit at probability 1/10): ln 10.</summary>
    public static readonly double GuessingLoss = Math.Log(10);

    /// <summary>
    /// Ten times <see cref="GuessingLoss"/> (about 23.0): the network gives the right digit a probability of about
    /// 1e-10 on average. Training that works stays near or below <see cref="GuessingLoss"/>.
    /// </summary>
    public static readonly double ExplodingLoss = 10 * GuessingLoss;

    internal TrainingWarning(int epoch, int batch, double loss, double? startLoss, WeightInitialization? freshInitialization, OptimizerKind optimizer, string batches, float learningRate, float suggestedLearningRate)
    {
        Epoch = epoch;
        Batch = batch;
        Loss = loss;
        SuggestedLearningRate = startLoss is null ? suggestedLearningRate : null;
        // Invariant numbers: the suggested rate is meant to be typed back as a parameter.
        Message = startLoss is { } start
            ? Invariant($"The training loss is {loss:G3} in epoch {epoch}, batch {batch}, far above the {GuessingLoss:F2} of a network that guesses, and it was already {start:G3} before the run's first update: the weights the run started from give extreme outputs. ") + freshInitialization switch
            {
                WeightInitialization.Uniform => "The tutorial's Uniform initialisation draws weights too large for layers this wide; build the network with He (ReLU) or Xavier (Sigmoid, Tanh) initialisation.",
                null => "Earlier training has damaged them; start again from a new network.",
                _ => "Check the network's layers and initialisation.",
            }
            : Invariant($"The training loss is exploding: {loss:G3} in epoch {epoch}, batch {batch}, against {GuessingLoss:F2} for a network that guesses. The learning rate ({learningRate:G}) is likely too high for {optimizer} with {batches}; try {suggestedLearningRate:G}.");
    }

    /// <summary>The epoch under way.</summary>
    public int Epoch { get; }

    /// <summary>The batch (1-based) whose loss, measured before its update, showed it.</summary>
    public int Batch { get; }

    /// <summary>The average loss of the latest samples (about 256).</summary>
    public double Loss { get; }

    /// <summary>A learning rate to try instead, when the rate is the likely cause; else null.</summary>
    public float? SuggestedLearningRate { get; }

    /// <summary>What is wrong, the likely cause and what to do.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => Message;
}
