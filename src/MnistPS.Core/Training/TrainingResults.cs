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
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException()
    {
    }

    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    public TrainingDivergedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

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
