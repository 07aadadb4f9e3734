namespace MnistPS.Tests;

/// <summary>The tutorial's quantities opened up: forward and backward passes, a learner's own update, the gradient check.</summary>
public class TutorialQuantitiesTests
{
    private static Network Trained(Activation activation = Activation.ReLU, params int[] hidden)
    {
        var network = Network.Create(new NetworkOptions { HiddenSizes = hidden.Length == 0 ? [20] : hidden, HiddenActivation = activation, Initialization = WeightInitialization.Xavier, Seed = 7 });
        foreach (var _ in new Trainer(network, new TrainingOptions { Epochs = 1, Seed = 7 }).Train(TestData.Train.Slice(0, 2000)))
        {
        }

        return network;
    }

    [Fact]
    public void Forward_pass_has_the_tutorials_shapes_and_agrees_with_prediction()
    {
        var network = Trained();
        var data = TestData.Test.Slice(0, 50);
        var pass = ForwardPass.Compute(network, data);
        Assert.Equal(["Z1", "A1", "Z2", "A2"], pass.Quantities.Select(q => q.Name));
        Assert.Equal(["20x50", "20x50", "10x50", "10x50"], pass.Quantities.Select(q => q.Shape));
        var z1 = pass["Z1"].Values;
        var a1 = pass["a1"].Values;
        var a2 = pass["A2"].Values;
        var probabilities = network.PredictProbabilities(data);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(1.0, Enumerable.Range(0, 10).Sum(d => (double)a2[d, i]), 5);
            for (var j = 0; j < 20; j++)
            {
                Assert.Equal(Math.Max(z1[j, i], 0f), a1[j, i]); // A1 = ReLU(Z1)
            }

            for (var d = 0; d < 10; d++)
            {
                Assert.Equal(probabilities[(i * 10) + d], a2[d, i]); // the prediction code itself
            }

            Assert.Equal(Numerics.Kernels.ArgMax(probabilities.AsSpan(i * 10, 10)), pass.Digits[i]);
        }

