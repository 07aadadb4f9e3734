using System.Diagnostics;
using MnistPS.Numerics;

namespace MnistPS;

/// <summary>
/// Trains a network in place by back-propagation and gradient descent on softmax cross-entropy.
/// Keeps the optimizer state and the shuffling sequence between calls, so training can go on where it stopped.
/// </summary>
public sealed class Trainer
{
    private readonly Network _network;
    private readonly TrainingOptions _options;
    private readonly Optimizer _optimizer;
    private readonly Random _random;
    private readonly float[][] _parameters;
    private readonly float[][] _gradients;
    private readonly bool[] _decay;
    private readonly int _threads;

    public Trainer(Network network, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _options = options;
        Seed = options.Seed ?? Random.Shared.Next();
        _random = new Random(Seed);
        _threads = options.MaxThreads > 0 ? options.MaxThreads : Environment.ProcessorCount;
        _parameters = network.Layers.SelectMany(l => new[] { l.W, l.B }).ToArray();
        _gradients = _parameters.Select(p => new float[p.Length]).ToArray();
        _decay = _parameters.Select((_, t) => t % 2 == 0).ToArray();
        _optimizer = new Optimizer(options, _parameters);
    }

    /// <summary>The shuffling seed in use.</summary>
    public int Seed { get; }

    /// <summary>
    /// Trains for <see cref="TrainingOptions.Epochs"/> epochs, yielding each epoch's result as soon as it ends.
    /// Cancellation is checked before every batch: it throws <see cref="OperationCanceledException"/> and leaves the
    /// network with the weights of the last completed batch. A non-finite loss throws
    /// <see cref="TrainingDivergedException"/> after restoring the weights from the start of that epoch.
    /// </summary>
    public IEnumerable<EpochResult> Train(MnistDataset training, MnistDataset? validation = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        CheckData(training, "training");
        if (validation is not null)
        {
            CheckData(validation, "validation");
        }

        if (_options.BatchSize > training.Count)
        {
            throw new ArgumentException($"BatchSize is {_options.BatchSize} but there are only {training.Count} training samples; give at most {training.Count}, or 0 for the full batch.", nameof(training));
        }

        return Run(training, validation, progress, cancellationToken);
    }

    private static void CheckData(MnistDataset data, string name)
    {
        if (data.Count == 0)
        {
            throw new ArgumentException($"The {name} data is empty.", name);
        }

        if (!data.HasLabels)
        {
            throw new ArgumentException($"The {name} data has no labels; training and validation need labelled samples.", name);
        }
    }

    private IEnumerable<EpochResult> Run(MnistDataset training, MnistDataset? validation, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var count = training.Count;
        var batchSize = _options.BatchSize == 0 ? count : _options.BatchSize;
        var batches = (count + batchSize - 1) / batchSize;
        var order = Enumerable.Range(0, count).ToArray();
        var workspace = new Workspace(_network, Math.Min(Workspace.ChunkRows, batchSize));
        var labels = new byte[workspace.Rows];
        var snapshot = _parameters.Select(p => new float[p.Length]).ToArray();
        var firstEpoch = _network.EpochsTrained + 1;
        var lastEpoch = _network.EpochsTrained + _options.Epochs;
        for (var epoch = firstEpoch; epoch <= lastEpoch; epoch++)
        {
            if (_options.Shuffle)
            {
                _random.Shuffle(order);
            }

            for (var t = 0; t < _parameters.Length; t++)
            {
                _parameters[t].CopyTo(snapshot[t], 0);
            }

            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long correct = 0;
            for (var b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = b * batchSize;
                var size = Math.Min(batchSize, count - start);
                var (batchLoss, batchCorrect) = Step(training, order.AsSpan(start, size), workspace, labels);
                if (!double.IsFinite(batchLoss))
                {
                    for (var t = 0; t < _parameters.Length; t++)
                    {
                        snapshot[t].CopyTo(_parameters[t], 0);
                    }

                    throw new TrainingDivergedException(epoch, b + 1, batchLoss, _options.LearningRate);
                }

                lossSum += batchLoss;
                correct += batchCorrect;
                progress?.Report(new TrainingProgress(epoch, firstEpoch, lastEpoch, b + 1, batches, lossSum / (start + size)));
            }

            clock.Stop();
            _network.EpochsTrained = epoch;
            double? validationLoss = null, validationAccuracy = null;
            if (validation is not null)
            {
                var evaluation = Evaluator.Evaluate(_network, validation, _options.MaxThreads, cancellationToken);
                validationLoss = evaluation.Loss;
                validationAccuracy = evaluation.Accuracy;
            }

            yield return new EpochResult(epoch, lastEpoch, lossSum / count, (double)correct / count, validationLoss, validationAccuracy, clock.Elapsed, count, _options.LearningRate, Seed);
        }
    }

