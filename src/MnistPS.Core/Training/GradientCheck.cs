namespace MnistPS;

/// <summary>
/// A gradient check: for a seeded sample of each parameter's entries, the trainer's analytic gradient against central
/// finite differences (L(w + h) - L(w - h)) / 2h of the mean cross-entropy, computed in double precision by a
/// forward pass written apart from the engine's (<see cref="ReferenceLoss"/>).
/// </summary>
public static class GradientCheck
{
    /// <summary>The step h of the finite differences, on the double-precision weights.</summary>
    public const double Step = 1e-4;

    /// <summary>
    /// An entry passes when |analytic - numeric| / max(|analytic| + |numeric|, <see cref="Floor"/>) is at most this.
    /// The analytic gradient is float32 (about 7 digits); a wrong formula gives errors of 1e-2 and more.
    /// </summary>
    public const double Tolerance = 1e-3;

    /// <summary>Below this size a gradient is judged by its absolute error (float32 rounding of the sum dominates there).</summary>
    public const double Floor = 1e-5;

    /// <summary>The most samples a check takes (each checked entry runs two forward passes over all of them).</summary>
    public const int MaxSamples = 1000;

    /// <summary>Entries checked per parameter unless told otherwise.</summary>
    public const int DefaultEntries = 20;

    /// <summary>The most entries checked per parameter.</summary>
    public const int MaxEntries = 10_000;

    /// <summary>Checks <paramref name="entries"/> entries of every parameter (all of them when it has fewer).</summary>
    public static IReadOnlyList<GradientCheckResult> Run(Network network, MnistDataset data, int entries = DefaultEntries, int seed = 0) =>
        Run(network, data, entries, seed, BackwardPass.StoredGradients);

    /// <summary>Run, with the analytic gradients from <paramref name="analytic"/> (tests give a deliberately wrong one).</summary>
    internal static IReadOnlyList<GradientCheckResult> Run(Network network, MnistDataset data, int entries, int seed, Func<Network, MnistDataset, (double Loss, float[][] Gradients)> analytic)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (!data.HasLabels || data.Count is 0 or > MaxSamples)
        {
            throw new ArgumentException($"A gradient check needs 1 to {MaxSamples} labelled samples; got {data.Count}{(data.HasLabels ? string.Empty : " without labels")}. A handful (8 to 32) is usual.");
        }

        if (entries is < 1 or > MaxEntries)
        {
            throw new ArgumentException($"Check 1 to {MaxEntries} entries per parameter; got {entries}.", nameof(entries));
        }