        Assert.Equal(Evaluator.Evaluate(network, data).Loss, pass.Loss!.Value, 6);
    }

    [Fact]
    public void Z1_is_W1_X_plus_B1()
    {
        var network = Trained();
        var data = TestData.Test.Slice(0, 5);
        var z1 = ForwardPass.Compute(network, data)["Z1"].Values;
        var (w1, b1) = (network.GetParameter("W1"), network.GetParameter("B1"));
        for (var i = 0; i < 5; i++)
        {
            var x = data.GetImage(i).ToArray();
            for (var j = 0; j < 20; j++)
            {
                var expected = b1[j, 0] + Enumerable.Range(0, 784).Sum(k => (double)w1[j, k] * x[k] / 255.0);
                Assert.Equal(expected, z1[j, i], 4);
            }
        }
    }

    [Theory]
    [InlineData(Activation.ReLU)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    public void Backward_pass_dW_is_dZ_times_A_transposed_over_m(Activation activation)
    {
        var network = Trained(activation, 16, 12);
        var data = TestData.Test.Slice(100, 40);
        var forward = ForwardPass.Compute(network, data);
        var backward = BackwardPass.Compute(network, data);
        Assert.Equal(["dZ3", "dW3", "dB3", "dZ2", "dW2", "dB2", "dZ1", "dW1", "dB1"], backward.Quantities.Select(q => q.Name));
        Assert.Equal(["10x40", "10x12", "10x1", "12x40", "12x16", "12x1", "16x40", "16x784", "16x1"], backward.Quantities.Select(q => q.Shape));
        for (var l = 1; l <= 3; l++)
        {
            var dz = backward[$"dZ{l}"].Values;
            var dw = backward[$"dW{l}"].Values;
            var db = backward[$"dB{l}"].Values;
            var below = l == 1 ? null : forward[$"A{l - 1}"].Values;
            for (var j = 0; j < dw.GetLength(0); j++)
            {
                Assert.Equal(Enumerable.Range(0, 40).Sum(i => (double)dz[j, i]) / 40, db[j, 0], 5);
                foreach (var k in new[] { 0, dw.GetLength(1) / 2, dw.GetLength(1) - 1, 300 % dw.GetLength(1) })
                {
                    var input = (int i) => below is null ? data.GetImage(i)[k] / 255.0 : below[k, i];
                    Assert.Equal(Enumerable.Range(0, 40).Sum(i => dz[j, i] * input(i)) / 40, dw[j, k], 5);
                }
            }
        }
    }

    [Fact]
    public void Subtracting_rate_times_the_gradient_is_the_trainers_full_batch_step()
    {
        var network = Trained();
        var data = TestData.Test.Slice(0, 200);
        const float rate = 0.5f;
        var gradients = BackwardPass.Compute(network, data);
        var byHand = network.Clone();
        foreach (var name in new[] { "W1", "B1", "W2", "B2" })
        {
            var p = byHand.GetParameter(name);
            var g = gradients[$"d{name}"].Values;
            for (var r = 0; r < p.GetLength(0); r++)
            {
                for (var c = 0; c < p.GetLength(1); c++)
                {
                    p[r, c] -= rate * g[r, c];
                }
            }

            byHand.SetParameter(name, p);
        }

        var trained = network.Clone();
        foreach (var _ in new Trainer(trained, new TrainingOptions { Epochs = 1, BatchSize = 0, Shuffle = false, LearningRate = rate, Seed = 1 }).Train(data))
        {
        }

        foreach (var name in new[] { "W1", "B1", "W2", "B2" })
        {
            var (expected, actual) = (trained.GetParameter(name), byHand.GetParameter(name));
            for (var r = 0; r < expected.GetLength(0); r++)
            {
                for (var c = 0; c < expected.GetLength(1); c++)
                {
                    Assert.True(Math.Abs(expected[r, c] - actual[r, c]) <= 1e-6 + (1e-6 * Math.Abs(expected[r, c])), $"{name}[{r},{c}]: trainer {expected[r, c]}, by hand {actual[r, c]}");
                }
            }
        }
    }

    [Fact]
    public void SetParameter_checks_the_shape_and_the_values_and_changes_nothing_when_refused()
    {
        var network = Network.Create(new NetworkOptions { Seed = 1 });
        var before = network.GetParameter("W1");
        var wrong = Assert.Throws<ArgumentException>(() => network.SetParameter("W1", new float[784, 20]));
        Assert.StartsWith("W1 is 20x784; the value given is 784x20.", wrong.Message);
        var nan = new float[20, 1];
        nan[3, 0] = float.NaN;
        Assert.StartsWith("B1[3,0] is NaN", Assert.Throws<ArgumentException>(() => network.SetParameter("b1", nan)).Message);
        Assert.Throws<ArgumentException>(() => network.SetParameter("W3", before));
        Assert.Equal(before, network.GetParameter("W1"));
        before[0, 0] = 1.5f;
        network.SetParameter("w1", before);
        Assert.Equal(1.5f, network.GetParameter("W1")[0, 0]);
        Assert.Equal(1.5f, network.Layers[0].GetWeight(0, 0));
    }

    [Theory]
    [InlineData(Activation.ReLU, new[] { 20 })]
    [InlineData(Activation.Sigmoid, new[] { 20 })]
    [InlineData(Activation.Tanh, new[] { 20 })]
    [InlineData(Activation.ReLU, new[] { 24, 12 })]
    [InlineData(Activation.Sigmoid, new[] { 24, 12 })]
    [InlineData(Activation.Tanh, new[] { 24, 12, 8 })]
    public void Gradient_check_passes_for_every_activation_and_depth(Activation activation, int[] hidden)
    {
        var results = GradientCheck.Run(Trained(activation, hidden), TestData.Test.Slice(0, 16), entries: 25, seed: 3);
        Assert.Equal(2 * (hidden.Length + 1), results.Count);
        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
        Assert.All(results, r => Assert.True(r.Checked is 25 || r.Shape.EndsWith("x1", StringComparison.Ordinal), r.ToString()));
    }

    [Fact]
    public void Gradient_check_fails_visibly_on_a_wrong_gradient()
    {
        var network = Trained();
        var data = TestData.Test.Slice(0, 16);

        // The tutorial lineage's known defect: the bias gradient summed over units and samples into one number.
        (double, float[][]) OneNumberBias(Network n, MnistDataset d)
        {
            var (loss, g) = BackwardPass.StoredGradients(n, d);
            var total = g[1].Sum();
            Array.Fill(g[1], total, 0, 20);
            return (loss, g);
        }

        var results = GradientCheck.Run(network, data, 20, 3, OneNumberBias);
        Assert.False(results.Single(r => r.Parameter == "B1").Passed);
        Assert.True(results.Single(r => r.Parameter == "B1").MaxRelativeError > 0.1);
        Assert.True(results.Single(r => r.Parameter == "W1").Passed);
    }
}
