namespace MnistPS;

/// <summary>How to train: epochs, batch size, learning rate, optimizer, regularisation, shuffling and threads.</summary>
public sealed record TrainingOptions
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

    /// <summary>Threads to use; 0 means one per core; at most 8 are used. Results are the same whatever the count.</summary>
    public int MaxThreads { get; init; }

    /// <summary>How the learning rate changes after warm-up.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Epochs over which the rate rises linearly from near zero to LearningRate (0: none).</summary>
    public int WarmupEpochs { get; init; }

    /// <summary>For the Step schedule: epochs between drops.</summary>
    public int StepEpochs { get; init; } = 10;

    /// <summary>For the Step schedule: the factor applied at each drop.</summary>
    public float StepFactor { get; init; } = 0.1f;

    /// <summary>Probability of dropping each hidden unit while training (inverted dropout; none at prediction).</summary>
    public float Dropout { get; init; }

    /// <summary>Data augmentation: each training image is moved by up to this many pixels in x and y, anew each epoch.</summary>
    public int MaxShift { get; init; }

    /// <summary>Data augmentation: each training image is turned by up to this many degrees either way, anew each epoch.</summary>
    public float MaxRotation { get; init; }

    /// <summary>Whether training images are moved or turned at random.</summary>
    internal bool Augments => MaxShift > 0 || MaxRotation > 0;

    /// <summary>When no validation data is given: the fraction of the training data held out (seeded) to validate on.</summary>
    public float ValidationFraction { get; init; }

    /// <summary>
    /// Early stopping: stop when the validation loss has not improved for this many epochs (0: never), and in any
    /// case end with the weights of the epoch with the lowest validation loss.
    /// </summary>
    public int Patience { get; init; }

    /// <summary>The settings in words, defaults left out: "40 epochs, batch 32, Momentum 0.9 at rate 0.05, ...".</summary>
    public override string ToString()
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        List<string> parts =
        [
            string.Create(c, $"{Epochs} epochs"),
            BatchSize == 0 ? "full batch" : string.Create(c, $"batch {BatchSize}"),
            Optimizer switch
            {
                OptimizerKind.Momentum => string.Create(c, $"Momentum {Momentum} at rate {LearningRate}"),
                OptimizerKind.Adam => string.Create(c, $"Adam ({Beta1}, {Beta2}) at rate {LearningRate}"),
                _ => string.Create(c, $"Sgd at rate {LearningRate}"),
            },
        ];
        void Add(bool condition, FormattableString part)
        {
            if (condition)
            {
                parts.Add(part.ToString(c));
            }
        }

        Add(WarmupEpochs > 0, $"{WarmupEpochs} warm-up epochs");
        Add(Schedule == LearningRateSchedule.Step, $"x{StepFactor} every {StepEpochs} epochs");
        Add(Schedule == LearningRateSchedule.Cosine, $"cosine decay");
        Add(L2 > 0, $"L2 {L2}");
        Add(Dropout > 0, $"dropout {Dropout}");
        Add(MaxShift > 0, $"shifts up to {MaxShift} px");
        Add(MaxRotation > 0, $"turns up to {MaxRotation} deg");
        Add(ValidationFraction > 0, $"{ValidationFraction:P1} held out");
        Add(Patience > 0, $"patience {Patience}");
        Add(!Shuffle, $"no shuffling");
        Add(Seed is not null, $"seed {Seed}");
        return string.Join(", ", parts);
    }

    /// <summary>
    /// A learning rate that trains the default network well with <paramref name="optimizer"/> at batch 32: 0.1 for Sgd,
    /// 0.05 for Momentum (whose steps build up to about ten times the rate), 0.001 for Adam.
    /// </summary>
    public static float UsualLearningRate(OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.Momentum => 0.05f,
        OptimizerKind.Adam => 0.001f,
        _ => 0.1f,
    };

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
        Require(Enum.IsDefined(Schedule), nameof(Schedule), $"is {Schedule}; use Constant, Step or Cosine.");
        Require(WarmupEpochs >= 0 && WarmupEpochs < Epochs, nameof(WarmupEpochs), $"is {WarmupEpochs}; give 0 to {Epochs - 1} (fewer than Epochs).");
        Require(StepEpochs >= 1, nameof(StepEpochs), $"is {StepEpochs}; give 1 or more.");
        Require(float.IsFinite(StepFactor) && StepFactor is > 0 and <= 1, nameof(StepFactor), $"is {StepFactor}; give 0 < factor <= 1.");
        Require(float.IsFinite(Dropout) && Dropout is >= 0 and < 1, nameof(Dropout), $"is {Dropout}; give 0 <= dropout < 1 (typically 0.1 to 0.5).");
        Require(MaxShift is >= 0 and <= 8, nameof(MaxShift), $"is {MaxShift}; give 0 to 8 pixels (typically 1 or 2).");
        Require(float.IsFinite(MaxRotation) && MaxRotation is >= 0 and <= 45, nameof(MaxRotation), $"is {MaxRotation}; give 0 to 45 degrees (typically 5 to 15).");
        Require(float.IsFinite(ValidationFraction) && ValidationFraction is >= 0 and < 1, nameof(ValidationFraction), $"is {ValidationFraction}; give 0 (none) or a fraction below 1, such as 0.1.");
        Require(Patience >= 0, nameof(Patience), $"is {Patience}; give 0 (no early stopping) or a number of epochs.");
    }

    /// <summary>The learning rate for step <paramref name="step"/> (0-based, counted in batches from the start of the run).</summary>
    public float RateAt(long step, int batchesPerEpoch)
    {
        var epochs = (double)step / batchesPerEpoch;
        if (epochs < WarmupEpochs)
        {
            return (float)(LearningRate * (step + 1) / ((double)WarmupEpochs * batchesPerEpoch));
        }

        var after = epochs - WarmupEpochs;
        return Schedule switch
        {
            LearningRateSchedule.Step => (float)(LearningRate * Math.Pow(StepFactor, Math.Floor(after / StepEpochs))),
            LearningRateSchedule.Cosine => (float)(LearningRate * 0.5 * (1 + Math.Cos(Math.PI * after / (Epochs - WarmupEpochs)))),
            _ => LearningRate,
        };
    }

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} {problem}", name);
        }
    }
}
