using System.Diagnostics;

namespace MnistPS;

/// <summary>
/// Trains a network in place by back-propagation and gradient descent on softmax cross-entropy.
/// Keeps the optimizer state and the shuffling sequence between calls, so training can go on where it stopped.
/// </summary>
/// <remarks>
/// This file holds the run: the checks, the validation split, the epoch loop, the rollback on divergence and early
/// stopping. Each batch is run by the <see cref="BatchEngine"/>; a step is one batch's update of the weights.
/// </remarks>
public sealed class Trainer
{
    /// <summary>Most threads used: beyond this the three synchronisations per chunk cost more than the rows they share.</summary>
    private const int ThreadLimit = 8;

    private readonly Network _network;
    private readonly TrainingOptions _options;
    private readonly Random _random;
    private readonly int _threads;
    private readonly BatchEngine _engine;

    /// <summary>Steps taken so far, over every run of this trainer: one per batch (they key dropout).</summary>
    private long _steps;

    public Trainer(Network network, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _options = options;
        Seed = options.Seed ?? Random.Shared.Next();
        _random = new Random(Seed);
        _threads = Math.Clamp(options.MaxThreads > 0 ? options.MaxThreads : Environment.ProcessorCount, 1, ThreadLimit);
        _engine = new BatchEngine(network, options, Seed, _threads);
    }

    /// <summary>
    /// Most non-zero pixels cached compressed for a run: 4 bytes each, 128 MiB by default (about 200,000 MNIST images).
    /// Beyond that each batch compresses its images as it goes; the results are the same either way.
    /// </summary>
    internal long MaxCachedPixels { get => _engine.MaxCachedPixels; init => _engine.MaxCachedPixels = value; }

    /// <summary>How many times a whole training set was scanned for the cache of compressed images (see <see cref="BatchEngine.ImageScans"/>).</summary>
    internal int ImageScans => _engine.ImageScans;

    /// <summary>The shuffling seed in use.</summary>
    public int Seed { get; }

    /// <summary>Receives a warning, at most once per run, as soon as the loss explodes while staying finite.</summary>
    public IProgress<TrainingWarning>? Warnings { get; init; }

    /// <summary>What the last run did, once it is over (it ends however it ends); the network keeps it too.</summary>
    public TrainingRun? LastRun { get; private set; }

    /// <summary>
    /// Trains for <see cref="TrainingOptions.Epochs"/> epochs, yielding each epoch's result as soon as it ends.
    /// Cancellation is checked before every batch: it throws <see cref="OperationCanceledException"/> and leaves the
    /// network with the weights of the last completed batch. A non-finite loss throws
    /// <see cref="TrainingDivergedException"/> after restoring the weights from the start of that epoch. However the
    /// run ends, its <see cref="TrainingRun"/> is then in <see cref="LastRun"/> and in the network's TrainingRuns.
    /// </summary>
    public IEnumerable<EpochResult> Train(MnistDataset training, MnistDataset? validation = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        CheckData(training, "training");
        if (validation is not null)
        {
            CheckData(validation, "validation");
        }

        if (validation is null && _options.ValidationFraction > 0)
        {
            (training, validation) = Split(training, _options.ValidationFraction, Seed);
        }

        if (_options.BatchSize > training.Count)
        {
            throw new ArgumentException($"BatchSize is {_options.BatchSize} but there are only {training.Count} training samples; give at most {training.Count}, or 0 for the full batch.", nameof(training));
        }

        if (_options.Patience > 0 && validation is null)
        {
            throw new ArgumentException("Early stopping (Patience) needs validation data: give validation samples or a ValidationFraction.", nameof(validation));
        }

        return Run(training, validation, progress, cancellationToken);
    }

    /// <summary>For tests: the mean loss over <paramref name="indices"/> and the gradients of the mean loss (in <see cref="ParameterSlots"/> order), without updating.</summary>
    internal (double MeanLoss, float[][] Gradients) Gradients(MnistDataset data, int[] indices)
    {
        using var workers = new WorkerThreads(1);
        var (loss, _) = _engine.Run(data, indices, workers, epoch: 0, step: _steps, rate: 0f, apply: false);
        return (loss / indices.Length, _engine.Gradients!.Select(g => g.ToArray()).ToArray());
    }

    /// <summary>The epoch whose weights the network ended with when early stopping was on, else null.</summary>
    public int? BestEpoch { get; private set; }

    /// <summary>Whether the last run stopped before its last epoch because the validation loss stopped improving.</summary>
    public bool StoppedEarly { get; private set; }

    /// <summary>A seeded split: <paramref name="fraction"/> of the samples (at least one) to validate on, the rest to train on.</summary>
    internal static (MnistDataset Training, MnistDataset Validation) Split(MnistDataset data, float fraction, int seed)
    {
        if (data.Count < 2)
        {
            throw new ArgumentException($"ValidationFraction needs at least 2 training samples to hold some out; there are {data.Count}.", nameof(data));
        }

        var held = (int)Math.Clamp(Math.Round(data.Count * (double)fraction), 1, data.Count - 1);
        var order = Enumerable.Range(0, data.Count).ToArray();
        new Random(seed).Shuffle(order);
        var validation = order[..held];
        var training = order[held..];
        Array.Sort(validation);
        Array.Sort(training);
        return (data.Select(training), data.Select(validation));
    }

