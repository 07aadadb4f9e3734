namespace MnistPS.Tests;

/// <summary>
/// Networks trained briefly (one seeded epoch on the first 10,000 training images): the tutorial's 784-20-10 and a
/// two-hidden-layer 784-64-32-10 of each hidden activation.
/// </summary>
public sealed class TrainedNetworks
{
    public TrainedNetworks()
    {
        var data = TestData.Train.Slice(0, 10_000);
        Networks = new Dictionary<string, Network>
        {
            ["784-20-10 ReLU"] = Train(new NetworkOptions { Seed = 42 }, data),
            ["784-64-32-10 ReLU"] = Train(new NetworkOptions { HiddenSizes = [64, 32], HiddenActivation = Activation.ReLU, Seed = 1 }, data),
            ["784-64-32-10 Sigmoid"] = Train(new NetworkOptions { HiddenSizes = [64, 32], HiddenActivation = Activation.Sigmoid, Initialization = WeightInitialization.Xavier, Seed = 2 }, data),
            ["784-64-32-10 Tanh"] = Train(new NetworkOptions { HiddenSizes = [64, 32], HiddenActivation = Activation.Tanh, Initialization = WeightInitialization.Xavier, Seed = 3 }, data),
        };
    }

    public static TheoryData<string> Names => new("784-20-10 ReLU", "784-64-32-10 ReLU", "784-64-32-10 Sigmoid", "784-64-32-10 Tanh");

    public IReadOnlyDictionary<string, Network> Networks { get; }

    private static Network Train(NetworkOptions options, MnistDataset data)
    {
        var network = Network.Create(options);
        foreach (var _ in new Trainer(network, new TrainingOptions { Epochs = 1, Seed = 7 }).Train(data))
        {
        }

        return network;
    }
}
