using System.Management.Automation;

namespace MnistPS.Commands;

/// <summary>Predicts the digit of each sample, streaming one prediction per sample in input order.</summary>
[Cmdlet(VerbsCommon.Get, "MnistPrediction")]
[OutputType(typeof(MnistPrediction))]
public sealed class GetMnistPredictionCommand : MnistCmdlet
{
    /// <summary>Samples are predicted in batches of this many.</summary>
    private const int BatchSize = 256;

    private readonly List<MnistSample> _pending = new(BatchSize);

    /// <summary>The trained network.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public Network? Network { get; set; }

    /// <summary>The samples to predict.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [Alias("Sample")]
    public MnistSample[]? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var sample in InputObject ?? [])
        {
            _pending.Add(sample);
            if (_pending.Count == BatchSize)
            {
                Flush();
            }
        }
    }

    protected override void EndProcessing() => Flush();

    private void Flush()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var batch = MnistDataset.FromImages(_pending);
        var probabilities = Network!.PredictProbabilities(batch, maxThreads: 1, Cancellation);
        for (var i = 0; i < _pending.Count; i++)
        {
            WriteObject(new MnistPrediction(_pending[i], probabilities.AsSpan(i * MnistPS.Network.OutputSize, MnistPS.Network.OutputSize)));
        }

        _pending.Clear();
    }
}
