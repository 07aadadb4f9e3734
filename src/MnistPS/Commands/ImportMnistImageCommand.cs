using System.Management.Automation;
using MnistPS.Imaging;

namespace MnistPS.Commands;

/// <summary>Reads a user's image files (PNG, JPEG, BMP, GIF, WebP) as MNIST digits, normalised as MNIST's own were.</summary>
[Cmdlet(VerbsData.Import, "MnistImage", DefaultParameterSetName = PathSet)]
[OutputType(typeof(MnistSample))]
public sealed class ImportMnistImageCommand : FileInputCmdlet
{
    /// <summary>The digit the images show, if known (makes the samples labelled, for Test-MnistNetwork).</summary>
    [Parameter]
    [ValidateRange(0, MnistSample.ClassCount - 1)]
    public int? Label { get; set; }

    /// <summary>Whether to invert the intensities; Auto decides from the image's background.</summary>
    [Parameter]
    public InvertMode Invert { get; set; } = ImageOptions.Default.Invert;

    /// <summary>Take the image as it is: greyscale, stretched to 28x28, no levelling, cropping or centring.</summary>
    [Parameter]
    public SwitchParameter NoPreprocess { get; set; }

    private ImageReadQueue? _queue;

    protected override void BeginProcessing() => _queue = new ImageReadQueue(new ImageOptions { Invert = Invert, Preprocess = !NoPreprocess }, Label, Cancellation);

    protected override void ProcessRecord()
    {
        foreach (var file in InputFiles())
        {
            Write(_queue!.Add(file));
        }
    }

    protected override void EndProcessing() => Write(_queue!.Drain());

    /// <summary>One object at a time: WriteObject of a whole sequence would gather it first, so an error in it would hold back the samples before it.</summary>
    private void Write(IEnumerable<ImageReadResult> results)
    {
        foreach (var sample in SamplesOf(results))
        {
            WriteObject(sample);
        }
    }
}