        var (_, gradients) = analytic(network, data);
        var reference = new ReferenceLoss(network, data);
        var random = new Random(seed);
        var results = new List<GradientCheckResult>();
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            foreach (var (name, matrix, columns) in new[] { ($"W{l + 1}", layer.WeightMatrix(gradients[ParameterSlots.Weights(l)]), layer.InputSize), ($"B{l + 1}", layer.BiasMatrix(gradients[ParameterSlots.Bias(l)]), 1) })
            {
                var size = layer.OutputSize * columns;
                var picked = size <= entries ? Enumerable.Range(0, size) : Enumerable.Range(0, size).OrderBy(_ => random.Next()).Take(entries);
                double worst = 0, worstAbsolute = 0;
                var count = 0;
                foreach (var index in picked.Order())
                {
                    var (unit, input) = (index / columns, index % columns);
                    var numeric = reference.Derivative(l, name[0] == 'W', unit, input);
                    var a = (double)matrix[unit, input];
                    var error = Math.Abs(a - numeric);
                    worst = Math.Max(worst, error / Math.Max(Math.Abs(a) + Math.Abs(numeric), Floor));
                    worstAbsolute = Math.Max(worstAbsolute, error);
                    count++;
                }

                results.Add(new GradientCheckResult(name, $"{layer.OutputSize}x{columns}", count, worst, worstAbsolute));
            }
        }

        return results;
    }

    /// <summary>
    /// The mean cross-entropy in double precision, from a copy of the weights: z = W a + b, the activation, a
    /// max-shifted log-softmax. Written apart from the engine's float32 kernels, as the reference they are checked against.
    /// </summary>
    private sealed class ReferenceLoss
    {
        private readonly double[][,] _w;
        private readonly double[][] _b;
        private readonly Activation[] _activation;
        private readonly double[][] _inputs;
        private readonly int[] _labels;

        public ReferenceLoss(Network network, MnistDataset data)
        {
            var layers = network.Layers;
            _w = layers.Select(l => ToDouble(l.Weights)).ToArray();
            _b = layers.Select(l => Enumerable.Range(0, l.OutputSize).Select(j => (double)l.Biases[j, 0]).ToArray()).ToArray();
            _activation = layers.Select(l => l.Activation).ToArray();
            _inputs = Enumerable.Range(0, data.Count).Select(i => data.GetImage(i).ToArray().Select(p => p / 255.0).ToArray()).ToArray();
            _labels = Enumerable.Range(0, data.Count).Select(data.GetLabel).ToArray();
        }

        /// <summary>(L(w + h) - L(w - h)) / 2h for one weight (or bias) of layer <paramref name="layer"/>.</summary>
        public double Derivative(int layer, bool weight, int unit, int input)
        {
            ref var entry = ref weight ? ref _w[layer][unit, input] : ref _b[layer][unit];
            var saved = entry;
            entry = saved + Step;
            var plus = MeanLoss();
            entry = saved - Step;
            var minus = MeanLoss();
            entry = saved;
            return (plus - minus) / (2 * Step);
        }

        private double MeanLoss()
        {
            double total = 0;
            for (var i = 0; i < _inputs.Length; i++)
            {
                var a = _inputs[i];
                for (var l = 0; l < _w.Length; l++)
                {
                    var (w, b) = (_w[l], _b[l]);
                    var z = new double[b.Length];
                    for (var j = 0; j < z.Length; j++)
                    {
                        var sum = b[j];
                        for (var k = 0; k < a.Length; k++)
                        {
                            sum += w[j, k] * a[k];
                        }

                        z[j] = sum;
                    }

                    a = l == _w.Length - 1 ? z : z.Select(v => Activate(_activation[l], v)).ToArray();
                }

                var max = a.Max();
                var logSum = max + Math.Log(a.Sum(v => Math.Exp(v - max)));
                total += logSum - a[_labels[i]];
            }

            return total / _inputs.Length;
        }

        private static double Activate(Activation activation, double z) => activation switch
        {
            Activation.ReLU => Math.Max(z, 0),
            Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
            Activation.Tanh => Math.Tanh(z),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not a hidden-layer activation."),
        };

        private static double[,] ToDouble(float[,] values)
        {
            var copy = new double[values.GetLength(0), values.GetLength(1)];
            for (var r = 0; r < values.GetLength(0); r++)
            {
                for (var c = 0; c < values.GetLength(1); c++)
                {
                    copy[r, c] = values[r, c];
                }
            }

            return copy;
        }
    }
}

/// <summary>One parameter's gradient check: the largest errors among its checked entries, and whether they pass.</summary>
public sealed class GradientCheckResult
{
    internal GradientCheckResult(string parameter, string shape, int checkedEntries, double maxRelativeError, double maxAbsoluteError)
    {
        Parameter = parameter;
        Shape = shape;
        Checked = checkedEntries;
        MaxRelativeError = maxRelativeError;
        MaxAbsoluteError = maxAbsoluteError;
    }

    /// <summary>W1, B1, W2, ...</summary>
    public string Parameter { get; }

    /// <summary>The parameter's shape (e.g. 20x784).</summary>
    public string Shape { get; }

    /// <summary>Entries checked.</summary>
    public int Checked { get; }

    /// <summary>The largest |analytic - numeric| / max(|analytic| + |numeric|, Floor) among them.</summary>
    public double MaxRelativeError { get; }

    /// <summary>The largest |analytic - numeric| among them.</summary>
    public double MaxAbsoluteError { get; }

    /// <summary>The tolerance the relative error is held to (<see cref="GradientCheck.Tolerance"/>).</summary>
    public double Tolerance { get; } = GradientCheck.Tolerance;

    /// <summary>Whether every checked entry is within the tolerance.</summary>
    public bool Passed => MaxRelativeError <= Tolerance;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Parameter} {Shape}: {Checked} entries, max relative error {MaxRelativeError:0.00e+00}, {(Passed ? "passed" : "FAILED")}";
}
