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

    /// <summary>dz_(l-1) = (W_l dz_l) * f'(a_(l-1)) for one row, from the output layer down.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Backward(Workspace workspace, int row, bool dropout, float[] scratch)
    {
        var layers = _layers;
        for (var l = layers.Length - 1; l >= 1; l--)
        {
            var layer = layers[l];
            var below = layers[l - 1];
            var stride = layer.Stride;
            var belowStride = below.Stride;
            var inputs = layer.InputSize;
            var dz = workspace.Gradients[l].AsSpan(row * stride, stride);
            var target = workspace.Gradients[l - 1].AsSpan(row * belowStride, belowStride);
            target.Clear();
            var keep = dropout ? workspace.Keep![l - 1].AsSpan(row * belowStride, belowStride) : default;
            if (below.Activation == Activation.ReLU)
            {
                // ReLU passes gradient only where its output is positive: exactly this layer's non-zero inputs
                // (a dropped unit's output is zero too).
                var index = workspace.Index[l].AsSpan(row * inputs, workspace.Count[l][row]);
                Kernels.GatherDots(index, dz, layer.W, scratch);
                for (var t = 0; t < index.Length; t++)
                {
                    target[index[t]] = dropout ? scratch[t] * keep[index[t]] : scratch[t];
                }
            }
            else
            {
                // With dropout the stored output is f(z) * keep; the derivative is taken at f(z) and scaled by keep.
                var a = workspace.Activations[l - 1].AsSpan(row * belowStride, inputs);
                var weights = layer.W;
                for (var j = 0; j < inputs; j++)
                {
                    var k = dropout ? keep[j] : 1f;
                    target[j] = k == 0f ? 0f : Kernels.Dot(dz, weights.Slice(j * stride, stride)) * ActivationFunctions.Derivative(below.Activation, a[j] / k) * k;
                }
            }
        }
    }
}