    private static void CheckData(MnistDataset data, string name)
    {
        if (data.Count == 0)
        {
            throw new ArgumentException($"The {name} data is empty.", name);
        }

        if (!data.HasLabels)
        {
            throw new ArgumentException($"The {name} data has no labels; training and validation need labelled samples.", name);
        }
    }

    private IEnumerable<EpochResult> Run(MnistDataset training, MnistDataset? validation, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var count = training.Count;
        var batchSize = _options.BatchSize == 0 ? count : _options.BatchSize;
        var batches = (count + batchSize - 1) / batchSize;
        var order = Enumerable.Range(0, count).ToArray();
        var parameters = _engine.Parameters;
        var snapshot = parameters.Select(p => new float[p.Length]).ToArray();
        var best = _options.Patience > 0 ? parameters.Select(p => new float[p.Length]).ToArray() : null;
        var bestLoss = double.PositiveInfinity;
        var sinceBest = 0;
        var firstEpoch = _network.EpochsTrained + 1;
        var lastEpoch = _network.EpochsTrained + _options.Epochs;
        long runSteps = 0;
        BestEpoch = null;
        StoppedEarly = false;
        LastRun = null;
        var recorder = new RunRecorder(_options with { Seed = Seed }, training, validation, firstEpoch);
        var watch = new LossWatch(_options, batchSize, _network);
        using var workers = new WorkerThreads(_threads);
        try
        {
            for (var epoch = firstEpoch; epoch <= lastEpoch; epoch++)
            {
                if (_options.Shuffle)
                {
                    _random.Shuffle(order);
                }

                Copy(parameters, snapshot);
                var clock = Stopwatch.StartNew();
                double lossSum = 0;
                long correct = 0;
                var rate = _options.LearningRate;
                for (var b = 0; b < batches; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var start = b * batchSize;
                    var size = Math.Min(batchSize, count - start);
                    rate = _options.RateAt(runSteps++, batches);
                    var (batchLoss, batchCorrect) = _engine.Run(training, new ArraySegment<int>(order, start, size), workers, epoch, _steps, rate, apply: true);
                    if (!double.IsFinite(batchLoss))
                    {
                        Copy(snapshot, parameters);
                        recorder.Outcome = TrainingOutcome.Diverged;
                        throw new TrainingDivergedException(epoch, b + 1, batchLoss, rate);
                    }

                    if (watch.Observe(batchLoss / size, size, epoch, b + 1) is { } warning)
                    {
                        Warnings?.Report(warning);
                    }

                    _steps++;
                    lossSum += batchLoss;
                    correct += batchCorrect;
                    progress?.Report(new TrainingProgress(epoch, firstEpoch, lastEpoch, b + 1, batches, lossSum / (start + size)));
                }

                clock.Stop();
                _network.EpochsTrained = epoch;
                double? validationLoss = null, validationAccuracy = null;
                var improved = false;
                if (validation is not null)
                {
                    var evaluation = Evaluator.Evaluate(_network, validation, _options.MaxThreads, cancellationToken);
                    validationLoss = evaluation.Loss;
                    validationAccuracy = evaluation.Accuracy;
                    if (best is not null && evaluation.Loss < bestLoss)
                    {
                        bestLoss = evaluation.Loss;
                        BestEpoch = epoch;
                        sinceBest = 0;
                        improved = true;
                        Copy(parameters, best);
                    }
                    else
                    {
                        sinceBest++;
                    }
                }

                var result = new EpochResult(epoch, lastEpoch, lossSum / count, (double)correct / count, validationLoss, validationAccuracy, clock.Elapsed, count, rate, Seed, improved);
                recorder.Add(result);
                yield return result;
                if (best is not null && (sinceBest >= _options.Patience || epoch == lastEpoch))
                {
                    StoppedEarly = epoch < lastEpoch;
                    Copy(best, parameters);
                    _network.EpochsTrained = BestEpoch!.Value;
                    recorder.Outcome = StoppedEarly ? TrainingOutcome.StoppedEarly : TrainingOutcome.Completed;
                    yield break;
                }
            }

            recorder.Outcome = TrainingOutcome.Completed;
        }
        finally
        {
            LastRun = recorder.Finish(_network.EpochsTrained);
            _network.Record(LastRun);
        }
    }

    private static void Copy(Memory<float>[] from, float[][] to)
    {
        for (var t = 0; t < from.Length; t++)
        {
            from[t].Span.CopyTo(to[t]);
        }
    }

    private static void Copy(float[][] from, Memory<float>[] to)
    {
        for (var t = 0; t < from.Length; t++)
        {
            from[t].CopyTo(to[t].Span);
        }
    }
}
