using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MnistPS.Tests;

/// <summary>ONNX Runtime, the independent reader of the ONNX files MnistPS writes and imports.</summary>
internal static class OnnxRuntimeReader
{
    /// <summary>The images of <paramref name="data"/> as float32 [N, 784], raw pixel values 0-255.</summary>
    public static float[] Pixels(MnistDataset data)
    {
        var pixels = new float[data.Count * Network.InputSize];
        for (var i = 0; i < data.Count; i++)
        {
            var image = data.GetImage(i);
            for (var k = 0; k < Network.InputSize; k++)
            {
                pixels[(i * Network.InputSize) + k] = image[k];
            }
        }

        return pixels;
    }

    /// <summary>Runs <paramref name="model"/> on <paramref name="pixels"/> (N x 784) fed to its only input; returns its only output, N x 10.</summary>
    public static float[] Run(byte[] model, float[] pixels)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        var input = session.InputMetadata.Single();
        var rows = pixels.Length / Network.InputSize;
        var tensor = new DenseTensor<float>(pixels, [rows, Network.InputSize]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(input.Key, tensor)]);
        var output = results.Single().AsTensor<float>();
        Assert.Equal([rows, Network.OutputSize], output.Dimensions.ToArray());
        return output.ToArray();
    }

    /// <summary>The digit of each row of an N x 10 array of scores or probabilities.</summary>
    public static int[] Digits(float[] scores) =>
        Enumerable.Range(0, scores.Length / Network.OutputSize).Select(i => Numerics.Kernels.ArgMax(scores.AsSpan(i * Network.OutputSize, Network.OutputSize))).ToArray();
}
