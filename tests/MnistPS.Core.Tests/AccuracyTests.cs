using System.Diagnostics;
using Xunit.Abstractions;

namespace MnistPS.Tests;

/// <summary>The network learns real MNIST. Seeded, so every figure is the same on every run on this machine.</summary>
public class AccuracyTests(ITestOutputHelper output)
{
    [Trait("Category", "Slow")]
    [Fact]
    public void Tutorial_method_reaches_85_percent()
    {
        // 784-20-10, uniform init, ReLU, full-batch gradient descent, rate 0.1, 500 iterations;
        // train on the first 30,000 training images, test on the next 12,000 (not on training rows).
        var train = TestData.Train.Slice(0, 30000);
        var test = TestData.Train.Slice(30000, 12000);
        var network = Network.Create(new NetworkOptions { HiddenSizes = [20], Initialization = WeightInitialization.Uniform, Seed = 42 });
        var clock = Stopwatch.StartNew();
        var last = new Trainer(network, new TrainingOptions { Epochs = 500, BatchSize = 0, LearningRate = 0.1f, Shuffle = false, Seed = 42 }).Train(train).Last();
        var result = Evaluator.Evaluate(network, test);
        output.WriteLine($"tutorial: train accuracy {last.Accuracy:P2}, test accuracy {result.Accuracy:P2} ({result.Correct}/{result.Count}), {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(result.Accuracy >= 0.85, $"test accuracy {result.Accuracy:P2}");
    }

    [Fact]
    public void Default_mini_batch_training_reaches_95_percent()
    {
        var network = Network.Create(new NetworkOptions { Seed = 42 });
        var clock = Stopwatch.StartNew();
        var records = new Trainer(network, new TrainingOptions { Seed = 42 }).Train(TestData.Train).ToList();
        var result = Evaluator.Evaluate(network, TestData.Test);
        output.WriteLine($"default: {records.Count} epochs, last loss {records[^1].Loss:F4}, test accuracy {result.Accuracy:P2} ({result.Correct}/{result.Count}), {clock.Elapsed.TotalSeconds:F1} s, {records.Average(r => r.SamplesPerSecond):F0} samples/s");
        Assert.Equal(10, records.Count);
        Assert.True(result.Accuracy >= 0.95, $"test accuracy {result.Accuracy:P2}");
    }
}
