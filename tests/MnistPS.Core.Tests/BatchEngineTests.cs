namespace MnistPS.Tests;

/// <summary>The batch engine's ways of sharing work that must not change what it computes.</summary>
public class BatchEngineTests
{
    [Theory]
    [InlineData(OptimizerKind.Sgd)] // straight into the weights
    [InlineData(OptimizerKind.Momentum)] // into the gradient buffer, then stepped
    public void Where_the_update_cuts_the_first_layer_between_two_threads_changes_no_bit(OptimizerKind optimizer)
    {
        // The update phase moves its cut of the first layer's weight rows to where the two threads' times balance; each
        // weight's sum is the same wherever the cut is, so pinned cuts far apart must give the same weights.
        var data = TestData.Train.Slice(0, 640);
        float[][] Run(int cut)
        {
            var network = Network.Create(new NetworkOptions { HiddenSizes = [200], Seed = 4 });
            var options = new TrainingOptions { BatchSize = 64, Optimizer = optimizer, Seed = 6 };
            var engine = new BatchEngine(network, options, options.Seed!.Value, threads: 2);
            engine.PinFirstSplit(cut);
            using var workers = new WorkerThreads(2);
            var order = Enumerable.Range(0, data.Count).ToArray();
            for (var step = 0; step < data.Count / 64; step++)
            {
                engine.Run(data, new ArraySegment<int>(order, step * 64, 64), workers, epoch: 0, step, rate: 0.05f, apply: true);
            }

            return network.Layers.SelectMany(l => new[] { l.W.ToArray(), l.B.ToArray() }).ToArray();
        }

        var middle = Run(392);
        foreach (var cut in new[] { 2, 250, 408, 782 })
        {
            var other = Run(cut);
            for (var t = 0; t < middle.Length; t++)
            {
                Assert.Equal(middle[t], other[t]);
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchEngine(Network.Create(new NetworkOptions { Seed = 1 }), new TrainingOptions(), 1, 2).PinFirstSplit(393));
    }

    [Fact]
    public void No_weight_starts_at_minus_zero()
    {
        // The update by pairs of inputs leaves every weight as row-by-row sums would except one of -0 (see
        // Kernels.InputPairsOuterAdd); He's Gaussian gave one for this seed (a draw of exactly zero) before it was turned to +0.
        var network = Network.Create(new NetworkOptions { HiddenSizes = [800], Seed = 4299 });
        Assert.DoesNotContain(network.Layers[0].W.ToArray(), w => w == 0 && float.IsNegative(w));
    }
}
