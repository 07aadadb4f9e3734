namespace MnistPS.Tests;

/// <summary>Schedules, augmentation, dropout, validation split, early stopping and presets.</summary>
public class TrainingFeatureTests
{
    [Fact]
    public void Warm_up_rises_linearly_then_cosine_decays_to_zero()
    {
        var options = new TrainingOptions { Epochs = 10, LearningRate = 0.1f, Schedule = LearningRateSchedule.Cosine, WarmupEpochs = 2 };
        Assert.Equal(0.1f / 20, options.RateAt(0, 10), 6);
        Assert.Equal(0.1f, options.RateAt(19, 10), 6);
        Assert.Equal(0.1f, options.RateAt(20, 10), 6);
        Assert.Equal(0.05f, options.RateAt(60, 10), 5);
        Assert.True(options.RateAt(99, 10) < 0.0005f);
    }

    [Fact]
    public void Step_schedule_drops_by_the_factor()
    {
        var options = new TrainingOptions { Epochs = 30, LearningRate = 0.2f, Schedule = LearningRateSchedule.Step, StepEpochs = 10, StepFactor = 0.5f };
        Assert.Equal(0.2f, options.RateAt(99, 10), 6);
        Assert.Equal(0.1f, options.RateAt(100, 10), 6);
        Assert.Equal(0.05f, options.RateAt(250, 10), 6);
        Assert.Equal(0.1f, new TrainingOptions().RateAt(12345, 10));
    }

    [Fact]
    public void A_shift_moves_the_digit_and_a_zero_transform_is_the_identity()
    {
        var image = TestData.Test.GetImage(0).ToArray();
        var moved = new byte[784];
        Augmentation.Transform(image, moved, 2, -1, 0);
        for (var y = 0; y < 28; y++)
        {
            for (var x = 0; x < 28; x++)
            {
                var (sx, sy) = (x - 2, y + 1);
                var expected = sx is >= 0 and < 28 && sy is >= 0 and < 28 ? image[(sy * 28) + sx] : 0;
                Assert.Equal(expected, moved[(y * 28) + x]);
            }
        }

        Augmentation.Transform(image, moved, 0, 0, 0);
        Assert.Equal(image, moved);
    }

    [Fact]
    public void Four_quarter_turns_give_the_image_back_without_its_faintest_pixels()
    {
        var image = TestData.Test.GetImage(1).ToArray();
        var a = (byte[])image.Clone();
        var b = new byte[784];
        for (var i = 0; i < 4; i++)
        {
            Augmentation.Transform(a, b, 0, 0, 90);
            (a, b) = (b, a);
        }

        Assert.Equal(image.Select(p => p < Augmentation.FaintestInk ? (byte)0 : p), a);
        Augmentation.Transform(image, b, 0, 0, 90);
        Assert.NotEqual(image, b);
    }

    [Trait("Category", "Kernels")]
    [Fact]
    public void Augmentation_and_dropout_stay_bit_identical_across_thread_counts()
    {
        var data = TestData.Train.Slice(0, 2000);
        float[][] Run(int threads)
        {
            var network = Network.Create(new NetworkOptions { HiddenSizes = [40, 20], Seed = 3 });
            var options = new TrainingOptions { Epochs = 2, BatchSize = 64, Dropout = 0.3f, MaxShift = 2, MaxRotation = 10, Seed = 5, MaxThreads = threads };
            foreach (var _ in new Trainer(network, options).Train(data))
            {
            }

            return network.Layers.SelectMany(l => new[] { l.W.ToArray(), l.B.ToArray() }).ToArray();
        }

        var one = Run(1);
        var two = Run(2);
        for (var t = 0; t < one.Length; t++)
        {
            Assert.Equal(one[t], two[t]);
        }
    }

    [Fact]
    public void A_run_stopped_between_batches_keeps_every_step_it_took()
    {
        // A run cancelled after five batches ends with all five applied, as a run of exactly those five batches does.
        var data = TestData.Train.Slice(0, 640);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 64, Shuffle = false, Seed = 2, MaxThreads = 2 };
        var whole = Network.Create(new NetworkOptions { HiddenSizes = [100], Seed = 8 });
        foreach (var _ in new Trainer(whole, options).Train(data.Slice(0, 320)))
        {
        }

