using MnistPS.Numerics;

namespace MnistPS.Tests;

public class TrainerTests
{
    [Trait("Category", "Kernels")]
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Seeded_runs_are_bit_identical_whatever_the_thread_count(int threads)
    {
        // Three threads on two image halves leaves one thread without a first-layer block: the split must still hold.
        var data = TestData.Train.Slice(0, 3000);
        foreach (var batch in new[] { 32, 0 })
        {
            var (one, recordsOne) = Run(data, batch, threads: 1);
            var (many, recordsMany) = Run(data, batch, threads);
            for (var l = 0; l < one.Layers.Count; l++)
            {
                Assert.Equal(one.Layers[l].W.ToArray(), many.Layers[l].W.ToArray());
                Assert.Equal(one.Layers[l].B.ToArray(), many.Layers[l].B.ToArray());
            }

            Assert.Equal(recordsOne.Select(r => r.Loss), recordsMany.Select(r => r.Loss));
            Assert.Equal(recordsOne.Select(r => r.Accuracy), recordsMany.Select(r => r.Accuracy));
        }
    }

    [Trait("Category", "Kernels")]
    [Fact]
    public void The_compressed_image_cache_holds_exactly_each_images_non_zero_pixels()
    {
        // Built on every core at once. A regression let the 8-wide stores of one image spill into the next one, which
        // another thread might already have written (seen once as runs that differed with the thread count); this
        // checks every entry, though it cannot force that interleaving.
        var data = TestData.Train;
        var images = SparseImages.Create(data, [0, 392, 784], long.MaxValue)!;
        var (index, value) = (new int[784], new float[784]);
        var (unpackedIndex, unpackedValue) = (new int[784], new float[784]);
        for (var i = 0; i < data.Count; i++)
        {
            var count = ReferenceKernels.CompressPixels(data.GetImage(i), 1f / 255f, index, value);
            var low = images.Get(i, 0);
            var high = images.Get(i, 1);
            Assert.Equal(count, low.Length + high.Length);
            ReferenceKernels.UnpackPixels(low, 1f / 255f, unpackedIndex, unpackedValue);
            ReferenceKernels.UnpackPixels(high, 1f / 255f, unpackedIndex.AsSpan(low.Length), unpackedValue.AsSpan(low.Length));
            Assert.True(unpackedIndex.AsSpan(0, count).SequenceEqual(index.AsSpan(0, count)), $"image {i}: indices differ");
            Assert.True(unpackedValue.AsSpan(0, count).SequenceEqual(value.AsSpan(0, count)), $"image {i}: values differ");
            Assert.True(low.IsEmpty || low[^1] >> 8 < 392);
            Assert.True(high.IsEmpty || high[0] >> 8 >= 392);
        }

        Assert.Null(SparseImages.Create(data, [0, 392, 784], 1000));
    }

    [Trait("Category", "Kernels")]
    [Fact]
    public void Training_without_the_compressed_image_cache_gives_the_same_weights()
    {
        var data = TestData.Train.Slice(0, 2000);
        foreach (var batch in new[] { 32, 0 })
        {
            Network Train(long maxCachedPixels)
            {
                var network = Network.Create(new NetworkOptions { Seed = 7 });
                var options = new TrainingOptions { Epochs = 2, BatchSize = batch, Seed = 3, MaxThreads = 2, LearningRate = batch == 0 ? 0.5f : 0.1f };
                foreach (var _ in new Trainer(network, options) { MaxCachedPixels = maxCachedPixels }.Train(data))
                {
                }

                return network;
            }

            var cached = Train(long.MaxValue);
            var uncached = Train(0);
            for (var l = 0; l < cached.Layers.Count; l++)
            {
                Assert.Equal(cached.Layers[l].W.ToArray(), uncached.Layers[l].W.ToArray());
                Assert.Equal(cached.Layers[l].B.ToArray(), uncached.Layers[l].B.ToArray());
            }
        }
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(0L)]
    public void The_images_are_scanned_for_the_cache_once_per_dataset_whether_it_is_kept_or_refused(long maxCachedPixels)
    {
        // Regression (#17): a refused cache was looked for again before every batch, each time scanning the whole
        // dataset, so an epoch cost (data / batch) * data: 261 s for 300,000 images against 0.17 s for 60,000.
        var data = TestData.Train.Slice(0, 2000);
        var trainer = new Trainer(Network.Create(new NetworkOptions { Seed = 7 }), new TrainingOptions { Epochs = 2, BatchSize = 32, Seed = 3, MaxThreads = 2 }) { MaxCachedPixels = maxCachedPixels };
        foreach (var _ in trainer.Train(data))
        {
        }

        Assert.Equal(1, trainer.ImageScans);
        foreach (var _ in trainer.Train(data))
        {
        }

        Assert.Equal(1, trainer.ImageScans);
        foreach (var _ in trainer.Train(data.Slice(0, 1000)))
        {
        }

        Assert.Equal(2, trainer.ImageScans);
    }

