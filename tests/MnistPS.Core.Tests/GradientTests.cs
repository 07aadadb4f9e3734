namespace MnistPS.Tests;

/// <summary>Back-propagation against central finite differences of the mean loss.</summary>
[Trait("Category", "Kernels")]
public class GradientTests
{
    [Theory]
    [InlineData(Activation.ReLU, 12, 7)]
    [InlineData(Activation.Sigmoid, 12, 7)]
    [InlineData(Activation.Tanh, 12, 7)]
    [InlineData(Activation.ReLU, 150, 90)] // wider than a block of columns (Kernels.ColumnBlock): the batch forms of the kernels
    public void Gradients_match_finite_differences(Activation activation, int first, int second)
    {
        var network = Network.Create(new NetworkOptions { HiddenSizes = [first, second], HiddenActivation = activation, Initialization = WeightInitialization.Xavier, Seed = 5 });
        var data = TestData.Test.Slice(0, 8);
        int[] indices = [0, 1, 2, 3, 4, 5, 6, 7];
        var trainer = new Trainer(network, new TrainingOptions { Seed = 1 });
        var (_, gradients) = trainer.Gradients(data, indices);
        var parameters = network.Layers.SelectMany(l => new[] { l.WeightMemory, l.BiasMemory }).ToArray();
        var random = new Random(11);
        var (checkedCount, kinks) = (0, 0);
        for (var t = 0; t < parameters.Length; t++)
        {
            // Every bias and output weight, and a seeded sample of the rest, in every layer.
            var sample = parameters[t].Length <= 200 ? Enumerable.Range(0, parameters[t].Length) : Enumerable.Range(0, 60).Select(_ => random.Next(parameters[t].Length));
            foreach (var i in sample)
            {
                var (numeric, kink) = FiniteDifference(trainer, data, indices, parameters[t], i);
                if (kink && activation == Activation.ReLU)
                {
                    kinks++;
                    continue;
                }

                var analytic = gradients[t][i];
                Assert.True(Math.Abs(numeric - analytic) <= (1e-2 * (Math.Abs(numeric) + Math.Abs(analytic))) + 3e-4,
                    $"tensor {t} ({(t % 2 == 0 ? "W" : "b")}{(t / 2) + 1}) [{i}]: back-propagation {analytic}, finite difference {numeric}");
                checkedCount++;
            }
        }

        Assert.True(checkedCount >= 300, $"checked {checkedCount}"); // includes the zero padding of each stored row, whose gradient must stay 0
        Assert.True(kinks <= checkedCount / 50, $"{kinks} entries at a ReLU kink against {checkedCount} checked");
    }

    [Fact]
    public void Bias_gradient_is_per_unit_not_one_number()
    {
        var network = Network.Create(new NetworkOptions { Seed = 3 });
        var trainer = new Trainer(network, new TrainingOptions { Seed = 1 });
        var (_, gradients) = trainer.Gradients(TestData.Test.Slice(0, 16), Enumerable.Range(0, 16).ToArray());
        var hidden = gradients[ParameterSlots.Bias(0)].AsSpan(0, 20).ToArray();
        var output = gradients[ParameterSlots.Bias(1)].AsSpan(0, 10).ToArray();
        Assert.True(hidden.Distinct().Count() > 5);
        Assert.True(output.Distinct().Count() > 5);
        Assert.Equal(0f, output.Sum(), 5); // softmax output gradients sum to zero per sample
        Assert.All(gradients[ParameterSlots.Bias(1)].AsSpan(10).ToArray(), g => Assert.Equal(0f, g)); // storage padding
    }

    /// <summary>
    /// (L(w + h) - L(w - h)) / 2h. The forward pass is float32, so L carries rounding of about 1e-7; with h = 1e-3 that
    /// puts up to ~1e-4 of noise on the quotient, hence the 3e-4 absolute term of the tolerance.
    /// </summary>
    private static (double Central, bool Kink) FiniteDifference(Trainer trainer, MnistDataset data, int[] indices, Memory<float> memory, int i)
    {
        const float h = 1e-3f;
        var tensor = memory.Span;
        var saved = tensor[i];
        var at = trainer.Gradients(data, indices).MeanLoss;
        tensor[i] = saved + h;
        var plus = trainer.Gradients(data, indices).MeanLoss;
        tensor[i] = saved - h;
        var minus = trainer.Gradients(data, indices).MeanLoss;
        tensor[i] = saved;

        // A ReLU whose input is within h of 0 bends the loss inside [w - h, w + h]: the two one-sided slopes then
        // differ by far more than rounding, and the central difference is not the derivative at w.
        var (right, left) = ((plus - at) / h, (at - minus) / h);
        return ((plus - minus) / (2 * (double)h), Math.Abs(right - left) > 2e-2 * (Math.Abs(right) + Math.Abs(left)) + 1e-3);
    }
}
