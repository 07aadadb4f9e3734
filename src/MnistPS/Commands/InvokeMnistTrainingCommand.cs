using System.Diagnostics;
using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>Trains a network in place, streaming one record per epoch; the network remembers the run.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "MnistTraining", DefaultParameterSetName = "Pipeline")]
[OutputType(typeof(EpochResult))]
[OutputType(typeof(TrainingRun))]
[OutputType(typeof(Network))]
public sealed class InvokeMnistTrainingCommand : NetworkDataCmdlet
{
    /// <summary>The engine's defaults, which the parameters start from (and help shows).</summary>
    private static readonly TrainingOptions Defaults = new();

    /// <summary>Samples measured after each epoch (never trained on).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SampleTransformation]
    public MnistSample[]? ValidationData { get; set; }

    /// <summary>Passes over the training data (for -BatchSize 0, gradient-descent iterations).</summary>
    [Parameter]
    [ValidateRange(1, TrainingOptions.MaxEpochs)]
    public int Epochs { get; set; } = Defaults.Epochs;

    /// <summary>Samples per gradient step; 0 is the full batch (the tutorial's gradient descent).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>Step size of gradient descent.</summary>
    [Parameter]
    [ValidateRange(TrainingOptions.MinLearningRate, TrainingOptions.MaxLearningRate)]
    public float LearningRate { get; set; } = Defaults.LearningRate;

    /// <summary>Update rule: Sgd, Momentum or Adam.</summary>
    [Parameter]
    public OptimizerKind Optimizer { get; set; } = Defaults.Optimizer;

    /// <summary>Momentum coefficient for -Optimizer Momentum.</summary>
    [Parameter]
    [ValidateRange(0.0, TrainingOptions.MaxMomentum)]
    public float Momentum { get; set; } = Defaults.Momentum;

    /// <summary>L2 weight decay (lambda).</summary>
    [Parameter]
    [ValidateRange(0.0, TrainingOptions.MaxL2)]
    [Alias("WeightDecay")]
    public float L2 { get; set; } = Defaults.L2;

    /// <summary>Seed of the shuffling order; the same seed gives the same training.</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <summary>Visit the samples in the same order every epoch.</summary>
    [Parameter]
    public SwitchParameter NoShuffle { get; set; }

    /// <summary>Threads to use (0: one per core). Results are the same whatever the count.</summary>
    [Parameter]
    [ValidateRange(0, TrainingOptions.MaxThreadCount)]
    public int ThrottleLimit { get; set; } = Defaults.MaxThreads;

    /// <summary>Emit the trained network after the epoch records.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Emit the run's summary (a TrainingRun) after the epoch records.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <summary>A .csv or .jsonl file that receives each epoch record as it ends (appended to if it exists).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogPath { get; set; }

    /// <summary>Start from a named recipe's training (Get-MnistPreset lists them); other parameters given override it.</summary>
    [Parameter]
    public MnistPresetName? Preset { get; set; }

    /// <summary>How the learning rate changes after warm-up: Constant, Step or Cosine.</summary>
    [Parameter]
    public LearningRateSchedule Schedule { get; set; } = Defaults.Schedule;

    /// <summary>Epochs of linear warm-up of the learning rate.</summary>
    [Parameter]
    [ValidateRange(0, TrainingOptions.MaxEpochs - 1)]
    public int WarmupEpochs { get; set; } = Defaults.WarmupEpochs;

    /// <summary>For -Schedule Step: epochs between drops.</summary>
    [Parameter]
    [ValidateRange(1, TrainingOptions.MaxEpochs)]
    public int StepEpochs { get; set; } = Defaults.StepEpochs;

    /// <summary>For -Schedule Step: the factor applied at each drop.</summary>
    [Parameter]
    [ValidateRange(TrainingOptions.MinStepFactor, 1.0)]
    public float StepFactor { get; set; } = Defaults.StepFactor;

    /// <summary>Probability of dropping each hidden unit while training.</summary>
    [Parameter]
    [ValidateRange(0.0, TrainingOptions.MaxDropout)]
    public float Dropout { get; set; } = Defaults.Dropout;

