namespace MnistPS;

/// <summary>The named recipes: a network and how to train it.</summary>
public enum MnistPresetName
{
    /// <summary>The NumPy tutorial: 784-20-10, uniform weights, full-batch gradient descent, rate 0.1, 500 iterations.</summary>
    Tutorial,

    /// <summary>The tutorial's 784-20-10, trained well: momentum, cosine schedule, weight decay, one-pixel shifts.</summary>
    Small,

    /// <summary>A wide MLP, 784-800-10: dropout, shifts and rotations, momentum with a cosine schedule.</summary>
    Large,

    /// <summary>The most accurate: 784-1200-10 trained for 250 epochs with elastic distortions (Simard et al. 2003), turns, shifts and dropout.</summary>
    Best,
}

/// <summary>A named recipe: the network to build and the training that reaches the documented accuracy.</summary>
public sealed class MnistPreset
{
    private static readonly MnistPreset[] Presets =
    [
        new(
            MnistPresetName.Tutorial,
            "The NumPy tutorial's method: 784-20-10, ReLU, uniform weights in [-0.5, 0.5), full-batch gradient descent at rate 0.1 for 500 iterations.",
            new NetworkOptions { HiddenSizes = [20], Initialization = WeightInitialization.Uniform },
            new TrainingOptions { Epochs = 500, BatchSize = 0, LearningRate = 0.1f, Shuffle = false }),
        new(
            MnistPresetName.Small,
            "784-20-10 trained well: He weights, SGD with momentum 0.9 at rate 0.05, batch 32, one warm-up epoch then cosine decay over 40 epochs, L2 1e-4, random one-pixel shifts; 1/12 of the training data held out, the best epoch by validation loss kept.",
            new NetworkOptions { HiddenSizes = [20] },
            new TrainingOptions
            {
                Epochs = 40, BatchSize = 32, LearningRate = 0.05f, Optimizer = OptimizerKind.Momentum, Momentum = 0.9f,
                Schedule = LearningRateSchedule.Cosine, WarmupEpochs = 1, L2 = 1e-4f, MaxShift = 1,
                ValidationFraction = 1f / 12, Patience = 40,
            }),
        new(
            MnistPresetName.Large,
            "784-800-10: He weights, dropout 0.25, random shifts of up to 2 pixels and turns of up to 10 degrees, SGD with momentum 0.9 at rate 0.05, batch 64, one warm-up epoch then cosine decay over 30 epochs, L2 5e-5; 1/12 of the training data held out, the best epoch by validation loss kept.",
            new NetworkOptions { HiddenSizes = [800] },
            new TrainingOptions
            {
                Epochs = 30, BatchSize = 64, LearningRate = 0.05f, Optimizer = OptimizerKind.Momentum, Momentum = 0.9f,
                Schedule = LearningRateSchedule.Cosine, WarmupEpochs = 1, L2 = 5e-5f, Dropout = 0.25f, MaxShift = 2, MaxRotation = 10,
                ValidationFraction = 1f / 12, Patience = 30,
            }),
        new(
            MnistPresetName.Best,
            "784-1200-10: He weights, dropout 0.25, elastic distortions (alpha 34, sigma 4) after random one-pixel shifts and turns of up to 10 degrees, SGD with momentum 0.9 at rate 0.05, batch 64, one warm-up epoch then cosine decay over 250 epochs, L2 5e-5; 1/12 of the training data held out to watch.",
            new NetworkOptions { HiddenSizes = [1200] },
            new TrainingOptions
            {
                Epochs = 250, BatchSize = 64, LearningRate = 0.05f, Optimizer = OptimizerKind.Momentum, Momentum = 0.9f,
                Schedule = LearningRateSchedule.Cosine, WarmupEpochs = 1, L2 = 5e-5f, Dropout = 0.25f, MaxShift = 1, MaxRotation = 10,
                ElasticAlpha = 34, ElasticSigma = 4, ValidationFraction = 1f / 12,
            }),
    ];

    private MnistPreset(MnistPresetName name, string description, NetworkOptions network, TrainingOptions training)
    {
        Name = name;
        Description = description;
        Network = network;
        Training = training;
    }

    /// <summary>All presets.</summary>
    public static IReadOnlyList<MnistPreset> All { get; } = Array.AsReadOnly(Presets);

    /// <summary>The preset's name.</summary>
    public MnistPresetName Name { get; }

    /// <summary>Layer sizes, e.g. 784-20-10.</summary>
    public string Architecture => string.Join('-', new[] { MnistPS.Network.InputSize }.Concat(Network.HiddenSizes).Append(MnistPS.Network.OutputSize));

    /// <summary>What the recipe does.</summary>
    public string Description { get; }

    /// <summary>The network to build (no seed: give one).</summary>
    public NetworkOptions Network { get; }

    /// <summary>The training (no seed: give one).</summary>
    public TrainingOptions Training { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Architecture}, {Training.Epochs} epochs";

    /// <summary>The preset called <paramref name="name"/>.</summary>
    public static MnistPreset Get(MnistPresetName name) =>
        Presets.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "No such preset.");
}