    [Fact]
    public void Hot_workers_take_work_handed_over_before_they_start()
    {
        // Regression: a helper that read the work counter only once it was scheduled could miss the first batch and
        // leave the caller waiting for ever.
        for (var round = 0; round < 200; round++)
        {
            using var workers = new WorkerThreads(4);
            var done = new int[4];
            workers.Run(4, s => done[s]++);
            workers.Run(4, s => done[s]++);
            Assert.Equal([2, 2, 2, 2], done);
        }
    }

    [Fact]
    public void Workers_run_every_part_exactly_once_over_many_runs()
    {
        using var workers = new WorkerThreads(3);
        var counts = new int[8];
        var random = new Random(5);
        var expected = new int[8];
        for (var run = 0; run < 20000; run++)
        {
            var parts = random.Next(1, 9);
            workers.Run(parts, p => Interlocked.Increment(ref counts[p]));
            for (var p = 0; p < parts; p++)
            {
                expected[p]++;
            }
        }

        Assert.Equal(expected, counts);
    }

    [Fact]
    public void A_worker_takes_the_parts_of_a_thread_that_is_held_up()
    {
        // Part 2 is the calling thread's own, but the calling thread is held in part 0 until part 2 is done: only a
        // helper taking it over lets the run finish.
        using var workers = new WorkerThreads(2);
        var done = new bool[3];
        workers.Run(3, p =>
        {
            if (p == 0)
            {
                Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref done[2]), TimeSpan.FromSeconds(30)), "part 2 was not taken over");
            }