    /// <summary>Augmentation: move each training image by up to this many pixels.</summary>
    [Parameter]
    [ValidateRange(0, TrainingOptions.MaxShiftPixels)]
    public int MaxShift { get; set; } = Defaults.MaxShift;

    /// <summary>Augmentation: turn each training image by up to this many degrees.</summary>
    [Parameter]
    [ValidateRange(0.0, TrainingOptions.MaxRotationDegrees)]
    public float MaxRotation { get; set; } = Defaults.MaxRotation;

    /// <summary>Augmentation: the scale alpha, in pixels, of each training image's elastic distortion (0: none).</summary>
    [Parameter]
    [ValidateRange(0.0, TrainingOptions.MaxElasticAlpha)]
    public float ElasticAlpha { get; set; } = Defaults.ElasticAlpha;

    /// <summary>Augmentation: the width sigma, in pixels, of the Gaussian that smooths the elastic displacement field.</summary>
    [Parameter]
    [ValidateRange(TrainingOptions.MinElasticSigma, TrainingOptions.MaxElasticSigma)]
    public float ElasticSigma { get; set; } = Defaults.ElasticSigma;

    /// <summary>Without -ValidationData: the fraction of the training samples held out to validate on.</summary>
    [Parameter]
    [ValidateRange(0.0, TrainingOptions.MaxValidationFraction)]
    public float ValidationFraction { get; set; } = Defaults.ValidationFraction;

    /// <summary>Early stopping: epochs without a lower validation loss before training stops; the best epoch's weights are kept.</summary>
    [Parameter]
    [ValidateRange(0, TrainingOptions.MaxEpochs)]
    public int Patience { get; set; } = Defaults.Patience;

    protected override void EndProcessing()
    {
        var training = Samples.ToDataset(this, "training");
        MnistDataset? validation = null;
        if (ValidationData is not null)
        {
            var collector = new SampleCollector();
            collector.Add(ValidationData);
            validation = collector.ToDataset(this, "validation");
        }

        Trainer trainer;
        IEnumerable<EpochResult> epochs;
        try
        {
            var options = BuildOptions();
            if (MyInvocation.BoundParameters.ContainsKey(nameof(ElasticSigma)) && options.ElasticAlpha == 0)
            {
                WriteWarning("-ElasticSigma has no effect without -ElasticAlpha: give -ElasticAlpha (for example 34) to distort the images.");
            }

            trainer = new Trainer(Network!, options) { Warnings = new WarningWriter(this) };
            epochs = trainer.Train(training, validation, new ProgressWriter(this), Cancellation);
        }
        catch (ArgumentException e)
        {
            Fail(e, Network);
            return;
        }

        using var log = OpenLog();
        WriteVerbose($"Training {Network!.Architecture} on {training.Count} samples, shuffling seed {trainer.Seed}.");
        try
        {
            foreach (var epoch in epochs)
            {
                log?.Write(epoch);
                WriteObject(epoch);
            }
        }
        catch (OperationCanceledException)
        {
            // On Ctrl+C the pipeline is already stopping and refuses WriteWarning, so the host is told directly.
            var message = $"Training stopped. The network keeps the weights of the last completed batch ({Network.EpochsTrained} full epochs done).";
            try
            {
                WriteWarning(message);
            }
            catch (PipelineStoppedException)
            {
                Host.UI.WriteWarningLine(message);
                throw;
            }

            return;
        }
        catch (TrainingDivergedException e)
        {
            WriteSummary(trainer);
            Fail(e, Network);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Writing the log failed (disk full, say): the network keeps what it has learnt and remembers the run.
            Fail(e, log?.Path);
        }
        finally
        {
            WriteProgress(new ProgressRecord(1, "Training", "Done") { RecordType = ProgressRecordType.Completed });
        }

        if (trainer.BestEpoch is { } best)
        {
            WriteVerbose($"{(trainer.StoppedEarly ? "Stopped early: the validation loss had stopped improving. " : string.Empty)}The network keeps the weights of epoch {best}, which had the lowest validation loss.");
        }

        WriteSummary(trainer);
        if (PassThru)
        {
            WriteObject(Network);
        }
    }

