using System.Runtime.CompilerServices;

namespace MnistPS;

/// <summary>
/// The randomness of one step, counter-based: augmentation of each image (keyed by seed, epoch and sample index) and
/// dropout masks (keyed by seed, step and row of the batch). Every draw is a pure function of its keys, never of a
/// shared generator's state, so the draws do not depend on which thread makes them.
/// </summary>
/// <param name="options">The run's settings (shift, rotation, dropout).</param>
/// <param name="elastic">The run's elastic displacement fields, or null when it distorts none.</param>
/// <param name="seed">The run's seed.</param>
/// <param name="epoch">The epoch, which keys augmentation.</param>
/// <param name="step">The step, which keys dropout.</param>
internal readonly struct Noise(TrainingOptions options, ElasticField? elastic, int seed, int epoch, long step)
{
    public bool Dropout => options.Dropout > 0;

    public bool Augments => options.Augments;

    /// <summary>
    /// The training image moved, turned and distorted elastically at random (keyed by seed, epoch and sample) into
    /// <paramref name="destination"/>. The elastic fields are drawn after the move and the turn (their noise from a
    /// <see cref="CounterStream"/> keyed by the image's next draw), so a run without them draws what it drew before.
    /// </summary>
    [SkipLocalsInit]
    public void Augment(ReadOnlySpan<byte> source, Span<byte> destination, int sampleIndex)
    {
        var state = Hash(seed, epoch, sampleIndex) | 1;
        var span = (2 * options.MaxShift) + 1;
        var dx = (int)(Next(ref state) % (ulong)span) - options.MaxShift;
        var dy = (int)(Next(ref state) % (ulong)span) - options.MaxShift;
        var degrees = options.MaxRotation > 0 ? ((Next(ref state) >> 11) * (1.0 / (1UL << 53)) * 2 - 1) * options.MaxRotation : 0;
        if (elastic is null)
        {
            Augmentation.Transform(source, destination, dx, dy, degrees);
            return;
        }

        Span<float> scratch = stackalloc float[ElasticField.ScratchLength];
        elastic.Fill(Next(ref state), scratch);
        Augmentation.Transform(source, destination, dx, dy, degrees, ElasticField.X(scratch), ElasticField.Y(scratch));
    }

    /// <summary>Fills the keep masks of the hidden layers for workspace row <paramref name="row"/>, row <paramref name="batchRow"/> of the batch.</summary>
    public void Masks(Workspace workspace, Network network, int row, int batchRow)
    {
        var scale = 1f / (1f - options.Dropout);
        var threshold = (uint)(options.Dropout * 4294967296.0);
        for (var l = 0; l < network.Layers.Count - 1; l++)
        {
            // Unit j is dropped when 32-bit draw j of the row's stream for the layer is below the rate times 2^32.
            var stride = network.Layers[l].Stride;
            CounterStream.KeepMask(Hash(seed, step, (batchRow * 64L) + l), threshold, scale, workspace.Keep![l].AsSpan(row * stride, stride));
        }
    }

    /// <summary>A well-mixed 64-bit value from three keys (SplitMix64's finaliser of their combination).</summary>
    public static ulong Hash(long a, long b, long c)
    {
        var x = unchecked((ulong)a * 0x9E3779B97F4A7C15UL ^ ((ulong)b + 0xBF58476D1CE4E5B9UL) * 0x94D049BB133111EBUL ^ (ulong)c);
        return CounterStream.Mix(x);
    }

    /// <summary>Next value of a xorshift64* stream (state must not be zero).</summary>
    public static ulong Next(ref ulong state)
    {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return state * 0x2545F4914F6CDD1DUL;
    }
}
