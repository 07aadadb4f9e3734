using System.Management.Automation;
using MnistPS.Imaging;

namespace MnistPS.Commands;

/// <summary>Predicts the digit of each sample, streaming one prediction per sample in input order.</summary>
[Cmdlet(VerbsCommon.Get, "MnistPrediction", DefaultParameterSetName = SampleSet)]
[OutputType(typeof(MnistPrediction))]
public sealed class GetMnistPredictionCommand : MnistCmdlet
{
    private const string SampleSet = "Sample";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>Samples are predicted in batches of this many (an image's prediction waits for its batch or the end of the input).</summary>
    private const int BatchSize = 256;

    private readonly List<MnistSample> _pending = new(BatchSize);

    /// <summary>The trained network.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    [NetworkTransformation]
    public Network? Network { get; set; }

    /// <summary>The samples to predict.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SampleSet)]
    [Alias("Sample")]
    [SampleTransformation]
    public MnistSample[]? InputObject { get; set; }

    /// <summary>Image files to predict, read as Import-MnistImage reads them; wildcards allowed.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>Image files to predict, taken literally; bound from Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    private ImageReadQueue? _images;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == SampleSet)
        {
            Predict(InputObject ?? []);
            return;
        }

        // Created here, not in BeginProcessing: the parameter set of pipeline input is known only once it is bound.
        _images ??= new ImageReadQueue(ImageOptions.Default, label: null, Cancellation);
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var file in ResolveFiles(literal ? LiteralPath : Path, literal))
        {
            // Each image is predicted as soon as it is read: decoding takes far longer than a prediction, so batching
            // would only delay the first results.
            Predict(SamplesOf(_images.Add(file)));
            Flush();
        }
    }

    protected override void EndProcessing()
    {
        if (_images is not null)
        {
            foreach (var sample in SamplesOf(_images.Drain()))
            {
                Predict([sample]);
                Flush();
            }
        }

        Flush();
    }

    private void Predict(IEnumerable<MnistSample> samples)
    {
        foreach (var sample in samples)
        {
            _pending.Add(sample);
            if (_pending.Count == BatchSize)
            {
                Flush();
            }
        }
    }

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
