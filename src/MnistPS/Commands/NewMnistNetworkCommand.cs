using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>Builds a network with fresh weights: 784 inputs, the hidden layers asked for, 10 softmax outputs.</summary>
[Cmdlet(VerbsCommon.New, "MnistNetwork")]
[OutputType(typeof(Network))]
public sealed class NewMnistNetworkCommand : MnistCmdlet
{
    private static readonly NetworkOptions Defaults = new();

    /// <summary>Units in each hidden layer, first to last; the tutorial's is 20.</summary>
    [Parameter(Position = 0)]
    [ValidateCount(0, NetworkOptions.MaxHiddenLayers)]
    [ValidateRange(1, NetworkOptions.MaxLayerSize)]
    [Alias("HiddenSize")]
    public int[] HiddenLayerSize { get; set; } = [.. Defaults.HiddenSizes];

    /// <summary>Activation of the hidden layers.</summary>
    [Parameter]
    [ValidateSet(nameof(MnistPS.Activation.ReLU), nameof(MnistPS.Activation.Sigmoid), nameof(MnistPS.Activation.Tanh))]
    public Activation Activation { get; set; } = Defaults.HiddenActivation;

    /// <summary>Weight initialisation: Uniform (the tutorial's), He or Xavier.</summary>
    [Parameter]
    public WeightInitialization Initialization { get; set; } = Defaults.Initialization;

    /// <summary>Seed of the initial weights; the same seed gives the same network.</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <summary>Start from a named recipe's network (Get-MnistPreset lists them); other parameters given override it.</summary>
    [Parameter]
    public MnistPresetName? Preset { get; set; }

    protected override void EndProcessing()
    {
        var options = Preset is { } preset ? MnistPreset.Get(preset).Network : Defaults;
        var bound = MyInvocation.BoundParameters;
        try
        {
            WriteObject(Network.Create(options with
            {
                HiddenSizes = bound.ContainsKey(nameof(HiddenLayerSize)) || Preset is null ? HiddenLayerSize : options.HiddenSizes,
                HiddenActivation = bound.ContainsKey(nameof(Activation)) ? Activation : options.HiddenActivation,
                Initialization = bound.ContainsKey(nameof(Initialization)) ? Initialization : options.Initialization,
                Seed = Seed,
            }));
        }
        catch (ArgumentException e)
        {
            Fail(e, HiddenLayerSize);
        }
    }
}
