namespace MnistPS;

/// <summary>How to train: epochs, batch size, learning rate, optimizer, regularisation, shuffling and threads.</summary>
public sealed record TrainingOptions
{
    // The ranges of the settings: Validate and the cmdlet's ValidateRange attributes both read these (one source).

    /// <summary>The most epochs one call accepts (also the bound of WarmupEpochs, StepEpochs and Patience).</summary>
    public const int MaxEpochs = 100_000;

    /// <summary>The smallest learning rate accepted.</summary>
    public const double MinLearningRate = 1e-9; // the messages of Validate spell out these two bounds

    /// <summary>The largest learning rate accepted (a rate that high diverges; it is allowed so that divergence can be shown).</summary>
    public const double MaxLearningRate = 1e6;

    /// <summary>The largest momentum coefficient (and Adam decay) accepted; 1 would never forget.</summary>
    public const double MaxMomentum = 0.999;

    /// <summary>The largest L2 coefficient accepted.</summary>
    public const double MaxL2 = 1.0;

    /// <summary>The most threads accepted (at most 8 are used).</summary>
    public const int MaxThreadCount = 1024;

    /// <summary>The smallest step-schedule factor accepted (the largest is 1: no drop).</summary>
    public const double MinStepFactor = 1e-6;

    /// <summary>The largest dropout probability accepted.</summary>
    public const double MaxDropout = 0.95;

    /// <summary>The largest augmentation shift, in pixels.</summary>
    public const int MaxShiftPixels = 8;

    /// <summary>The largest augmentation rotation, in degrees either way.</summary>
    public const double MaxRotationDegrees = 45.0;

    /// <summary>The largest elastic-distortion scale alpha, in pixels.</summary>
    public const double MaxElasticAlpha = 100.0;

    /// <summary>The smallest width sigma of the Gaussian that smooths elastic distortions, in pixels.</summary>
    public const double MinElasticSigma = 1.0;

    /// <summary>The largest width sigma of the Gaussian that smooths elastic distortions, in pixels.</summary>
    public const double MaxElasticSigma = 8.0;

    /// <summary>The largest fraction of the training data held out for validation.</summary>
    public const double MaxValidationFraction = 0.9;

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

    /// <summary>
    /// Data augmentation: the scale alpha, in pixels, of the elastic distortion of each training image (Simard et al.
    /// 2003: a random displacement field per image, uniform noise in [-1, 1) smoothed by a Gaussian of width
    /// <see cref="ElasticSigma"/> and scaled by alpha); 0 distorts none. Simard's MNIST setting is 34 with sigma 4.
    /// </summary>
    public float ElasticAlpha { get; init; }

    /// <summary>Data augmentation: the width, in pixels, of the Gaussian that smooths the elastic displacement field.</summary>
    public float ElasticSigma { get; init; } = 4f;

    /// <summary>Whether training images are moved, turned or distorted at random.</summary>
    internal bool Augments => MaxShift > 0 || MaxRotation > 0 || ElasticAlpha > 0;

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

