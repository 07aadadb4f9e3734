namespace MnistPS.Tests;

/// <summary>The run summary the trainer makes (<see cref="TrainingRun"/>) and the history a network keeps.</summary>
public class TrainingRunTests
{
    [Fact]
    public void The_summary_agrees_with_the_epoch_records_when_early_stopping_keeps_an_earlier_epoch()
    {
        // The set-up of Early_stopping_keeps_the_best_epoch_weights: the validation loss bottoms out early and then rises.
        var network = Network.Create(new NetworkOptions { HiddenSizes = [64], Seed = 9 });
        var options = new TrainingOptions { Epochs = 60, LearningRate = 0.3f, Seed = 9, Patience = 3 };
        var trainer = new Trainer(network, options);
        var training = TestData.Train.Slice(0, 300);
        var validation = TestData.Train.Slice(40000, 1000);
        var before = DateTime.UtcNow;
        var records = trainer.Train(training, validation).ToList();

        var run = trainer.LastRun!;
        Assert.Same(run, Assert.Single(network.TrainingRuns));
        Assert.Equal(TrainingOutcome.StoppedEarly, run.Outcome);
        Assert.Equal(options, run.Options);
        Assert.Equal(9, run.Seed);
        Assert.Equal((300, 1000), (run.TrainingSamples, run.ValidationSamples));
        Assert.Equal("train-images-idx3-ubyte.gz", run.TrainingSource);
        Assert.Equal("train-images-idx3-ubyte.gz", run.ValidationSource);
        Assert.Equal((1, records[^1].Epoch, records.Count), (run.FirstEpoch, run.LastEpoch, run.EpochsRun));
        Assert.True(run.KeptEpoch < run.LastEpoch);
        Assert.Equal(network.EpochsTrained, run.KeptEpoch);
        Assert.Equal(trainer.BestEpoch, run.KeptEpoch);

        var kept = records.Single(r => r.Epoch == run.KeptEpoch);
        Assert.Equal((kept.Loss, kept.Accuracy), (run.Loss!.Value, run.Accuracy!.Value));
        Assert.Equal((kept.ValidationLoss, kept.ValidationAccuracy), (run.ValidationLoss, run.ValidationAccuracy));
        Assert.Equal(run.KeptEpoch, run.BestEpoch);
        Assert.Equal(records.Min(r => r.ValidationLoss), run.BestValidationLoss);
        Assert.Equal(kept.ValidationAccuracy, run.BestValidationAccuracy);

        Assert.Equal(DateTimeKind.Utc, run.StartTime.Kind);
        Assert.InRange(run.StartTime, before, DateTime.UtcNow);
        Assert.True(run.Duration >= TimeSpan.FromTicks(records.Sum(r => r.Duration.Ticks)), "the run's time holds its epochs' times");
        Assert.StartsWith("0.1.0", run.EngineVersion);
        Assert.Equal($"Epochs 1-{run.LastEpoch} on 300 samples (kept {run.KeptEpoch}): validation {kept.ValidationAccuracy:P2}, loss {kept.ValidationLoss:F4}", run.ToString());
    }

    [Fact]
    public void Without_early_stopping_the_last_epoch_is_kept_and_the_best_one_is_still_named()
    {
        var network = Network.Create(new NetworkOptions { HiddenSizes = [64], Seed = 9 });
        var trainer = new Trainer(network, new TrainingOptions { Epochs = 12, LearningRate = 0.3f, Seed = 9 });
        var records = trainer.Train(TestData.Train.Slice(0, 300), TestData.Train.Slice(40000, 1000)).ToList();

        var run = trainer.LastRun!;
        Assert.Equal(TrainingOutcome.Completed, run.Outcome);
        Assert.Equal(12, run.KeptEpoch);
        Assert.Equal((records[^1].Loss, records[^1].ValidationLoss), (run.Loss!.Value, run.ValidationLoss));
        var best = records.MinBy(r => r.ValidationLoss)!;
        Assert.True(best.Epoch < 12, "the validation loss rises after its low (the setting of the early-stopping test)");
        Assert.Equal((best.Epoch, best.ValidationLoss, best.ValidationAccuracy), (run.BestEpoch!.Value, run.BestValidationLoss, run.BestValidationAccuracy));
    }

