using System.Runtime.CompilerServices;
using MnistPS.Numerics;

namespace MnistPS;

/// <summary>
/// The backward pass of one row, the forward pass in reverse: the output layer's dz from the softmax and the label,
/// then each layer's dz from the one above. The trainer sums the weight gradients from these dz.
/// </summary>
public sealed partial class Network
{
    /// <summary>dz = (p - onehot(label)) * scale for the output layer of one row; returns whether the prediction was right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool OutputGradient(Workspace workspace, int row, int label, float scale)
    {
        // The padding after the ten probabilities holds zeros (zero weights and biases there), so whole rows can be scaled.
        var stride = workspace.OutputStride;
        var p = workspace.Output.AsSpan(row * stride, stride);
        var g = workspace.Gradients[^1].AsSpan(row * stride, stride);
        g.Clear();
        Kernels.Axpy(scale, p, g);
        g[label] -= scale;
        return Kernels.ArgMax(p[..OutputSize]) == label;
    }

    /// <summary>
    /// dz_(l-1) = (W_l dz_l) * f'(a_(l-1)) for rows [start, end), from the output layer down. Below a ReLU layer only
    /// the units a row activated are needed; the rows take turns on a block of <see cref="Kernels.ColumnBlock"/> weight
    /// rows at a time while it is in cache, each dot the same bit for bit as for a row alone.
    /// </summary>
    /// <param name="workspace">The rows' forward pass and output dz.</param>
    /// <param name="start">The first row.</param>
    /// <param name="end">The row after the last.</param>
    /// <param name="dropout">Whether the rows' dropout masks apply.</param>
    /// <param name="scratch">Room for a layer's inputs.</param>
    /// <param name="cursor">Room for one position per row.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Backward(Workspace workspace, int start, int end, bool dropout, float[] scratch, int[] cursor)
    {
        var layers = _layers;
        for (var l = layers.Length - 1; l >= 1; l--)
        {
            var layer = layers[l];
            var below = layers[l - 1];
            var (stride, belowStride, inputs) = (layer.Stride, below.Stride, layer.InputSize);
            workspace.Gradients[l - 1].AsSpan(start * belowStride, (end - start) * belowStride).Clear();
            if (below.Activation != Activation.ReLU)
            {
                for (var row = start; row < end; row++)
                {
                    DenseBackward(workspace, row, l, dropout);
                }

                continue;
            }

            // ReLU passes gradient only where its output is positive: exactly this layer's non-zero inputs (a dropped
            // unit's output is zero too). Each row's list of them is walked a block of units at a time.
            // A narrow layer's weights (the output layer's) fit in cache whole: one block.
            cursor.AsSpan(0, end - start).Clear();
            var units = stride < Kernels.ColumnBlock ? inputs : Kernels.ColumnBlock;
            for (var unit = 0; unit < inputs; unit += units)
            {
                var last = unit + units >= inputs;
                for (var row = start; row < end; row++)
                {
                    var index = workspace.Index[l].AsSpan(row * inputs, workspace.Count[l][row]);
                    var from = cursor[row - start];
                    var to = last ? index.Length : Math.Min(index.Length, (SparseImages.Position(index, unit + units) + 7) & ~7);
                    if (to <= from)
                    {
                        continue;
                    }

                    Kernels.GatherDots(index, workspace.Gradients[l].AsSpan(row * stride, stride), layer.W, scratch, from, to);
                    var target = workspace.Gradients[l - 1].AsSpan(row * belowStride, belowStride);
                    var keep = dropout ? workspace.Keep![l - 1].AsSpan(row * belowStride, belowStride) : default;
                    for (var t = from; t < to; t++)
                    {
                        target[index[t]] = dropout ? scratch[t - from] * keep[index[t]] : scratch[t - from];
                    }

                    cursor[row - start] = to;
                }
            }
        }
    }

    /// <summary>dz_(l-1) of one row below a layer whose activation is not ReLU: every unit's dot.</summary>
    private void DenseBackward(Workspace workspace, int row, int l, bool dropout)
    {
        // With dropout the stored output is f(z) * keep; the derivative is taken at f(z) and scaled by keep.
        var (layer, below) = (_layers[l], _layers[l - 1]);
        var (stride, belowStride, inputs) = (layer.Stride, below.Stride, layer.InputSize);
        var dz = workspace.Gradients[l].AsSpan(row * stride, stride);
        var target = workspace.Gradients[l - 1].AsSpan(row * belowStride, belowStride);
        var keep = dropout ? workspace.Keep![l - 1].AsSpan(row * belowStride, belowStride) : default;
        var a = workspace.Activations[l - 1].AsSpan(row * belowStride, inputs);
        var weights = layer.W;
        for (var j = 0; j < inputs; j++)
        {
            var k = dropout ? keep[j] : 1f;
            target[j] = k == 0f ? 0f : Kernels.Dot(dz, weights.Slice(j * stride, stride)) * ActivationFunctions.Derivative(below.Activation, a[j] / k) * k;
        }
    }
}
