using MnistPS.Numerics;

namespace MnistPS;

/// <summary>
/// A dataset's images as sparse rows, compressed once for a training run instead of in every epoch: for each image,
/// its non-zero pixels in increasing index order, each packed in an int as index &lt;&lt; 8 | pixel (4 bytes instead of
/// an index and a float: 37 MB for the 60,000 training images), and where each block of pixels starts among them. <see cref="Kernels.UnpackPixels"/> turns a block back into indices and values.
/// </summary>
internal sealed class SparseImages
{
    private readonly int _blocks;
    private readonly int[] _starts;
    private readonly int[] _packed;

    private SparseImages(MnistDataset data, IReadOnlyList<int> blockStarts, long[] offsets)
    {
        Data = data;
        _blocks = blockStarts.Count - 1;
        var count = data.Count;

        _packed = GC.AllocateUninitializedArray<int>((int)offsets[count]);
        _starts = new int[count * (_blocks + 1)];
        var parts = Environment.ProcessorCount;
        Parallel.For(0, parts, part =>
        {
            var (index, value) = (new int[MnistSample.PixelCount], new float[MnistSample.PixelCount]);
            var end = (int)((long)count * (part + 1) / parts);
            for (var i = (int)((long)count * part / parts); i < end; i++)
            {
                var start = (int)offsets[i];
                var pixels = data.GetImage(i);
                var found = Kernels.CompressPixels(pixels, 1f, index, value);
                for (var t = 0; t < found; t++)
                {
                    _packed[start + t] = (index[t] << 8) | pixels[index[t]];
                }

                for (var b = 0; b < _blocks; b++)
                {
                    _starts[(i * (_blocks + 1)) + b] = start + Position(index.AsSpan(0, found), blockStarts[b]);
                }

                _starts[(i * (_blocks + 1)) + _blocks] = start + found;
            }
        });
    }

    /// <summary>
    /// The compressed images, or null when they hold more than <paramref name="maxPixels"/> non-zero pixels (the
    /// cache would then cost more memory than it saves time).
    /// </summary>
    /// <param name="data">The images.</param>
    /// <param name="blockStarts">The first pixel of each block, then the pixel count (e.g. 0, 392, 784).</param>
    /// <param name="maxPixels">The most non-zero pixels to cache.</param>
    public static SparseImages? Create(MnistDataset data, IReadOnlyList<int> blockStarts, long maxPixels)
    {
        var offsets = new long[data.Count + 1];
        for (var i = 0; i < data.Count; i++)
        {
            offsets[i + 1] = offsets[i] + MnistSample.PixelCount - data.GetImage(i).Count((byte)0);
        }

        return offsets[^1] > Math.Min(maxPixels, Array.MaxLength) ? null : new SparseImages(data, blockStarts, offsets);
    }

    /// <summary>The dataset these rows were made from.</summary>
    public MnistDataset Data { get; }

    /// <summary>The non-zero pixels of image <paramref name="sample"/> that fall in block <paramref name="block"/>, packed.</summary>
    public ReadOnlySpan<int> Get(int sample, int block)
    {
        var at = (sample * (_blocks + 1)) + block;
        return _packed.AsSpan(_starts[at], _starts[at + 1] - _starts[at]);
    }

    /// <summary>
    /// Asks the processor to start loading a block of an image (training reads images in shuffled order): all of it, or
    /// only its first cache line, which, asked for a batch's images at once, looks their pages' address translations up
    /// together instead of one image at a time.
    /// </summary>
    public void Prefetch(int sample, int block, bool whole)
    {
        var packed = Get(sample, block);
        CacheHints.Prefetch(whole ? packed : packed[..Math.Min(1, packed.Length)]);
    }

    /// <summary>Where <paramref name="value"/> is or would go in the increasing <paramref name="index"/>: the count of entries below it.</summary>
    public static int Position(ReadOnlySpan<int> index, int value)
    {
        var found = index.BinarySearch(value);
        return found >= 0 ? found : ~found;
    }
}
