namespace MnistPS.Tests;

/// <summary>The default network (784-20-10, He, SGD 0.1, batch 32, 10 epochs, seed 42) trained once on the 60,000 training images.</summary>
public sealed class DefaultNetwork
{
    public DefaultNetwork()
    {
        Network = Network.Create(new NetworkOptions { Seed = 42 });
        foreach (var _ in new Trainer(Network, new TrainingOptions { Seed = 42 }).Train(TestData.Train))
        {
        }
    }

    public Network Network { get; }

    /// <summary>The predicted digit of each sample.</summary>
    public int[] Predict(IReadOnlyList<MnistSample> samples)
    {
        var probabilities = Network.PredictProbabilities(MnistDataset.FromImages(samples));
        return Enumerable.Range(0, samples.Count).Select(i => Numerics.Kernels.ArgMax(probabilities.AsSpan(i * 10, 10))).ToArray();
    }
}