        var stopped = Network.Create(new NetworkOptions { HiddenSizes = [100], Seed = 8 });
        using var cancel = new CancellationTokenSource();
        var progress = new TrainerTests.SynchronousProgress(p =>
        {
            if (p.Batch == 5)
            {
                cancel.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(stopped, options).Train(data, progress: progress, cancellationToken: cancel.Token).ToList());
        for (var l = 0; l < whole.Layers.Count; l++)
        {
            Assert.Equal(whole.Layers[l].W.ToArray(), stopped.Layers[l].W.ToArray());
            Assert.Equal(whole.Layers[l].B.ToArray(), stopped.Layers[l].B.ToArray());
        }
    }

    [Trait("Category", "Kernels")]
    [Theory]
    [InlineData(64, OptimizerKind.Sgd)] // straight into the weights
    [InlineData(64, OptimizerKind.Momentum)]
    [InlineData(300, OptimizerKind.Momentum)] // two chunks: the gradient is summed, then stepped
    [InlineData(300, OptimizerKind.Sgd)] // two chunks, then the plain SGD step, whose scalar tail rounds apart
    public void Wide_networks_stay_bit_identical_across_thread_counts(int batch, OptimizerKind optimizer)
    {
        // Layers wider than a block of columns (Kernels.ColumnBlock) take the batch forms of the kernels: column
        // blocks forward, lists of pairs of inputs in the update (whose ranges three threads cut at odd places, moved
        // to even ones), blocks of weight rows backward, two rows at once.
        var data = TestData.Train.Slice(0, 1500);
        float[][] Run(int threads)
        {
            var network = Network.Create(new NetworkOptions { HiddenSizes = [200, 130], Seed = 4 });
            var options = new TrainingOptions { Epochs = 2, BatchSize = batch, Dropout = 0.2f, MaxShift = 1, Optimizer = optimizer, Seed = 6, MaxThreads = threads };
            foreach (var _ in new Trainer(network, options).Train(data))
            {
            }

            return network.Layers.SelectMany(l => new[] { l.W.ToArray(), l.B.ToArray() }).ToArray();
        }

        var one = Run(1);
        foreach (var threads in new[] { 2, 3 })
        {
            var many = Run(threads);
            for (var t = 0; t < one.Length; t++)
            {
                Assert.Equal(one[t], many[t]);
            }
        }
    }

    [Theory]
    [InlineData(Activation.ReLU)]
    [InlineData(Activation.Tanh)]
    public void Gradients_with_dropout_match_finite_differences(Activation activation)
    {
        var network = Network.Create(new NetworkOptions { HiddenSizes = [10, 6], HiddenActivation = activation, Initialization = WeightInitialization.Xavier, Seed = 8 });
        var data = TestData.Test.Slice(0, 6);
        int[] indices = [0, 1, 2, 3, 4, 5];
        var trainer = new Trainer(network, new TrainingOptions { Seed = 2, Dropout = 0.4f });
        var (_, gradients) = trainer.Gradients(data, indices);
        var tensors = network.Layers.SelectMany(l => new[] { l.WeightMemory, l.BiasMemory }).ToArray();
        for (var t = 2; t < tensors.Length; t++)
        {
            for (var i = 0; i < tensors[t].Length; i++)
            {
                var saved = tensors[t].Span[i];
                tensors[t].Span[i] = saved + 1e-3f;
                var plus = trainer.Gradients(data, indices).MeanLoss;
                tensors[t].Span[i] = saved - 1e-3f;
                var minus = trainer.Gradients(data, indices).MeanLoss;
                tensors[t].Span[i] = saved;
                var numeric = (plus - minus) / 2e-3;
                Assert.True(Math.Abs(numeric - gradients[t][i]) <= (1e-2 * (Math.Abs(numeric) + Math.Abs(gradients[t][i]))) + 3e-4, $"tensor {t}[{i}]: {gradients[t][i]} vs {numeric}");
            }
        }
    }

    [Fact]
    public void Dropout_changes_training_but_never_prediction()
    {
        var data = TestData.Train.Slice(0, 3000);
        var plain = Network.Create(new NetworkOptions { Seed = 4 });
        var dropped = Network.Create(new NetworkOptions { Seed = 4 });
        foreach (var _ in new Trainer(plain, new TrainingOptions { Epochs = 1, Seed = 4 }).Train(data))
        {
        }

        foreach (var _ in new Trainer(dropped, new TrainingOptions { Epochs = 1, Seed = 4, Dropout = 0.5f }).Train(data))
        {
        }

        Assert.NotEqual(plain.Layers[0].W.ToArray(), dropped.Layers[0].W.ToArray());
        var first = dropped.PredictProbabilities(TestData.Test.Slice(0, 100));
        var second = dropped.PredictProbabilities(TestData.Test.Slice(0, 100));
        Assert.Equal(first, second);
        Assert.True(Evaluator.Evaluate(dropped, TestData.Test.Slice(0, 1000)).Accuracy > 0.5); // it learned, well above chance
    }

    [Fact]
    public void Validation_split_is_seeded_and_disjoint()
    {
        var data = TestData.Test.Slice(0, 1200);
        var (train, validation) = Trainer.Split(data, 0.25f, 7);
        var (train2, validation2) = Trainer.Split(data, 0.25f, 7);
        Assert.Equal(900, train.Count);
        Assert.Equal(300, validation.Count);
        Assert.True(validation.PixelBuffer.SequenceEqual(validation2.PixelBuffer));
        Assert.True(train.LabelBuffer.SequenceEqual(train2.LabelBuffer));
        var sums = Enumerable.Range(0, 10).Select(d => Enumerable.Range(0, data.Count).Count(i => data.GetLabel(i) == d)).ToArray();
        var split = Enumerable.Range(0, 10).Select(d => Enumerable.Range(0, 900).Count(i => train.GetLabel(i) == d) + Enumerable.Range(0, 300).Count(i => validation.GetLabel(i) == d)).ToArray();
        Assert.Equal(sums, split);
        Assert.False(Trainer.Split(data, 0.25f, 8).Validation.PixelBuffer.SequenceEqual(validation.PixelBuffer));
        Assert.Equal(1, Trainer.Split(data.Slice(0, 2), 0.01f, 1).Validation.Count);
        var trainer = new Trainer(Network.Create(new NetworkOptions { Seed = 1 }), new TrainingOptions { ValidationFraction = 0.5f });
        Assert.Contains("at least 2 training samples", Assert.Throws<ArgumentException>(() => trainer.Train(data.Slice(0, 1))).Message);
    }

    [Fact]
    public void Early_stopping_keeps_the_best_epoch_weights()
    {
        // 300 samples, a high constant rate and 60 epochs: the validation loss reaches its low early and then rises.
        var network = Network.Create(new NetworkOptions { HiddenSizes = [64], Seed = 9 });
        var trainer = new Trainer(network, new TrainingOptions { Epochs = 60, LearningRate = 0.3f, Seed = 9, Patience = 3 });
        var validation = TestData.Train.Slice(40000, 1000);
        var records = trainer.Train(TestData.Train.Slice(0, 300), validation).ToList();
        Assert.True(trainer.StoppedEarly);
        Assert.True(records.Count < 60);
        var best = records.Single(r => r.Epoch == trainer.BestEpoch);
        Assert.True(best.IsBest);
        Assert.Equal(records.Min(r => r.ValidationLoss), best.ValidationLoss);
        Assert.Equal(records[^1].Epoch - 3, best.Epoch);
        Assert.Equal(best.ValidationLoss!.Value, Evaluator.Evaluate(network, validation).Loss, 12);
        Assert.Equal(best.Epoch, network.EpochsTrained);
    }

    [Fact]
    public void Early_stopping_without_validation_data_is_refused()
    {
        var trainer = new Trainer(Network.Create(new NetworkOptions { Seed = 1 }), new TrainingOptions { Patience = 2 });
        Assert.Contains("needs validation data", Assert.Throws<ArgumentException>(() => trainer.Train(TestData.Test.Slice(0, 100))).Message);
    }

    [Fact]
    public void Presets_are_valid_and_train()
    {
        Assert.Equal(["Tutorial", "Small", "Large", "Best"], MnistPreset.All.Select(p => p.Name.ToString()));
        Assert.Equal("784-800-10", MnistPreset.Get(MnistPresetName.Large).Architecture);
        Assert.Equal("784-1200-10", MnistPreset.Get(MnistPresetName.Best).Architecture);
        Assert.Equal((34f, 4f), (MnistPreset.Get(MnistPresetName.Best).Training.ElasticAlpha, MnistPreset.Get(MnistPresetName.Best).Training.ElasticSigma));
        foreach (var preset in MnistPreset.All)
        {
            preset.Network.Validate();
            preset.Training.Validate();
        }

        var small = MnistPreset.Get(MnistPresetName.Small);
        var network = Network.Create(small.Network with { Seed = 1 });
        var records = new Trainer(network, small.Training with { Epochs = 2, WarmupEpochs = 1, Seed = 1 }).Train(TestData.Train.Slice(0, 6000)).ToList();
        Assert.Equal(2, records.Count);
        Assert.NotNull(records[0].ValidationAccuracy);
    }

    [Fact]
    public void Presets_cannot_be_changed_by_their_users()
    {
        var sizes = MnistPreset.Get(MnistPresetName.Large).Network.HiddenSizes;
        Assert.Throws<NotSupportedException>(() => ((IList<int>)sizes)[0] = 5);
        Assert.Throws<NotSupportedException>(() => ((IList<MnistPreset>)MnistPreset.All)[0] = MnistPreset.All[1]);
        Assert.Equal(Enum.GetValues<MnistPresetName>().Length, MnistPreset.All.Count);
        var mine = new[] { 30 };
        var options = new NetworkOptions { HiddenSizes = mine };
        mine[0] = 99;
        Assert.Equal(30, options.HiddenSizes[0]);
    }

    [Fact]
    public void New_settings_out_of_range_are_refused()
    {
        Assert.Contains("Dropout is 1", Assert.Throws<ArgumentException>(() => new TrainingOptions { Dropout = 1 }.Validate()).Message);
        Assert.Contains("MaxShift is 9", Assert.Throws<ArgumentException>(() => new TrainingOptions { MaxShift = 9 }.Validate()).Message);
        Assert.Contains("WarmupEpochs is 10", Assert.Throws<ArgumentException>(() => new TrainingOptions { WarmupEpochs = 10 }.Validate()).Message);
        Assert.Contains("ValidationFraction is 1", Assert.Throws<ArgumentException>(() => new TrainingOptions { ValidationFraction = 1 }.Validate()).Message);
    }
}
