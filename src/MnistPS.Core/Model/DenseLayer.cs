using MnistPS.Numerics;

namespace MnistPS;

/// <summary>
/// A fully connected layer: z = W a + b, then the activation. W is OutputSize x InputSize (row j holds the
/// weights into unit j) and b is OutputSize x 1, as in the tutorial (W1 is 20x784, b1 20x1).
/// </summary>
/// <remarks>
/// Internally the weights are stored input-major (the transpose of W), each row padded to <see cref="Stride"/>
/// floats, so the kernels can add whole rows for each non-zero input. The padding is always zero.
/// </remarks>
public sealed class DenseLayer
{
    private readonly ArraySegment<float> _weights;
    private readonly ArraySegment<float> _biases;

    private DenseLayer(int number, int inputSize, int outputSize, Activation activation, ArraySegment<float> weights, ArraySegment<float> biases)
    {
        Number = number;
        InputSize = inputSize;
        OutputSize = outputSize;
        Activation = activation;
        _weights = weights;
        _biases = biases;
    }

    /// <summary>The tutorial's layer number: 1 is the first hidden layer, the last is the output layer (layer 0 is the input).</summary>
    public int Number { get; }

    /// <summary>Inputs to each unit.</summary>
    public int InputSize { get; }

    /// <summary>Units in the layer.</summary>
    public int OutputSize { get; }

    /// <summary>The activation after the affine map.</summary>
    public Activation Activation { get; }

    /// <summary>The weight matrix's shape, rows x columns (e.g. 20x784).</summary>
    public string WeightShape => $"{OutputSize}x{InputSize}";

    /// <summary>The bias vector's shape (e.g. 20x1).</summary>
    public string BiasShape => $"{OutputSize}x1";

    /// <summary>Weights plus biases.</summary>
    public long ParameterCount => ((long)InputSize * OutputSize) + OutputSize;

    /// <summary>A copy of the weights, OutputSize x InputSize.</summary>
    public float[,] Weights => WeightMatrix(W);

    /// <summary>A copy of the biases, OutputSize x 1.</summary>
    public float[,] Biases => BiasMatrix(B);

    /// <summary>Weights stored as this layer stores them (input-major, padded) as the tutorial's OutputSize x InputSize matrix.</summary>
    internal float[,] WeightMatrix(ReadOnlySpan<float> stored)
    {
        var matrix = new float[OutputSize, InputSize];
        for (var k = 0; k < InputSize; k++)
        {
            for (var j = 0; j < OutputSize; j++)
            {
                matrix[j, k] = stored[(k * Stride) + j];
            }
        }

        return matrix;
    }

    /// <summary>Biases stored as this layer stores them (padded) as the tutorial's OutputSize x 1 matrix.</summary>
    internal float[,] BiasMatrix(ReadOnlySpan<float> stored)
    {
        var matrix = new float[OutputSize, 1];
        for (var j = 0; j < OutputSize; j++)
        {
            matrix[j, 0] = stored[j];
        }

        return matrix;
    }

    /// <summary>Replaces the weights with <paramref name="weights"/>, OutputSize x InputSize (shape and values checked by the caller).</summary>
    internal void SetWeights(float[,] weights)
    {
        for (var k = 0; k < InputSize; k++)
        {
            for (var j = 0; j < OutputSize; j++)
            {
                W[(k * Stride) + j] = weights[j, k];
            }
        }
    }

    /// <summary>Replaces the biases with <paramref name="biases"/>, OutputSize x 1 (shape and values checked by the caller).</summary>
    internal void SetBiases(float[,] biases)
    {
        for (var j = 0; j < OutputSize; j++)
        {
            B[j] = biases[j, 0];
        }
    }

    /// <summary>Row length of the stored weights, biases and activations: OutputSize rounded up to whole vectors.</summary>
    internal int Stride => _biases.Count;

    /// <summary>Weights, input-major: W[k * Stride + j] connects input k to unit j. Cache-line aligned; mutated by training.</summary>
    internal Memory<float> WeightMemory => _weights;

    /// <summary>Biases, padded to Stride. Cache-line aligned; mutated by training.</summary>
    internal Memory<float> BiasMemory => _biases;

    /// <summary>The weights, see <see cref="WeightMemory"/> (read through the array segment, cheaper than Memory.Span on hot paths).</summary>
    internal Span<float> W => _weights.AsSpan();

    /// <summary>The biases, see <see cref="BiasMemory"/>.</summary>
    internal Span<float> B => _biases.AsSpan();

    /// <summary>The weight from input <paramref name="input"/> to unit <paramref name="unit"/>.</summary>
    public float GetWeight(int unit, int input)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unit, OutputSize);
        ArgumentOutOfRangeException.ThrowIfNegative(input);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(input, InputSize);
        return W[(input * Stride) + unit];
    }

    /// <inheritdoc />
    public override string ToString() => $"Layer {Number}: W{Number} {WeightShape}, B{Number} {BiasShape}, {Activation}";

    /// <summary>A layer from weights in the tutorial's order (unit-major: weights[j * inputSize + k]) and biases.</summary>
    internal static DenseLayer FromUnitMajor(int number, int inputSize, int outputSize, Activation activation, ReadOnlySpan<float> weights, ReadOnlySpan<float> biases)
    {
        if (weights.Length != (long)inputSize * outputSize || biases.Length != outputSize)
        {
            throw new ArgumentException($"Layer {number}: {weights.Length} weights and {biases.Length} biases do not fit {outputSize}x{inputSize}.");
        }

        var stride = Kernels.Stride(outputSize);
        var w = AlignedBuffer.Allocate(inputSize * stride);
        var span = w.AsSpan();
        for (var j = 0; j < outputSize; j++)
        {
            for (var k = 0; k < inputSize; k++)
            {
                span[(k * stride) + j] = weights[(j * inputSize) + k];
            }
        }

        var b = AlignedBuffer.Allocate(stride);
        biases.CopyTo(b.AsSpan());
        return new DenseLayer(number, inputSize, outputSize, activation, w, b);
    }

    /// <summary>The weights in the tutorial's order, unit-major: weights[j * InputSize + k].</summary>
    internal float[] ToUnitMajor()
    {
        var weights = new float[(long)InputSize * OutputSize];
        for (var j = 0; j < OutputSize; j++)
        {
            for (var k = 0; k < InputSize; k++)
            {
                weights[(j * InputSize) + k] = W[(k * Stride) + j];
            }
        }

        return weights;
    }

    internal DenseLayer Clone()
    {
        var w = AlignedBuffer.Allocate(_weights.Count);
        var b = AlignedBuffer.Allocate(_biases.Count);
        W.CopyTo(w);
        B.CopyTo(b);
        return new DenseLayer(Number, InputSize, OutputSize, Activation, w, b);
    }
}
