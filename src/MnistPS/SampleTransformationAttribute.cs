using System.Management.Automation;

namespace MnistPS;

/// <summary>
/// Lets a parameter of samples take predictions too: each MnistPrediction becomes the sample it was made from, so
/// <c>Get-MnistPrediction | Where-Object { -not $_.Correct } | Export-MnistData</c> binds. Anything else is left to the binder.
/// </summary>
public sealed class SampleTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) => inputData switch
    {
        PSObject { BaseObject: MnistPrediction p } => p.GetSample(),
        MnistPrediction p => p.GetSample(),
        object[] items when items.Any(IsPrediction) => items.Select(item => Transform(engineIntrinsics, item)).ToArray(),
        _ => inputData,
    };

    private static bool IsPrediction(object? item) => item is MnistPrediction or PSObject { BaseObject: MnistPrediction };
}
