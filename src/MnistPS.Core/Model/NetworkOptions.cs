namespace MnistPS;

/// <summary>What to build: hidden layer sizes, hidden activation, initialisation and seed.</summary>
public sealed record NetworkOptions
{
    /// <summary>The largest hidden layer accepted.</summary>
    public const int MaxLayerSize = 65536;

    /// <summary>The most hidden layers accepted.</summary>
    public const int MaxHiddenLayers = 32;

    private readonly IReadOnlyList<int> _hiddenSizes = Array.AsReadOnly(new[] { 20 });

    /// <summary>Hidden layer sizes, first to last. The tutorial's is one layer of 20 (784-20-10). Kept as a read-only copy.</summary>
    public IReadOnlyList<int> HiddenSizes
    {
        get => _hiddenSizes;
        init => _hiddenSizes = value is null ? null! : Array.AsReadOnly(value.ToArray());
    }

    /// <summary>Activation of every hidden layer.</summary>
    public Activation HiddenActivation { get; init; } = Activation.ReLU;

    /// <summary>Weight initialisation. He suits ReLU; the tutorial used Uniform.</summary>
    public WeightInitialization Initialization { get; init; } = WeightInitialization.He;

    /// <summary>Seed of the initial weights; null picks one at random (recorded in <see cref="Network.Seed"/>).</summary>
    public int? Seed { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Network.InputSize}-{string.Join('-', HiddenSizes)}{(HiddenSizes.Count > 0 ? "-" : string.Empty)}{Network.OutputSize}, {HiddenActivation}, {Initialization} weights{(Seed is { } seed ? $", seed {seed}" : string.Empty)}";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (HiddenSizes is null || HiddenSizes.Count > MaxHiddenLayers)
        {
            throw new ArgumentException($"HiddenSizes: give 0 to {MaxHiddenLayers} hidden layer sizes.", nameof(HiddenSizes));
        }

        for (var i = 0; i < HiddenSizes.Count; i++)
        {
            if (HiddenSizes[i] is < 1 or > MaxLayerSize)
            {
                throw new ArgumentException($"HiddenSizes: hidden layer {i + 1} has {HiddenSizes[i]} units; a layer has 1 to {MaxLayerSize}.", nameof(HiddenSizes));
            }
        }

        if (HiddenActivation is not (Activation.ReLU or Activation.Sigmoid or Activation.Tanh))
        {
            throw new ArgumentException($"HiddenActivation: {HiddenActivation} is not a hidden activation; use ReLU, Sigmoid or Tanh.", nameof(HiddenActivation));
        }

        if (!Enum.IsDefined(Initialization))
        {
            throw new ArgumentException($"Initialization: {Initialization} is not one of Uniform, He, Xavier.", nameof(Initialization));
        }
    }
}