            Volatile.Write(ref done[p], true);
        });
        Assert.Equal([true, true, true], done);
    }

    [Fact]
    public void A_part_that_fails_fails_the_run_with_its_own_exception()
    {
        using var workers = new WorkerThreads(2);
        foreach (var failing in new[] { 0, 1 })
        {
            var error = Assert.Throws<InvalidOperationException>(() => workers.Run(2, p =>
            {
                if (p == failing)
                {
                    throw new InvalidOperationException($"part {p}");
                }
            }));
            Assert.Equal($"part {failing}", error.Message);
        }

        var ran = 0;
        workers.Run(2, _ => Interlocked.Increment(ref ran));
        Assert.Equal(2, ran);
    }

    [Fact]
    public void The_training_loop_does_not_allocate_per_batch()
    {
        var data = TestData.Train.Slice(0, 6400);
        long AllocatedFor(int epochs)
        {
            var network = Network.Create(new NetworkOptions { Seed = 1 });
            // One thread, so every allocation of the loop is on this thread and other tests running at once do not count.
            var trainer = new Trainer(network, new TrainingOptions { Epochs = epochs, BatchSize = 32, Seed = 1, MaxThreads = 1 });
            var before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var _ in trainer.Train(data))
            {
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        AllocatedFor(1);
        var perExtraEpoch = (AllocatedFor(5) - AllocatedFor(1)) / 4;
        Assert.True(perExtraEpoch < 16 * 1024, $"{perExtraEpoch} bytes per epoch of 200 batches");
    }

    [Fact]
    public void Cancellation_stops_at_a_batch_boundary_and_leaves_a_usable_network()
    {
        var network = Network.Create(new NetworkOptions { Seed = 1 });
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Batch == 50)
            {
                cancel.Cancel();
            }
        });
        var trainer = new Trainer(network, new TrainingOptions { Epochs = 5, Seed = 1 });
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Train(TestData.Train, null, progress, cancel.Token).ToList());
        Assert.Equal(0, network.EpochsTrained);
        var evaluation = Evaluator.Evaluate(network, TestData.Test.Slice(0, 1000));
        Assert.True(evaluation.Accuracy > 0.5, $"after 50 batches accuracy is {evaluation.Accuracy}");
    }

    [Fact]
    public void Divergence_throws_and_keeps_the_last_finite_weights()
    {
        var network = Network.Create(new NetworkOptions { Seed = 1, HiddenSizes = [64, 64] });
        var data = TestData.Train.Slice(0, 2000);
        var trainer = new Trainer(network, new TrainingOptions { Epochs = 20, LearningRate = 1e6f, Seed = 1 });
        var records = new List<EpochResult>();
        var e = Assert.Throws<TrainingDivergedException>(() =>
        {
            foreach (var r in trainer.Train(data))
            {
                records.Add(r);
            }
        });
        Assert.Contains("Lower the learning rate", e.Message);
        Assert.All(network.Layers, l => Assert.All(l.W.ToArray(), w => Assert.True(float.IsFinite(w))));
        Assert.Equal(records.Count, network.EpochsTrained);
        var probabilities = new float[10];
        network.Predict(data.GetImage(0), probabilities);
        Assert.All(probabilities, p => Assert.True(float.IsFinite(p)));
    }

    [Fact]
    public void Absurd_hyperparameters_are_refused_before_any_work()
    {
        var network = Network.Create(new NetworkOptions { Seed = 1 });
        Assert.Contains("Epochs is 0", Assert.Throws<ArgumentException>(() => new Trainer(network, new TrainingOptions { Epochs = 0 })).Message);
        Assert.Contains("LearningRate is NaN", Assert.Throws<ArgumentException>(() => new Trainer(network, new TrainingOptions { LearningRate = float.NaN })).Message);
        Assert.Contains("LearningRate is -1", Assert.Throws<ArgumentException>(() => new Trainer(network, new TrainingOptions { LearningRate = -1 })).Message);
        Assert.Contains("BatchSize is -3", Assert.Throws<ArgumentException>(() => new Trainer(network, new TrainingOptions { BatchSize = -3 })).Message);
        var trainer = new Trainer(network, new TrainingOptions { BatchSize = 500 });
        Assert.Contains("only 100 training samples", Assert.Throws<ArgumentException>(() => trainer.Train(TestData.Test.Slice(0, 100))).Message);
        Assert.Contains("hidden layer 2 has 0 units", Assert.Throws<ArgumentException>(() => Network.Create(new NetworkOptions { HiddenSizes = [10, 0] })).Message);
        Assert.Throws<ArgumentException>(() => Network.Create(new NetworkOptions { HiddenActivation = Activation.Softmax }));
    }

    [Fact]
    public void Tutorial_shapes_are_visible()
    {
        var network = Network.Create(new NetworkOptions { Seed = 1, Initialization = WeightInitialization.Uniform });
        Assert.Equal("784-20-10", network.Architecture);
        Assert.Equal(new[] { 20, 784 }, Shape(network.GetParameter("W1")));
        Assert.Equal(new[] { 20, 1 }, Shape(network.GetParameter("B1")));
        Assert.Equal(new[] { 10, 20 }, Shape(network.GetParameter("W2")));
        Assert.Equal(new[] { 10, 1 }, Shape(network.GetParameter("b2")));
        Assert.Equal(15910, network.ParameterCount);
        Assert.All(network.Layers[0].W.ToArray(), w => Assert.InRange(w, -0.5f, 0.5f));
        Assert.All(network.Layers[0].B.ToArray(), b => Assert.Equal(0f, b));
        Assert.Equal(network.Layers[0].GetWeight(1, 3), network.GetParameter("W1")[1, 3]);
        Assert.NotEqual(0f, network.GetParameter("W1")[19, 783]);
    }

    [Fact]
    public void Optimizers_and_L2_train_and_report_validation()
    {
        var train = TestData.Train.Slice(0, 5000);
        var validation = TestData.Train.Slice(50000, 1000);
        foreach (var (optimizer, rate) in new[] { (OptimizerKind.Momentum, 0.05f), (OptimizerKind.Adam, 0.002f) })
        {
            var network = Network.Create(new NetworkOptions { Seed = 4 });
            var records = new Trainer(network, new TrainingOptions { Epochs = 3, Optimizer = optimizer, LearningRate = rate, L2 = 1e-4f, Seed = 4 }).Train(train, validation).ToList();
            Assert.Equal([1, 2, 3], records.Select(r => r.Epoch));
            Assert.True(records[2].Loss < records[0].Loss, $"{optimizer}: loss {records[0].Loss} -> {records[2].Loss}");
            Assert.True(records[2].ValidationAccuracy > 0.85, $"{optimizer}: validation accuracy {records[2].ValidationAccuracy}");
            Assert.Equal(3, network.EpochsTrained);
        }
    }

    [Fact]
    public void Evaluation_counts_agree_with_predictions()
    {
        var network = Network.Create(new NetworkOptions { Seed = 2 });
        foreach (var _ in new Trainer(network, new TrainingOptions { Epochs = 1, Seed = 2 }).Train(TestData.Train.Slice(0, 5000)))
        {
        }

        var data = TestData.Test.Slice(0, 500);
        var result = Evaluator.Evaluate(network, data);
        var probabilities = new float[10];
        var correct = Enumerable.Range(0, 500).Count(i => network.Predict(data.GetImage(i), probabilities) == data.GetLabel(i));
        Assert.Equal(correct, result.Correct);
        Assert.Equal(500, result.ConfusionMatrix.Sum(row => row.Sum()));
        var digit = result.PerDigit[3];
        Assert.Equal((double)result.GetCount(3, 3) / Enumerable.Range(0, 10).Sum(a => result.GetCount(a, 3)), digit.Precision, 12);
        Assert.Equal((double)result.GetCount(3, 3) / Enumerable.Range(0, 10).Sum(p => result.GetCount(3, p)), digit.Recall, 12);
        Assert.Equal(2 * digit.Precision * digit.Recall / (digit.Precision + digit.Recall), digit.F1, 12);
        Assert.Equal(500, result.PerDigit.Sum(d => d.Support));
    }

    private static (Network, List<EpochResult>) Run(MnistDataset data, int batch, int threads)
    {
        var network = Network.Create(new NetworkOptions { Seed = 7 });
        var records = new Trainer(network, new TrainingOptions { Epochs = 2, BatchSize = batch, Seed = 3, MaxThreads = threads, LearningRate = batch == 0 ? 0.5f : 0.1f }).Train(data).ToList();
        return (network, records);
    }

    private static int[] Shape(float[,] matrix) => [matrix.GetLength(0), matrix.GetLength(1)];

    internal sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
