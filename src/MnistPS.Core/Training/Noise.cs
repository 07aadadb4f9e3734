namespace MnistPS;

/// <summary>
/// The randomness of one step: augmentation of each image (keyed by seed, epoch and sample index) and dropout masks
/// (keyed by seed, step and row of the batch). Pure functions of their keys, so every thread count draws the same.
/// </summary>
internal readonly struct Noise(TrainingOptions options, int seed, int epoch, long step)
{
    public bool Dropout => options.Dropout > 0;

    public bool Augments => options.Augments;

    /// <summary>The training image moved and turned at random (keyed by seed, epoch and sample) into <paramref name="destination"/>.</summary>
    public void Augment(ReadOnlySpan<byte> source, Span<byte> destination, int sampleIndex)
    {
        var state = Augmentation.Hash(seed, epoch, sampleIndex) | 1;
        var span = (2 * options.MaxShift) + 1;
        var dx = (int)(Augmentation.Next(ref state) % (ulong)span) - options.MaxShift;
        var dy = (int)(Augmentation.Next(ref state) % (ulong)span) - options.MaxShift;
        var degrees = options.MaxRotation > 0 ? ((Augmentation.Next(ref state) >> 11) * (1.0 / (1UL << 53)) * 2 - 1) * options.MaxRotation : 0;
        Augmentation.Transform(source, destination, dx, dy, degrees);
    }

    /// <summary>Fills the keep masks of the hidden layers for workspace row <paramref name="row"/>, row <paramref name="batchRow"/> of the batch.</summary>
    public void Masks(Workspace workspace, Network network, int row, int batchRow)
    {
        var scale = 1f / (1f - options.Dropout);
        var threshold = (ulong)(options.Dropout * (double)ulong.MaxValue);
        for (var l = 0; l < network.Layers.Count - 1; l++)
        {
            var stride = network.Layers[l].Stride;
            var state = Augmentation.Hash(seed, step, (batchRow * 64L) + l) | 1;
            var keep = workspace.Keep![l].AsSpan(row * stride, stride);
            for (var j = 0; j < stride; j++)
            {
                keep[j] = Augmentation.Next(ref state) < threshold ? 0f : scale;
            }
        }
    }
}
