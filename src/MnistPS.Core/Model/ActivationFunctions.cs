using System.Runtime.CompilerServices;
using MnistPS.Numerics;

namespace MnistPS;

/// <summary>The hidden activations by their <see cref="Activation"/> name, on top of the kernels (which know no model types).</summary>
internal static class ActivationFunctions
{
    /// <summary>In place: z = f(z) for a hidden activation f.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Activate(Activation activation, Span<float> z)
    {
        switch (activation)
        {
            case Activation.ReLU:
                Kernels.Relu(z);
                break;
            case Activation.Sigmoid:
                for (var i = 0; i < z.Length; i++)
                {
                    z[i] = 1f / (1f + MathF.Exp(-z[i]));
                }

                break;
            case Activation.Tanh:
                for (var i = 0; i < z.Length; i++)
                {
                    z[i] = MathF.Tanh(z[i]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not a hidden-layer activation.");
        }
    }

    /// <summary>f'(z) written in terms of the output a = f(z): ReLU a &gt; 0 ? 1 : 0, sigmoid a(1 - a), tanh 1 - a^2.</summary>
    public static float Derivative(Activation activation, float output) => activation switch
    {
        Activation.ReLU => output > 0f ? 1f : 0f,
        Activation.Sigmoid => output * (1f - output),
        Activation.Tanh => 1f - (output * output),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not a hidden-layer activation."),
    };
}