    private void WriteSummary(Trainer trainer)
    {
        if (Summary && trainer.LastRun is { } run)
        {
            WriteObject(run);
        }
    }

    /// <summary>The -LogPath file, opened (or created) for appending before training starts; null without -LogPath.</summary>
    private TrainingLog? OpenLog()
    {
        if (LogPath is null)
        {
            return null;
        }

        var path = ResolveOutputPath(LogPath);
        try
        {
            return TrainingLog.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Fail(e, path);
            return null;
        }
    }

    /// <summary>The preset's training (or the defaults), with every parameter the user gave laid over it.</summary>
    private TrainingOptions BuildOptions()
    {
        var o = Preset is { } preset ? MnistPreset.Get(preset).Training : Defaults;
        var bound = MyInvocation.BoundParameters;
        T Pick<T>(string name, T value, T fallback) => bound.ContainsKey(name) ? value : fallback;
        return o with
        {
            Epochs = Pick(nameof(Epochs), Epochs, o.Epochs),
            BatchSize = Pick(nameof(BatchSize), BatchSize, o.BatchSize),
            LearningRate = Pick(nameof(LearningRate), LearningRate, o.LearningRate),
            Optimizer = Pick(nameof(Optimizer), Optimizer, o.Optimizer),
            Momentum = Pick(nameof(Momentum), Momentum, o.Momentum),
            L2 = Pick(nameof(L2), L2, o.L2),
            Shuffle = Pick(nameof(NoShuffle), !NoShuffle, o.Shuffle),
            Seed = Seed,
            MaxThreads = ThrottleLimit,
            Schedule = Pick(nameof(Schedule), Schedule, o.Schedule),
            WarmupEpochs = Pick(nameof(WarmupEpochs), WarmupEpochs, o.WarmupEpochs),
            StepEpochs = Pick(nameof(StepEpochs), StepEpochs, o.StepEpochs),
            StepFactor = Pick(nameof(StepFactor), StepFactor, o.StepFactor),
            Dropout = Pick(nameof(Dropout), Dropout, o.Dropout),
            MaxShift = Pick(nameof(MaxShift), MaxShift, o.MaxShift),
            MaxRotation = Pick(nameof(MaxRotation), MaxRotation, o.MaxRotation),
            ElasticAlpha = Pick(nameof(ElasticAlpha), ElasticAlpha, o.ElasticAlpha),
            ElasticSigma = Pick(nameof(ElasticSigma), ElasticSigma, o.ElasticSigma),
            ValidationFraction = ValidationData is not null ? 0 : Pick(nameof(ValidationFraction), ValidationFraction, o.ValidationFraction),
            Patience = Pick(nameof(Patience), Patience, o.Patience),
        };
    }

    /// <summary>Turns the engine's warnings (an exploding loss) into Write-Warning as they come.</summary>
    private sealed class WarningWriter(InvokeMnistTrainingCommand command) : IProgress<TrainingWarning>
    {
        public void Report(TrainingWarning value) => command.WriteWarning(value.Message);
    }

    /// <summary>Turns the engine's per-batch reports into Write-Progress, at most ten times a second.</summary>
    private sealed class ProgressWriter(InvokeMnistTrainingCommand command) : IProgress<TrainingProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _last = -1000;

        public void Report(TrainingProgress value)
        {
            if (_clock.ElapsedMilliseconds - _last < 100 && value.Batch != value.Batches)
            {
                return;
            }

            _last = _clock.ElapsedMilliseconds;
            command.WriteProgress(new ProgressRecord(1, $"Training {command.Network!.Architecture}", $"Epoch {value.Epoch} of {value.LastEpoch}, batch {value.Batch} of {value.Batches}, loss {value.Loss:F4}")
            {
                PercentComplete = (int)Math.Clamp(value.Fraction * 100, 0, 100),
            });
        }
    }
}
