namespace MnistPS.Tests;

/// <summary>The warning for a loss that explodes while staying finite.</summary>
public class LossWatchTests
{
    [Fact]
    public void A_learning_rate_of_1e5_warns_once_at_once_naming_the_rate_and_a_value_to_try()
    {
        var network = Network.Create(new NetworkOptions { Seed = 1 });
        var warnings = new List<TrainingWarning>();
        var trainer = new Trainer(network, new TrainingOptions { Epochs = 3, LearningRate = 1e5f, Seed = 1 }) { Warnings = new Collect(warnings) };
        var records = trainer.Train(TestData.Test.Slice(0, 1000)).ToList();

        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.True(double.IsFinite(r.Loss) && r.Loss > 1000, $"loss {r.Loss}: finite and exploded"));
        var warning = Assert.Single(warnings);
        Assert.Equal(1, warning.Epoch);
        Assert.InRange(warning.Batch, 2, 3);
        Assert.True(warning.Loss > TrainingWarning.ExplodingLoss);
        Assert.Equal(0.1f, warning.SuggestedLearningRate);
        Assert.StartsWith($"The training loss is exploding: {warning.Loss.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} in epoch 1, batch {warning.Batch}, against 2.30 for a network that guesses.", warning.Message);
        Assert.EndsWith("The learning rate (100000) is likely too high for Sgd with batches of 32; try 0.1.", warning.Message);
    }

    [Fact]
    public void The_suggested_rate_suits_the_optimizer_and_the_batch_is_named()
    {
        var adam = Warn(new TrainingOptions { Epochs = 1, LearningRate = 10f, Optimizer = OptimizerKind.Adam, Seed = 1 }, TestData.Test.Slice(0, 1000));
        Assert.Equal(0.001f, adam.SuggestedLearningRate);
        Assert.EndsWith("The learning rate (10) is likely too high for Adam with batches of 32; try 0.001.", adam.Message);

        // The tutorial's full batch with uniform weights: rate 4 explodes in its third iteration (measured: 69 against 4.7 at the start).
        var full = Warn(new TrainingOptions { Epochs = 5, LearningRate = 4f, BatchSize = 0, Shuffle = false, Seed = 1 }, TestData.Train.Slice(0, 5000), WeightInitialization.Uniform);
        Assert.Equal((3, 1), (full.Epoch, full.Batch));
        Assert.EndsWith("too high for Sgd with the full batch (5,000 samples); try 0.1.", full.Message);
    }

    [Fact]
    public void Weights_damaged_by_earlier_training_are_named_instead_of_the_rate()
    {
        var network = Network.Create(new NetworkOptions { Seed = 1 });
        _ = new Trainer(network, new TrainingOptions { Epochs = 1, LearningRate = 1e5f, Seed = 1 }).Train(TestData.Test.Slice(0, 1000)).ToList();
        var warnings = new List<TrainingWarning>();
        _ = new Trainer(network, new TrainingOptions { Epochs = 1, Seed = 1 }) { Warnings = new Collect(warnings) }.Train(TestData.Test.Slice(0, 1000)).ToList();

        var warning = Assert.Single(warnings);
        Assert.Null(warning.SuggestedLearningRate);
        Assert.Contains("before the run's first update: the weights the run started from give extreme outputs. Earlier training has damaged them; start again from a new network.", warning.Message);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.1f, 32, 20, WeightInitialization.He)]
    [InlineData(OptimizerKind.Sgd, 0.5f, 32, 20, WeightInitialization.He)]
    [InlineData(OptimizerKind.Momentum, 0.05f, 32, 20, WeightInitialization.He)]
    [InlineData(OptimizerKind.Adam, 0.01f, 32, 20, WeightInitialization.He)]
    [InlineData(OptimizerKind.Sgd, 0.1f, 0, 20, WeightInitialization.Uniform)]
    [InlineData(OptimizerKind.Sgd, 0.05f, 1, 800, WeightInitialization.He)]
    public void Training_that_works_does_not_warn(OptimizerKind optimizer, float rate, int batch, int hidden, WeightInitialization initialization)
    {
        // Batches of one sample see single losses above 10 (measured up to 15 here), which the average over 256 samples absorbs.
        var network = Network.Create(new NetworkOptions { HiddenSizes = [hidden], Initialization = initialization, Seed = 1 });
        var warnings = new List<TrainingWarning>();
        var options = new TrainingOptions { Epochs = batch == 0 ? 30 : 2, Optimizer = optimizer, LearningRate = rate, BatchSize = batch, Seed = 1 };
        var records = new Trainer(network, options) { Warnings = new Collect(warnings) }.Train(TestData.Train.Slice(0, batch == 1 ? 3000 : 5000)).ToList();
        Assert.Empty(warnings);
        Assert.True(records[^1].Loss < records[0].Loss, "it trains");
    }

    [Fact]
    public void The_watched_loss_is_an_average_that_ignores_single_spikes_and_warns_only_once()
    {
        var watch = new LossWatch(new TrainingOptions { BatchSize = 1 }, 1, Network.Create(new NetworkOptions { Seed = 1 }));
        for (var i = 0; i < 2000; i++)
        {
            Assert.Null(watch.Observe(i % 50 == 0 ? 60 : 1.5, 1, 1, i + 1));
        }

        // A loss of 40 sample after sample lifts the average (about 2.7) above 23 after about 200 samples (1 - 1/256 per sample).
        var sustained = Enumerable.Range(0, 1000).Select(i => watch.Observe(40, 1, 2, i + 1)).ToList();
        var warning = Assert.Single(sustained, w => w is not null)!;
        Assert.InRange(warning.Batch, 190, 215);
        Assert.Equal(0.01f, warning.SuggestedLearningRate);
        Assert.Contains("Sgd with batches of one sample; try 0.01.", warning.Message);
    }

    [Fact]
    public void A_wide_network_with_the_tutorials_uniform_weights_is_blamed_on_its_initialisation()
    {
        // 784-1500-10 with weights uniform in [-0.5, 0.5) starts at a loss of about 36 (measured on batches of 32); with the
        // full batch, the average takes the first loss whole, so the first iteration shows it.
        var network = Network.Create(new NetworkOptions { HiddenSizes = [1500], Initialization = WeightInitialization.Uniform, Seed = 1 });
        var warnings = new List<TrainingWarning>();
        _ = new Trainer(network, new TrainingOptions { Epochs = 1, BatchSize = 0, LearningRate = 0.01f, Seed = 1 }) { Warnings = new Collect(warnings) }.Train(TestData.Train.Slice(0, 2000)).ToList();

        var warning = Assert.Single(warnings);
        Assert.Equal((1, 1), (warning.Epoch, warning.Batch));
        Assert.Null(warning.SuggestedLearningRate);
        Assert.StartsWith("The training loss is ", warning.Message);
        Assert.EndsWith("The tutorial's Uniform initialisation draws weights too large for layers this wide; build the network with He (ReLU) or Xavier (Sigmoid, Tanh) initialisation.", warning.Message);
    }

    private static TrainingWarning Warn(TrainingOptions options, MnistDataset data, WeightInitialization initialization = WeightInitialization.He)
    {
        var warnings = new List<TrainingWarning>();
        var network = Network.Create(new NetworkOptions { Initialization = initialization, Seed = 1 });
        _ = new Trainer(network, options) { Warnings = new Collect(warnings) }.Train(data).ToList();
        return Assert.Single(warnings);
    }

    private sealed class Collect(List<TrainingWarning> warnings) : IProgress<TrainingWarning>
    {
        public void Report(TrainingWarning value) => warnings.Add(value);
    }
}
