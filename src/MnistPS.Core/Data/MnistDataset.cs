namespace MnistPS;

/// <summary>
/// Digits packed for training: one contiguous buffer of pixels (784 bytes per image) and one of labels.
/// Immutable once built.
/// </summary>
public sealed class MnistDataset
{
    internal const byte NoLabel = byte.MaxValue;

    private readonly byte[] _pixels;
    private readonly byte[]? _labels;

    internal MnistDataset(byte[] pixels, byte[]? labels, int count, string? source)
    {
        if ((long)count * MnistSample.PixelCount > pixels.Length || (labels is not null && labels.Length < count))
        {
            throw new ArgumentException("The buffers are smaller than the count says.", nameof(count));
        }

        _pixels = pixels;
        _labels = labels;
        Count = count;
        Source = source;
    }

    /// <summary>Number of images.</summary>
    public int Count { get; }

    /// <summary>Whether every image has a label.</summary>
    public bool HasLabels => _labels is not null;

    /// <summary>Where the data came from, if known.</summary>
    public string? Source { get; }

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetImage(int index)
    {
        CheckIndex(index);
        return _pixels.AsSpan(index * MnistSample.PixelCount, MnistSample.PixelCount);
    }

    /// <summary>The label of image <paramref name="index"/>.</summary>
    public int GetLabel(int index)
    {
        CheckIndex(index);
        return _labels is null ? throw new InvalidOperationException("This dataset has no labels.") : _labels[index];
    }

    /// <summary>Image <paramref name="index"/> as a sample object.</summary>
    public MnistSample GetSample(int index)
    {
        CheckIndex(index);
        return new MnistSample(GetImage(index), _labels is null ? null : _labels[index], Source, index);
    }

    /// <summary>Streams the images as sample objects.</summary>
    public IEnumerable<MnistSample> AsSamples()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return GetSample(i);
        }
    }

    /// <summary>A copy of images [start, start + count).</summary>
    public MnistDataset Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start > Count - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"[{start}, {start}+{count}) is outside 0..{Count}.");
        }

        var pixels = _pixels.AsSpan(start * MnistSample.PixelCount, count * MnistSample.PixelCount).ToArray();
        var labels = _labels?.AsSpan(start, count).ToArray();
        return new MnistDataset(pixels, labels, count, Source);
    }

    /// <summary>A copy of the images at <paramref name="indices"/>, in that order.</summary>
    public MnistDataset Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var pixels = new byte[indices.Count * MnistSample.PixelCount];
        var labels = _labels is null ? null : new byte[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            GetImage(indices[i]).CopyTo(pixels.AsSpan(i * MnistSample.PixelCount));
            if (labels is not null)
            {
                labels[i] = _labels![indices[i]];
            }
        }

        return new MnistDataset(pixels, labels, indices.Count, Source);
    }

    /// <summary>Packs samples into a dataset. Either all samples have labels or none has.</summary>
    public static MnistDataset FromSamples(IEnumerable<MnistSample> samples, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var builder = new MnistDatasetBuilder(source);
        foreach (var sample in samples)
        {
            builder.Add(sample.GetPixelSpan(), sample.Label);
        }

        return builder.Build();
    }

    /// <summary>Packs the images of samples without their labels (a batch to predict may mix labelled and unlabelled samples).</summary>
    public static MnistDataset FromImages(IEnumerable<MnistSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var builder = new MnistDatasetBuilder(null);
        foreach (var sample in samples)
        {
            builder.Add(sample.GetPixelSpan(), null);
        }

        return builder.Build();
    }

    internal ReadOnlySpan<byte> PixelBuffer => _pixels.AsSpan(0, Count * MnistSample.PixelCount);

    internal ReadOnlySpan<byte> LabelBuffer => _labels is null ? default : _labels.AsSpan(0, Count);

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The dataset holds {Count} images.");
        }
    }
}

/// <summary>Grows a packed dataset as records arrive, so memory follows the data actually read.</summary>
internal sealed class MnistDatasetBuilder
{
    private readonly string? _source;
    private byte[] _pixels;
    private byte[] _labels;
    private bool? _labelled;

    public MnistDatasetBuilder(string? source, int capacity = 1024)
    {
        _source = source;
        capacity = Math.Max(1, capacity);
        _pixels = new byte[capacity * MnistSample.PixelCount];
        _labels = new byte[capacity];
    }

    public int Count { get; private set; }

    /// <summary>Appends one image; a dataset is either all labelled or all unlabelled.</summary>
    public void Add(ReadOnlySpan<byte> pixels, int? label)
    {
        SetLabelled(label.HasValue);
        pixels.CopyTo(Reserve(1));
        _labels[Count] = label is { } l ? (byte)l : MnistDataset.NoLabel;
        Count++;
    }

    /// <summary>Room for <paramref name="images"/> more images after the last one; fill it, then <see cref="Commit"/>.</summary>
    public Span<byte> Reserve(int images)
    {
        var needed = Count + images;
        if (needed * (long)MnistSample.PixelCount > Array.MaxLength)
        {
            throw new InvalidOperationException($"{needed} images do not fit in one buffer.");
        }

        if (needed > _labels.Length)
        {
            var capacity = (int)Math.Min(Math.Max(needed, _labels.Length * 2L), Array.MaxLength / MnistSample.PixelCount);
            Array.Resize(ref _pixels, capacity * MnistSample.PixelCount);
            Array.Resize(ref _labels, capacity);
        }

        return _pixels.AsSpan(Count * MnistSample.PixelCount, images * MnistSample.PixelCount);
    }

    /// <summary>
    /// Keeps the <paramref name="images"/> reserved images. With labels, an image whose label is not a digit is a bad
    /// record (<see cref="BadRecords"/>): dropped and reported through <paramref name="onBadRecord"/>, or thrown.
    /// </summary>
    public void Commit(int images, ReadOnlySpan<byte> labels, Func<int, int, MnistRecordException>? badLabel = null, Action<MnistRecordException>? onBadRecord = null)
    {
        SetLabelled(!labels.IsEmpty);
        if (labels.IsEmpty)
        {
            _labels.AsSpan(Count, images).Fill(MnistDataset.NoLabel);
            Count += images;
            return;
        }

        var kept = 0;
        for (var i = 0; i < images; i++)
        {
            if (labels[i] >= MnistSample.ClassCount)
            {
                BadRecords.Skip(badLabel!(i, labels[i]), onBadRecord);
                continue;
            }

            if (kept != i)
            {
                _pixels.AsSpan((Count + i) * MnistSample.PixelCount, MnistSample.PixelCount)
                    .CopyTo(_pixels.AsSpan((Count + kept) * MnistSample.PixelCount));
            }

            _labels[Count + kept] = labels[i];
            kept++;
        }

        Count += kept;
    }

    public MnistDataset Build(bool? labelled = null) =>
        new(_pixels, (labelled ?? _labelled ?? true) ? _labels : null, Count, _source);

    private void SetLabelled(bool labelled)
    {
        if (_labelled is null)
        {
            _labelled = labelled;
        }
        else if (_labelled != labelled)
        {
            throw new ArgumentException($"Sample {Count} is {(labelled ? "labelled" : "unlabelled")} but the samples before it are not: a dataset is either all labelled or all unlabelled.");
        }
    }
}
