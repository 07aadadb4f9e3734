using MnistPS.Numerics;

namespace MnistPS;

/// <summary>
/// A dataset's images as sparse rows, compressed once for a training run instead of in every epoch: for each image,
/// the indices and values (pixel / 255) of its non-zero pixels in increasing index order, and where each block of
/// pixels starts among them.
/// </summary>
internal sealed class SparseImages
{
    private readonly int _blocks;
    private readonly int[] _starts;
    private readonly int[] _index;
    private readonly float[] _value;

    private SparseImages(MnistDataset data, IReadOnlyList<int> blockStarts, long[] offsets)
    {
        Data = data;
        _blocks = blockStarts.Count - 1;
        var count = data.Count;

        _index = GC.AllocateUninitializedArray<int>((int)offsets[count]);
        _value = GC.AllocateUninitializedArray<float>((int)offsets[count]);
        _starts = new int[count * (_blocks + 1)];
        var parts = Environment.ProcessorCount;
        Parallel.For(0, parts, part =>
        {
            // Each image is compressed into a buffer of its own and copied: the kernel stores eight entries at a time,
            // which in place would spill into the next image, possibly while another thread writes it.
            var (index, value) = (new int[MnistSample.PixelCount], new float[MnistSample.PixelCount]);
            var end = (int)((long)count * (part + 1) / parts);
            for (var i = (int)((long)count * part / parts); i < end; i++)
            {
                var start = (int)offsets[i];
                var found = Kernels.CompressPixels(data.GetImage(i), 1f / 255f, index, value);
                index.AsSpan(0, found).CopyTo(_index.AsSpan(start));
                value.AsSpan(0, found).CopyTo(_value.AsSpan(start));
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

    /// <summary>The non-zero pixels of image <paramref name="sample"/> that fall in block <paramref name="block"/>.</summary>
    public void Get(int sample, int block, out ReadOnlySpan<int> index, out ReadOnlySpan<float> value)
    {
        var at = (sample * (_blocks + 1)) + block;
        var start = _starts[at];
        var length = _starts[at + 1] - start;
        index = _index.AsSpan(start, length);
        value = _value.AsSpan(start, length);
    }

    /// <summary>Asks the processor to start loading a block of an image: training reads images in shuffled order.</summary>
    public void Prefetch(int sample, int block)
    {
        Get(sample, block, out var index, out var value);
        CacheHints.Prefetch(index);
        CacheHints.Prefetch(value);
    }

    /// <summary>Where <paramref name="value"/> is or would go in the increasing <paramref name="index"/>: the count of entries below it.</summary>
    public static int Position(ReadOnlySpan<int> index, int value)
    {
        var found = index.BinarySearch(value);
        return found >= 0 ? found : ~found;
    }
}