    /// <summary>One gradient step on the samples <paramref name="indices"/>: returns the summed loss and the correct count, measured before the update.</summary>
    private (double Loss, int Correct) Step(MnistDataset data, ReadOnlySpan<int> indices, Workspace workspace, byte[] labels)
    {
        var result = ComputeGradients(data, indices, workspace, labels);
        _optimizer.Step(_parameters, _gradients, _decay);
        return result;
    }

    /// <summary>For tests: the mean loss over <paramref name="indices"/> and the gradients of the mean loss (W1, b1, W2, b2, ...), without updating.</summary>
    internal (double MeanLoss, float[][] Gradients) Gradients(MnistDataset data, int[] indices)
    {
        var workspace = new Workspace(_network, Math.Min(Workspace.ChunkRows, indices.Length));
        var (loss, _) = ComputeGradients(data, indices, workspace, new byte[workspace.Rows]);
        return (loss / indices.Length, _gradients.Select(g => (float[])g.Clone()).ToArray());
    }

    /// <summary>Forward and backward over the samples, chunk by chunk, leaving the gradient of the mean loss in _gradients.</summary>
    private (double Loss, int Correct) ComputeGradients(MnistDataset data, ReadOnlySpan<int> indices, Workspace workspace, byte[] labels)
    {
        var scale = 1f / indices.Length;
        double loss = 0;
        var correct = 0;
        for (var chunkStart = 0; chunkStart < indices.Length; chunkStart += workspace.Rows)
        {
            var rows = Math.Min(workspace.Rows, indices.Length - chunkStart);
            for (var i = 0; i < rows; i++)
            {
                var index = indices[chunkStart + i];
                Kernels.ScalePixels(data.GetImage(index), workspace.Input.AsSpan(i * Network.InputSize, Network.InputSize));
                labels[i] = (byte)data.GetLabel(index);
            }

            _network.Forward(workspace, rows, _threads, labels.AsSpan(0, rows), workspace.Losses);

            // Output gradient of mean cross-entropy through softmax: dZ = (p - onehot(y)) / batch.
            var output = workspace.Output;
            var gradient = workspace.Gradients[^1];
            for (var i = 0; i < rows; i++)
            {
                loss += workspace.Losses[i];
                var p = output.AsSpan(i * Network.OutputSize, Network.OutputSize);
                if (Kernels.ArgMax(p) == labels[i])
                {
                    correct++;
                }

                var g = gradient.AsSpan(i * Network.OutputSize, Network.OutputSize);
                for (var j = 0; j < Network.OutputSize; j++)
                {
                    g[j] = p[j] * scale;
                }

                g[labels[i]] -= scale;
            }

            Backward(workspace, rows, accumulate: chunkStart > 0);
        }

        return (loss, correct);
    }

    /// <summary>Back-propagates the output gradient: dW_l (+)= dZ_l^T A_(l-1), db_l (+)= sum_i dZ_l, dZ_(l-1) = (dZ_l W_l) * f'(A_(l-1)).</summary>
    private void Backward(Workspace workspace, int rows, bool accumulate)
    {
        var layers = _network.Layers;
        for (var l = layers.Count - 1; l >= 0; l--)
        {
            var layer = layers[l];
            var dz = workspace.Gradients[l];
            var below = l == 0 ? workspace.Input : workspace.Activations[l - 1];
            var dw = _gradients[2 * l];
            var db = _gradients[(2 * l) + 1];
            RowPartition.Run(layer.OutputSize, (long)rows * layer.InputSize, _threads, (start, end) =>
                Kernels.MultiplyTransposedA(dz.AsSpan(0, rows * layer.OutputSize), below.AsSpan(0, rows * layer.InputSize), dw, rows, layer.OutputSize, layer.InputSize, accumulate, start, end));

            if (!accumulate)
            {
                Array.Clear(db);
            }

            for (var i = 0; i < rows; i++)
            {
                Kernels.Add(db, dz.AsSpan(i * layer.OutputSize, layer.OutputSize));
            }

            if (l == 0)
            {
                continue;
            }

            var dBelow = workspace.Gradients[l - 1];
            var belowLayer = layers[l - 1];
            RowPartition.Run(rows, (long)layer.OutputSize * layer.InputSize, _threads, (start, end) =>
            {
                Kernels.Multiply(dz.AsSpan(0, rows * layer.OutputSize), layer.W, dBelow.AsSpan(0, rows * layer.InputSize), rows, layer.OutputSize, layer.InputSize, start, end);
                var slice = dBelow.AsSpan(start * layer.InputSize, (end - start) * layer.InputSize);
                Kernels.MultiplyByDerivative(belowLayer.Activation, below.AsSpan(start * layer.InputSize, (end - start) * layer.InputSize), slice);
            });
        }
    }
}
