namespace MnistPS;

/// <summary>
/// Watches a run's batch losses for a loss that explodes while staying finite, and says so once. The loss it watches
/// is a moving average over about <see cref="WindowSamples"/> samples (a batch of that size or more counts fully), so
/// the odd confidently wrong sample in a batch of one does not raise it; the average starts at the loss of guessing.
/// </summary>
internal sealed class LossWatch
{
    /// <summary>Samples over which the watched loss is averaged.</summary>
    public const int WindowSamples = 256;

    /// <summary>Fewest samples in the run's first batch for its loss to tell whether the weights the run started from were the trouble.</summary>
    public const int StartSamples = 16;

    private readonly TrainingOptions _options;
    private readonly string _batches;

    /// <summary>How a network that had never been trained before this run was initialised; null for one trained before.</summary>
    private readonly WeightInitialization? _freshInitialization;
    private double _average = TrainingWarning.GuessingLoss;
    private double? _firstLoss;
    private bool _warned;

    /// <param name="options">The run's options.</param>
    /// <param name="batchSize">Samples per batch in this run.</param>
    /// <param name="network">The network, before the run.</param>
    public LossWatch(TrainingOptions options, int batchSize, Network network)
    {
        _options = options;
        _batches = options.BatchSize == 0 ? FormattableString.Invariant($"the full batch ({batchSize:N0} samples)") : batchSize == 1 ? "batches of one sample" : FormattableString.Invariant($"batches of {batchSize:N0}");
        _freshInitialization = network.EpochsTrained == 0 && network.TrainingRuns.Count == 0 ? network.Initialization : null;
    }

    /// <summary>
    /// Takes a batch's mean loss (measured before its update); returns a warning the first time in the run that the
    /// watched loss goes above <see cref="TrainingWarning.ExplodingLoss"/>, else null.
    /// </summary>
    public TrainingWarning? Observe(double meanLoss, int samples, int epoch, int batch)
    {
        // Only the first batch is measured before any update; a single sample or a few say too little on their own.
        _firstLoss ??= samples >= StartSamples ? meanLoss : double.NaN;
        _average += Math.Min(1.0, (double)samples / WindowSamples) * (meanLoss - _average);
        if (_warned || !(_average > TrainingWarning.ExplodingLoss))
        {
            return null;
        }

        _warned = true;
        var rate = _options.LearningRate;
        var usual = TrainingOptions.UsualLearningRate(_options.Optimizer);
        var suggested = rate > usual ? usual : rate / 10;
        var start = _firstLoss > TrainingWarning.ExplodingLoss ? _firstLoss : null;
        return new TrainingWarning(epoch, batch, _average, start, _freshInitialization, _options.Optimizer, _batches, rate, suggested);
    }
}
