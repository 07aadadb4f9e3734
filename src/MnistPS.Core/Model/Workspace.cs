namespace MnistPS;

/// <summary>Buffers for a chunk of rows: each layer's sparse input, activations and gradients.</summary>
internal sealed class Workspace
{
    /// <summary>Rows processed at once; larger batches are processed chunk by chunk.</summary>
    public const int ChunkRows = 256;

    public Workspace(Network network, int rows)
    {
        Rows = rows;
        var layers = network.Layers;
        Index = layers.Select(l => new int[rows * l.InputSize]).ToArray();
        Value = layers.Select(l => new float[rows * l.InputSize]).ToArray();
        Count = layers.Select(_ => new int[rows]).ToArray();
        InputStart = layers.Select(l => Enumerable.Range(0, rows).Select(row => row * l.InputSize).ToArray()).ToArray();
        Activations = layers.Select(l => new float[rows * l.Stride]).ToArray();
        Gradients = layers.Select(l => new float[rows * l.Stride]).ToArray();
        Losses = new float[rows];
        Strides = layers.Select(l => l.Stride).ToArray();
        OutputStride = layers[^1].Stride;
    }

    public int Rows { get; }

    /// <summary>Per layer, per row: indices of the non-zero inputs (row i starts at i * InputSize).</summary>
    public int[][] Index { get; }

    /// <summary>Per layer, per row: the non-zero input values.</summary>
    public float[][] Value { get; }

    /// <summary>Per layer, per row: how many inputs are non-zero.</summary>
    public int[][] Count { get; }

    /// <summary>Per layer, per row: where the row's non-zero inputs start in <see cref="Index"/> and <see cref="Value"/> (row * InputSize).</summary>
    public int[][] InputStart { get; }

    /// <summary>Per layer: activations, rows x Stride.</summary>
    public float[][] Activations { get; }

    /// <summary>Per layer: gradients of the loss with respect to z, rows x Stride.</summary>
    public float[][] Gradients { get; }

    public float[] Losses { get; }

    /// <summary>Per hidden layer, rows x Stride: 0 for a dropped unit, 1 / (1 - p) for a kept one; null without dropout.</summary>
    public float[][]? Keep { get; private set; }

    public int[] Strides { get; }

    /// <summary>Allocates the dropout masks on first use.</summary>
    public float[][] EnsureKeep() => Keep ??= Strides.Select(stride => new float[Rows * stride]).ToArray();

    public int OutputStride { get; }

    public float[] Output => Activations[^1];
}
