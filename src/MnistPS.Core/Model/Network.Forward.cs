using System.Runtime.CompilerServices;
using MnistPS.Numerics;

namespace MnistPS;

/// <summary>The forward pass of one row of a workspace, layer by layer: prediction, evaluation and training all run it.</summary>
public sealed partial class Network
{
    /// <summary>
    /// The first layer's affine map for one image, into row <paramref name="row"/> of the workspace: the pixels are
    /// compressed to their non-zero entries (<see cref="CompressImage"/>), then z = b + W a. <see cref="ForwardFrom"/>
    /// goes on from there.
    /// </summary>
    internal void FirstLayer(Workspace workspace, int row, ReadOnlySpan<byte> pixels)
    {
        CompressImage(workspace, row, pixels);
        Affine(workspace, row, row + 1, 0);
    }

    /// <summary>An image's non-zero pixels, scaled to [0, 1], as row <paramref name="row"/>'s input of the first layer.</summary>
    internal static void CompressImage(Workspace workspace, int row, ReadOnlySpan<byte> pixels) =>
        workspace.Count[0][row] = Kernels.CompressPixels(pixels, PixelScale, workspace.Index[0].AsSpan(row * InputSize, InputSize), workspace.Value[0].AsSpan(row * InputSize, InputSize));

    /// <summary>The rest of a forward pass for one row, from the first layer's z: <see cref="HiddenLayers"/>, then <see cref="Output"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ForwardFrom(Workspace workspace, int row, int label = -1, bool dropout = false)
    {
        HiddenLayers(workspace, row, row + 1, dropout);
        Output(workspace, row, label);
    }

    /// <summary>
    /// Rows [start, end) from the first layer's z to the output layer's: each hidden layer's activation
    /// (<see cref="Activate"/>), then the next layer's z = b + W a a block of columns at a time for all the rows, so that
    /// the block's weights stay in cache while the rows take turns on it. Each z is summed as when a row is computed on
    /// its own, bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void HiddenLayers(Workspace workspace, int start, int end, bool dropout = false)
    {
        for (var l = 0; l < _layers.Length - 1; l++)
        {
            for (var row = start; row < end; row++)
            {
                Activate(workspace, row, l, dropout);
            }

            Affine(workspace, start, end, l + 1);
        }
    }

    /// <summary>Layer <paramref name="layer"/>'s z = b + W a for rows [start, end), from their compressed inputs: a block of columns at a time for all the rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Affine(Workspace workspace, int start, int end, int layer)
    {
        var weights = _layers[layer];
        var (rows, stride) = (end - start, weights.Stride);
        var inputStart = workspace.InputStart[layer].AsSpan(start, rows);
        var count = workspace.Count[layer].AsSpan(start, rows);
        var z = workspace.Activations[layer].AsSpan(start * stride, rows * stride);
        for (var c = 0; c < stride;)
        {
            var to = Kernels.ColumnsEnd(c, stride, Kernels.ColumnBlock);
            Kernels.SparseAffineRows(workspace.Index[layer], workspace.Value[layer], inputStart, count, weights.W, weights.B, z, c, to);
            c = to;
        }
    }

    /// <summary>
    /// From hidden layer <paramref name="layer"/>'s z in its activations row: the activation (times the row's dropout
    /// masks, with dropout), compressed to its non-zero entries as the next layer's input.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Activate(Workspace workspace, int row, int layer, bool dropout)
    {
        var stride = _layers[layer].Stride;
        var z = workspace.Activations[layer].AsSpan(row * stride, stride);
        ActivationFunctions.Activate(_layers[layer].Activation, z);
        if (dropout)
        {
            Kernels.Multiply(z, workspace.Keep![layer].AsSpan(row * stride, stride));
        }

        var inputs = _layers[layer + 1].InputSize;
        var index = workspace.Index[layer + 1].AsSpan(row * inputs, inputs);
        var value = workspace.Value[layer + 1].AsSpan(row * inputs, inputs);
        workspace.Count[layer + 1][row] = Kernels.CompressNonZero(z[..inputs], index, value);
    }

    /// <summary>
    /// Softmax of the output row's logits. With a label (0-9), Losses[row] = -log p(label), computed as log-sum-exp
    /// minus the label's logit so it stays finite for any logits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Output(Workspace workspace, int row, int label)
    {
        var logits = workspace.Output.AsSpan(row * workspace.OutputStride, OutputSize);
        var labelLogit = label >= 0 ? logits[label] : 0f;
        var logSumExp = Kernels.SoftmaxInPlace(logits);
        if (label >= 0)
        {
            workspace.Losses[row] = logSumExp - labelLogit;
        }
    }
}
