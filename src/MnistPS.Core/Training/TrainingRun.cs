using System.Reflection;

namespace MnistPS;

/// <summary>How a training run ended.</summary>
public enum TrainingOutcome
{
    /// <summary>Every epoch asked for ran.</summary>
    Completed,

    /// <summary>Early stopping ended the run: the validation loss had stopped improving.</summary>
    StoppedEarly,

    /// <summary>Stopped before its last epoch by cancellation (Ctrl+C), or because the caller stopped reading the epochs.</summary>
    Cancelled,

    /// <summary>The loss became NaN or infinite; the network went back to the weights from the start of that epoch.</summary>
    Diverged,
}

/// <summary>
/// What one training run did: the recipe, the data, the epochs it ran and kept, its figures and its time. The trainer
/// makes one per run and the network keeps them (<see cref="Network.TrainingRuns"/>), in its model file too.
/// </summary>
public sealed class TrainingRun
{
    internal TrainingRun(TrainingOptions options, int trainingSamples, string? trainingSource, int validationSamples, string? validationSource, int firstEpoch, int lastEpoch, int keptEpoch, EpochResult? kept, EpochResult? best, TrainingOutcome outcome, DateTime startTime, TimeSpan duration, string engineVersion)
        : this(options, trainingSamples, trainingSource, validationSamples, validationSource, firstEpoch, lastEpoch, keptEpoch, kept?.Loss, kept?.Accuracy, kept?.ValidationLoss, kept?.ValidationAccuracy, best?.Epoch, best?.ValidationLoss, best?.ValidationAccuracy, outcome, startTime, duration, engineVersion)
    {
    }

    internal TrainingRun(TrainingOptions options, int trainingSamples, string? trainingSource, int validationSamples, string? validationSource, int firstEpoch, int lastEpoch, int keptEpoch, double? loss, double? accuracy, double? validationLoss, double? validationAccuracy, int? bestEpoch, double? bestValidationLoss, double? bestValidationAccuracy, TrainingOutcome outcome, DateTime startTime, TimeSpan duration, string engineVersion)
    {
        Options = options;
        TrainingSamples = trainingSamples;
        TrainingSource = trainingSource;
        ValidationSamples = validationSamples;
        ValidationSource = validationSource;
        FirstEpoch = firstEpoch;
        LastEpoch = lastEpoch;
        KeptEpoch = keptEpoch;
        Loss = loss;
        Accuracy = accuracy;
        ValidationLoss = validationLoss;
        ValidationAccuracy = validationAccuracy;
        BestEpoch = bestEpoch;
        BestValidationLoss = bestValidationLoss;
        BestValidationAccuracy = bestValidationAccuracy;
        Outcome = outcome;
        StartTime = startTime;
        Duration = duration;
        EngineVersion = engineVersion;
    }

    /// <summary>The version of the engine that trains here (the assembly's informational version, with its commit).</summary>
    internal static string CurrentEngineVersion { get; } =
        typeof(TrainingRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(TrainingRun).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The recipe: every training setting, with <see cref="TrainingOptions.Seed"/> the seed actually used.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The shuffling seed of the run (also in <see cref="Options"/>).</summary>
    public int Seed => Options.Seed ?? 0;

    /// <summary>Samples trained on (after any held-out validation share).</summary>
    public int TrainingSamples { get; }

    /// <summary>The file name the training samples came from, if they all came from one; else null.</summary>
    public string? TrainingSource { get; }

    /// <summary>Samples validated on after each epoch (given, or held out by <see cref="TrainingOptions.ValidationFraction"/>); 0 for none.</summary>
    public int ValidationSamples { get; }

    /// <summary>The file name the validation samples came from, if they all came from one; else null.</summary>
    public string? ValidationSource { get; }

    /// <summary>The network's number of the run's first epoch (counting earlier training).</summary>
    public int FirstEpoch { get; }

    /// <summary>The network's number of the run's last completed epoch; <see cref="FirstEpoch"/> - 1 when none completed.</summary>
    public int LastEpoch { get; }

    /// <summary>Epochs completed in this run.</summary>
    public int EpochsRun => LastEpoch - FirstEpoch + 1;

    /// <summary>
    /// The epoch whose weights the network kept (its EpochsTrained after the run): with early stopping the one with the
    /// lowest validation loss, else the last completed one (after a cancellation the network also holds the updates of
    /// the unfinished epoch's completed batches).
    /// </summary>
    public int KeptEpoch { get; }

    /// <summary>The kept epoch's training loss (mean cross-entropy), if it ran in this run.</summary>
    public double? Loss { get; }

    /// <summary>The kept epoch's training accuracy, if it ran in this run.</summary>
    public double? Accuracy { get; }

    /// <summary>The kept epoch's validation loss, if validated.</summary>
    public double? ValidationLoss { get; }

    /// <summary>The kept epoch's validation accuracy, if validated.</summary>
    public double? ValidationAccuracy { get; }

    /// <summary>The epoch of this run with the lowest validation loss, if validated.</summary>
    public int? BestEpoch { get; }

    /// <summary>The lowest validation loss of the run (that of <see cref="BestEpoch"/>).</summary>
    public double? BestValidationLoss { get; }

    /// <summary>The validation accuracy of <see cref="BestEpoch"/>.</summary>
    public double? BestValidationAccuracy { get; }

    /// <summary>How the run ended.</summary>
    public TrainingOutcome Outcome { get; }

    /// <summary>When the run started (UTC).</summary>
    public DateTime StartTime { get; }

    /// <summary>Wall-clock time of the whole run, validation included.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The version of MnistPS that trained, e.g. 0.1.0+(commit).</summary>
    public string EngineVersion { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        if (EpochsRun == 0)
        {
            return $"No epoch completed on {TrainingSamples:N0} samples, {Outcome.ToString().ToLowerInvariant()}";
        }

        var epochs = EpochsRun == 1 ? $"Epoch {FirstEpoch}" : $"Epochs {FirstEpoch}-{LastEpoch}";
        var kept = KeptEpoch != LastEpoch ? $" (kept {KeptEpoch})" : string.Empty;
        var figures = ValidationAccuracy is { } validation
            ? $"validation {validation:P2}, loss {ValidationLoss:F4}"
            : Accuracy is { } accuracy ? $"accuracy {accuracy:P2}, loss {Loss:F4}" : "no figures";
        var end = Outcome is TrainingOutcome.Cancelled or TrainingOutcome.Diverged ? $", {Outcome.ToString().ToLowerInvariant()}" : string.Empty;
        return $"{epochs} on {TrainingSamples:N0} samples{kept}: {figures}{end}";
    }
}
