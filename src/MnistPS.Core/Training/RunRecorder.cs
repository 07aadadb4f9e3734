using System.Diagnostics;

namespace MnistPS;

/// <summary>Collects what a training run does, epoch by epoch, into its <see cref="TrainingRun"/>.</summary>
internal sealed class RunRecorder
{
    private readonly TrainingOptions _options;
    private readonly MnistDataset _training;
    private readonly MnistDataset? _validation;
    private readonly int _firstEpoch;
    private readonly DateTime _start = DateTime.UtcNow;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<EpochResult> _epochs = [];

    /// <param name="options">The options of the run, with the seed in use.</param>
    /// <param name="training">The samples trained on (after any held-out share).</param>
    /// <param name="validation">The samples validated on, if any.</param>
    /// <param name="firstEpoch">The network's number of the run's first epoch.</param>
    public RunRecorder(TrainingOptions options, MnistDataset training, MnistDataset? validation, int firstEpoch)
    {
        _options = options;
        _training = training;
        _validation = validation;
        _firstEpoch = firstEpoch;
    }

    /// <summary>How the run ended; until told otherwise, it was cancelled (or its caller stopped reading).</summary>
    public TrainingOutcome Outcome { get; set; } = TrainingOutcome.Cancelled;

    /// <summary>Records a completed epoch.</summary>
    public void Add(EpochResult epoch) => _epochs.Add(epoch);

    /// <summary>The run, now that it is over and the network holds the weights of epoch <paramref name="keptEpoch"/>.</summary>
    public TrainingRun Finish(int keptEpoch)
    {
        EpochResult? best = null;
        foreach (var epoch in _epochs)
        {
            if (epoch.ValidationLoss is { } loss && (best is null || loss < best.ValidationLoss))
            {
                best = epoch;
            }
        }

        return new TrainingRun(
            _options,
            _training.Count,
            FileName(_training.Source),
            _validation?.Count ?? 0,
            FileName(_validation?.Source),
            _firstEpoch,
            _epochs.Count > 0 ? _epochs[^1].Epoch : _firstEpoch - 1,
            keptEpoch,
            _epochs.LastOrDefault(e => e.Epoch == keptEpoch),
            best,
            Outcome,
            _start,
            _clock.Elapsed,
            TrainingRun.CurrentEngineVersion);
    }

    /// <summary>A source's file name only: a model file may be shared, and the folders it was trained from are nobody else's business.</summary>
    private static string? FileName(string? source) => string.IsNullOrEmpty(source) ? null : Path.GetFileName(source);
}