    [Fact]
    public void Successive_runs_are_all_remembered_with_their_own_recipes_and_epoch_numbers()
    {
        var network = Network.Create(new NetworkOptions { Seed = 2 });
        var data = TestData.Test.Slice(0, 1000);
        var first = new Trainer(network, new TrainingOptions { Epochs = 2, Seed = 1 });
        _ = first.Train(data).ToList();
        var second = new Trainer(network, new TrainingOptions { Epochs = 3, Optimizer = OptimizerKind.Adam, LearningRate = 0.001f, BatchSize = 0 });
        var records = second.Train(data.Slice(0, 500)).ToList();

        Assert.Equal(2, network.TrainingRuns.Count);
        var (a, b) = (network.TrainingRuns[0], network.TrainingRuns[1]);
        Assert.Equal((1, 2, 2), (a.FirstEpoch, a.LastEpoch, a.KeptEpoch));
        Assert.Equal((3, 5, 5), (b.FirstEpoch, b.LastEpoch, b.KeptEpoch));
        Assert.Equal((OptimizerKind.Sgd, 1000), (a.Options.Optimizer, a.TrainingSamples));
        Assert.Equal((OptimizerKind.Adam, 500, 0), (b.Options.Optimizer, b.TrainingSamples, b.Options.BatchSize));
        Assert.Equal(second.Seed, b.Seed);
        Assert.Equal(records[0].Seed, b.Options.Seed);
        Assert.Null(b.ValidationLoss);
        Assert.Null(b.BestEpoch);
        Assert.Equal(0, b.ValidationSamples);
        Assert.Equal(2, network.Clone().TrainingRuns.Count);
    }

    [Fact]
    public void A_network_remembers_its_latest_runs_up_to_the_limit()
    {
        var network = Network.Create(new NetworkOptions { Seed = 2 });
        var trainer = new Trainer(network, new TrainingOptions { Epochs = 1, Seed = 1 });
        _ = trainer.Train(TestData.Test.Slice(0, 100)).ToList();
        var run = trainer.LastRun!;
        for (var i = 1; i < Network.MaxTrainingRuns; i++)
        {
            network.Record(run);
        }

        Assert.Equal(Network.MaxTrainingRuns, network.TrainingRuns.Count);
        _ = new Trainer(network, new TrainingOptions { Epochs = 1, Seed = 2 }).Train(TestData.Test.Slice(0, 100)).ToList();
        Assert.Equal(Network.MaxTrainingRuns, network.TrainingRuns.Count);
        Assert.Equal(2, network.TrainingRuns[^1].FirstEpoch);
    }

    [Fact]
    public void A_cancelled_run_is_remembered_with_the_epochs_it_completed()
    {
        var network = Network.Create(new NetworkOptions { Seed = 1 });
        using var cancel = new CancellationTokenSource();
        var progress = new Progress(p =>
        {
            if (p.Epoch == 2 && p.Batch == 10)
            {
                cancel.Cancel();
            }
        });
        var trainer = new Trainer(network, new TrainingOptions { Epochs = 5, Seed = 1 });
        var records = new List<EpochResult>();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var r in trainer.Train(TestData.Test.Slice(0, 2000), null, progress, cancel.Token))
            {
                records.Add(r);
            }
        });

        var run = Assert.Single(network.TrainingRuns);
        Assert.Equal(TrainingOutcome.Cancelled, run.Outcome);
        Assert.Equal((1, 1, 1), (run.FirstEpoch, run.LastEpoch, run.KeptEpoch));
        Assert.Equal(records[0].Loss, run.Loss);
        Assert.EndsWith(", cancelled", run.ToString());
    }

    [Fact]
    public void A_run_whose_caller_stops_reading_is_remembered_as_cancelled()
    {
        var network = Network.Create(new NetworkOptions { Seed = 1 });
        var trainer = new Trainer(network, new TrainingOptions { Epochs = 5, Seed = 1 });
        var first = trainer.Train(TestData.Test.Slice(0, 500)).First();

        var run = Assert.Single(network.TrainingRuns);
        Assert.Equal((TrainingOutcome.Cancelled, 1, 1), (run.Outcome, run.LastEpoch, run.KeptEpoch));
        Assert.Equal(first.Loss, run.Loss);
    }

    [Fact]
    public void A_diverged_run_is_remembered_with_the_epochs_before_it_diverged()
    {
        var network = Network.Create(new NetworkOptions { Seed = 1, HiddenSizes = [64, 64] });
        var trainer = new Trainer(network, new TrainingOptions { Epochs = 20, LearningRate = 1e6f, Seed = 1 });
        var records = new List<EpochResult>();
        Assert.Throws<TrainingDivergedException>(() =>
        {
            foreach (var r in trainer.Train(TestData.Train.Slice(0, 2000)))
            {
                records.Add(r);
            }
        });

        var run = Assert.Single(network.TrainingRuns);
        Assert.Equal(TrainingOutcome.Diverged, run.Outcome);
        Assert.Equal((records.Count, network.EpochsTrained), (run.EpochsRun, run.KeptEpoch));
        Assert.EndsWith(", diverged", run.ToString());
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
