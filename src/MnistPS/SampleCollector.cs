using System.Management.Automation;

namespace MnistPS;

/// <summary>Packs samples arriving one by one (pipeline or -Data) into a dataset.</summary>
internal sealed class SampleCollector
{
    private readonly List<MnistSample> _samples = [];

    /// <summary>The source every sample so far shares, or null (none yet, or several).</summary>
    private string? _source;
    private bool _mixed;

    public void Add(IEnumerable<MnistSample>? samples)
    {
        foreach (var sample in samples ?? [])
        {
            if (sample is not null)
            {
                if (_samples.Count == 0)
                {
                    _source = sample.Source;
                }
                else if (!_mixed && sample.Source != _source)
                {
                    (_source, _mixed) = (null, true);
                }

                _samples.Add(sample);
            }
        }
    }

    /// <summary>
    /// The samples as a dataset (whose Source is the one the samples share, if they do), or a terminating NoData error
    /// naming <paramref name="what"/> when there are none.
    /// </summary>
    public MnistDataset ToDataset(PSCmdlet cmdlet, string what)
    {
        if (_samples.Count == 0)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"No {what} samples were given. Pipe samples in (Import-MnistData -Dataset {(what == "training" ? "Train" : "Test")} | ...) or pass them with -Data."),
                ErrorIds.NoData,
                ErrorCategory.InvalidArgument,
                null));
        }

        try
        {
            return MnistDataset.FromSamples(_samples, _source);
        }
        catch (ArgumentException e)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidArgument, ErrorCategory.InvalidData, null));
            throw;
        }
    }
}
