using System.Management.Automation;

namespace MnistPS;

/// <summary>Packs samples arriving one by one (pipeline or -Data) into a dataset.</summary>
internal sealed class SampleCollector
{
    private readonly List<MnistSample> _samples = [];

    public void Add(IEnumerable<MnistSample>? samples)
    {
        foreach (var sample in samples ?? [])
        {
            if (sample is not null)
            {
                _samples.Add(sample);
            }
        }
    }

    /// <summary>The samples as a dataset, or a terminating NoData error naming <paramref name="what"/> when there are none.</summary>
    public MnistDataset ToDataset(PSCmdlet cmdlet, string what)
    {
        if (_samples.Count == 0)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"No {what} samples were given. Pipe samples in (Import-MnistData -Dataset Train | ...) or pass them with -Data."),
                ErrorIds.NoData,
                ErrorCategory.InvalidArgument,
                null));
        }

        try
        {
            return MnistDataset.FromSamples(_samples);
        }
        catch (ArgumentException e)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidArgument, ErrorCategory.InvalidData, null));
            throw;
        }
    }
}
