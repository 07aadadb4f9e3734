using MnistPS.Imaging;

namespace MnistPS;

/// <summary>
/// Reads image files on worker threads, a few at a time, while the cmdlet hands out the results in input order:
/// decoding and normalising one image overlaps with the next, and the pipeline still sees the files in order.
/// </summary>
internal sealed class ImageReadQueue
{
    /// <summary>
    /// At most this many images are read at once: four per core, so that a core never waits for the pipeline thread to
    /// hand it the next file (two per core left the cores idle a quarter of the time), and at most 16.
    /// </summary>
    public static readonly int Window = Math.Clamp(4 * Environment.ProcessorCount, 4, 16);

    private readonly Queue<(string File, Task<MnistSample> Read)> _pending = new();
    private readonly ImageOptions _options;
    private readonly int? _label;
    private readonly CancellationToken _cancellation;
    private long _count;

    public ImageReadQueue(ImageOptions options, int? label, CancellationToken cancellation)
    {
        _options = options;
        _label = label;
        _cancellation = cancellation;
    }

    /// <summary>
    /// Starts reading <paramref name="file"/>, whose sample's Index is its position among the files of this queue;
    /// returns the results that are due, in order, once the window is full.
    /// </summary>
    public IEnumerable<ImageReadResult> Add(string file)
    {
        var index = _count++;
        _pending.Enqueue((file, Task.Run(() => DigitImage.Read(file, _options, _label, index), _cancellation)));
        while (_pending.Count > Window)
        {
            yield return Next();
        }
    }

    /// <summary>The results still pending, in order.</summary>
    public IEnumerable<ImageReadResult> Drain()
    {
        while (_pending.Count > 0)
        {
            yield return Next();
        }
    }

    private ImageReadResult Next()
    {
        var (file, read) = _pending.Dequeue();
        try
        {
            return new ImageReadResult(file, read.GetAwaiter().GetResult(), null);
        }
        catch (MnistImageException e)
        {
            return new ImageReadResult(file, null, e);
        }
    }
}

/// <summary>One file's sample, or what is wrong with it.</summary>
internal sealed record ImageReadResult(string File, MnistSample? Sample, MnistImageException? Error);