        Add(WarmupEpochs > 0, $"{WarmupEpochs} warm-up epoch{(WarmupEpochs == 1 ? string.Empty : "s")}");
        Add(Schedule == LearningRateSchedule.Step, $"x{StepFactor} every {StepEpochs} epochs");
        Add(Schedule == LearningRateSchedule.Cosine, $"cosine decay");
        Add(L2 > 0, $"L2 {L2:0.#########}");
        Add(Dropout > 0, $"dropout {Dropout}");
        Add(MaxShift > 0, $"shifts up to {MaxShift} px");
        Add(MaxRotation > 0, $"turns up to {MaxRotation} deg");
        Add(ElasticAlpha > 0, $"elastic alpha {ElasticAlpha} sigma {ElasticSigma}");
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
        Require(float.IsFinite(LearningRate) && LearningRate is >= (float)MinLearningRate and <= (float)MaxLearningRate, nameof(LearningRate), $"is {LearningRate}; give a finite rate above 0, from 1e-9 to 1e6 (typically 0.001 to 1).");
        Require(Enum.IsDefined(Optimizer), nameof(Optimizer), $"is {Optimizer}; use Sgd, Momentum or Adam.");
        Require(float.IsFinite(Momentum) && Momentum is >= 0 and <= (float)MaxMomentum, nameof(Momentum), $"is {Momentum}; give 0 to {MaxMomentum}.");
        Require(float.IsFinite(Beta1) && Beta1 is >= 0 and <= (float)MaxMomentum, nameof(Beta1), $"is {Beta1}; give 0 to {MaxMomentum}.");
        Require(float.IsFinite(Beta2) && Beta2 is >= 0 and <= (float)MaxMomentum, nameof(Beta2), $"is {Beta2}; give 0 to {MaxMomentum}.");
        Require(float.IsFinite(Epsilon) && Epsilon > 0, nameof(Epsilon), $"is {Epsilon}; give a small positive value such as 1e-8.");
        Require(float.IsFinite(L2) && L2 is >= 0 and <= (float)MaxL2, nameof(L2), $"is {L2}; give 0 (none) to {MaxL2}.");
        Require(MaxThreads is >= 0 and <= MaxThreadCount, nameof(MaxThreads), $"is {MaxThreads}; give 0 (one per core) to {MaxThreadCount}.");
        Require(Enum.IsDefined(Schedule), nameof(Schedule), $"is {Schedule}; use Constant, Step or Cosine.");
        Require(WarmupEpochs >= 0 && WarmupEpochs < Epochs, nameof(WarmupEpochs), $"is {WarmupEpochs}; give 0 to {Epochs - 1} (fewer than Epochs).");
        Require(StepEpochs is >= 1 and <= MaxEpochs, nameof(StepEpochs), $"is {StepEpochs}; give 1 to {MaxEpochs}.");
        Require(float.IsFinite(StepFactor) && StepFactor is >= (float)MinStepFactor and <= 1, nameof(StepFactor), $"is {StepFactor}; give {MinStepFactor} to 1.");
        Require(float.IsFinite(Dropout) && Dropout is >= 0 and <= (float)MaxDropout, nameof(Dropout), $"is {Dropout}; give 0 to {MaxDropout} (typically 0.1 to 0.5).");
        Require(MaxShift is >= 0 and <= MaxShiftPixels, nameof(MaxShift), $"is {MaxShift}; give 0 to {MaxShiftPixels} pixels (typically 1 or 2).");
        Require(float.IsFinite(MaxRotation) && MaxRotation is >= 0 and <= (float)MaxRotationDegrees, nameof(MaxRotation), $"is {MaxRotation}; give 0 to {MaxRotationDegrees} degrees (typically 5 to 15).");
        Require(float.IsFinite(ElasticAlpha) && ElasticAlpha is >= 0 and <= (float)MaxElasticAlpha, nameof(ElasticAlpha), $"is {ElasticAlpha}; give 0 (none) to {MaxElasticAlpha} pixels (Simard et al. used 34 with sigma 4).");
        Require(float.IsFinite(ElasticSigma) && ElasticSigma is >= (float)MinElasticSigma and <= (float)MaxElasticSigma, nameof(ElasticSigma), $"is {ElasticSigma}; give {MinElasticSigma} to {MaxElasticSigma} pixels (typically 4 to 6).");
        Require(float.IsFinite(ValidationFraction) && ValidationFraction is >= 0 and <= (float)MaxValidationFraction, nameof(ValidationFraction), $"is {ValidationFraction}; give 0 (none) to {MaxValidationFraction}, such as 0.1.");
        Require(Patience is >= 0 and <= MaxEpochs, nameof(Patience), $"is {Patience}; give 0 (no early stopping) to {MaxEpochs} epochs.");
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
