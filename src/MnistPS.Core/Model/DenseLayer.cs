namespace MnistPS;

/// <summary>
/// A fully connected layer: Z = W A + b, then the activation. W is OutputSize x InputSize (row j holds the
/// weights into unit j), b is OutputSize x 1, as in the tutorial (W1 is 20x784, b1 20x1).
/// </summary>
public sealed class DenseLayer
{
    internal DenseLayer(int number, int inputSize, int outputSize, Activation activation, float[] weights, float[] biases)
    {
        if (weights.Length != (long)inputSize * outputSize || biases.Length != outputSize)
        {
            throw new ArgumentException($"Layer {number}: {weights.Length} weights and {biases.Length} biases do not fit {outputSize}x{inputSize}.");
        }

        Number = number;
        InputSize = inputSize;
        OutputSize = outputSize;
        Activation = activation;
        W = weights;
        B = biases;
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
    public long ParameterCount => W.LongLength + B.Length;

    /// <summary>A copy of the weights, OutputSize x InputSize.</summary>
    public float[,] Weights
    {
        get
        {
            var copy = new float[OutputSize, InputSize];
            W.AsSpan().CopyTo(System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref copy[0, 0], W.Length));
            return copy;
        }
    }

    /// <summary>A copy of the biases, OutputSize x 1.</summary>
    public float[,] Biases
    {
        get
        {
            var copy = new float[OutputSize, 1];
            for (var j = 0; j < OutputSize; j++)
            {
                copy[j, 0] = B[j];
            }

            return copy;
        }
    }

    /// <summary>Weights, row-major (W[j * InputSize + k] connects input k to unit j). Mutated by training.</summary>
    internal float[] W { get; }

    /// <summary>Biases. Mutated by training.</summary>
    internal float[] B { get; }

    /// <inheritdoc />
    public override string ToString() => $"Layer {Number}: W{Number} {WeightShape}, b{Number} {BiasShape}, {Activation}";

    internal DenseLayer Clone() => new(Number, InputSize, OutputSize, Activation, (float[])W.Clone(), (float[])B.Clone());
}
