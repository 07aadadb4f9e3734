using System.Diagnostics;
using MnistPS.Numerics;

namespace MnistPS;

/// <summary>
/// Trains a network in place by back-propagation and gradient descent on softmax cross-entropy.
/// Keeps the optimizer state and the shuffling sequence between calls, so training can go on where it stopped.
/// </summary>
/// <remarks>
/// A batch is split into at most <see cref="MaxSlots"/> contiguous slots of at least <see cref="SlotRows"/> rows,
/// chosen from the batch size alone. Each slot sums its gradient in row order, possibly on its own thread, and the
/// slots are added in slot order, so the result is bit-identical whatever the number of threads.
/// </remarks>
public sealed class Trainer
{
    private const int MaxSlots = 4;
    private const int SlotRows = 16;

    private readonly Network _network;
    private readonly TrainingOptions _options;
    private readonly Optimizer _optimizer;
    private readonly Random _random;
    private readonly float[][] _parameters;
    private readonly bool[] _decay;
    private readonly Slot[] _slots;
    private readonly int _threads;
    private long _step;
    private Batch _batch;
    private UpdateStep _update;
    private Action<int>? _runSlot;
    private Action<int>? _updatePart;

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
        _decay = _parameters.Select((_, t) => t % 2 == 0).ToArray();
        _slots = new Slot[MaxSlots];
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

        if (validation is null && _options.ValidationFraction > 0)
        {
            (training, validation) = Split(training, _options.ValidationFraction, Seed);
        }

        if (_options.BatchSize > training.Count)
        {
            throw new ArgumentException($"BatchSize is {_options.BatchSize} but there are only {training.Count} training samples; give at most {training.Count}, or 0 for the full batch.", nameof(training));
        }

        if (_options.Patience > 0 && validation is null)
        {
            throw new ArgumentException("Early stopping (Patience) needs validation data: give validation samples or a ValidationFraction.", nameof(validation));
        }

        return Run(training, validation, progress, cancellationToken);
    }

    /// <summary>For tests: the mean loss over <paramref name="indices"/> and the gradients of the mean loss (W1, b1, W2, b2, ... in storage order), without updating.</summary>
    internal (double MeanLoss, float[][] Gradients) Gradients(MnistDataset data, int[] indices)
    {
        using var workers = new SlotWorkers(1);
        var (loss, _, slots) = ComputeGradients(data, indices, workers, 0);
        var total = _slots[0].Gradients.Select(g => (float[])g.Clone()).ToArray();
        for (var s = 1; s < slots; s++)
        {
            for (var t = 0; t < total.Length; t++)
            {
                Kernels.Axpy(1f, _slots[s].Gradients[t], total[t]);
            }
        }

        return (loss / indices.Length, total);
    }

    /// <summary>The epoch whose weights the network ended with when early stopping was on, else null.</summary>
    public int? BestEpoch { get; private set; }

    /// <summary>Whether the last run stopped before its last epoch because the validation loss stopped improving.</summary>
    public bool StoppedEarly { get; private set; }

    /// <summary>A seeded split: <paramref name="fraction"/> of the samples (at least one) to validate on, the rest to train on.</summary>
    internal static (MnistDataset Training, MnistDataset Validation) Split(MnistDataset data, float fraction, int seed)
    {
        if (data.Count < 2)
        {
            throw new ArgumentException($"ValidationFraction needs at least 2 training samples to hold some out; there are {data.Count}.", nameof(data));
        }

        var held = (int)Math.Clamp(Math.Round(data.Count * (double)fraction), 1, data.Count - 1);
        var order = Enumerable.Range(0, data.Count).ToArray();
        new Random(seed).Shuffle(order);
        var validation = order[..held];
        var training = order[held..];
        Array.Sort(validation);
        Array.Sort(training);
        return (data.Select(training), data.Select(validation));
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
        var snapshot = _parameters.Select(p => new float[p.Length]).ToArray();
        var best = _options.Patience > 0 ? _parameters.Select(p => new float[p.Length]).ToArray() : null;
        var bestLoss = double.PositiveInfinity;
        var sinceBest = 0;
        var firstEpoch = _network.EpochsTrained + 1;
        var lastEpoch = _network.EpochsTrained + _options.Epochs;
        long runStep = 0;
        BestEpoch = null;
        StoppedEarly = false;
        using var workers = new SlotWorkers(Math.Min(_threads, MaxSlots));
        for (var epoch = firstEpoch; epoch <= lastEpoch; epoch++)
        {
            if (_options.Shuffle)
            {
                _random.Shuffle(order);
            }

            Copy(_parameters, snapshot);
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long correct = 0;
            var rate = _options.LearningRate;
            for (var b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = b * batchSize;
                var size = Math.Min(batchSize, count - start);
                var (batchLoss, batchCorrect, slots) = ComputeGradients(training, new ArraySegment<int>(order, start, size), workers, epoch);
                if (!double.IsFinite(batchLoss))
                {
                    Copy(snapshot, _parameters);
                    throw new TrainingDivergedException(epoch, b + 1, batchLoss, rate);
                }

                rate = _options.RateAt(runStep++, batches);
                Update(slots, rate, workers);
                _step++;
                lossSum += batchLoss;
                correct += batchCorrect;
                progress?.Report(new TrainingProgress(epoch, firstEpoch, lastEpoch, b + 1, batches, lossSum / (start + size)));
            }

            clock.Stop();
            _network.EpochsTrained = epoch;
            double? validationLoss = null, validationAccuracy = null;
            var improved = false;
            if (validation is not null)
            {
                var evaluation = Evaluator.Evaluate(_network, validation, _options.MaxThreads, cancellationToken);
                validationLoss = evaluation.Loss;
                validationAccuracy = evaluation.Accuracy;
                if (best is not null && evaluation.Loss < bestLoss)
                {
                    bestLoss = evaluation.Loss;
                    BestEpoch = epoch;
                    sinceBest = 0;
                    improved = true;
                    Copy(_parameters, best);
                }
                else
                {
                    sinceBest++;
                }
            }

            yield return new EpochResult(epoch, lastEpoch, lossSum / count, (double)correct / count, validationLoss, validationAccuracy, clock.Elapsed, count, rate, Seed, improved);
            if (best is not null && (sinceBest >= _options.Patience || epoch == lastEpoch))
            {
                StoppedEarly = epoch < lastEpoch;
                Copy(best, _parameters);
                _network.EpochsTrained = BestEpoch!.Value;
                yield break;
            }
        }
    }

    private static void Copy(float[][] from, float[][] to)
    {
        for (var t = 0; t < from.Length; t++)
        {
            from[t].CopyTo(to[t], 0);
        }
    }

    /// <summary>
    /// Forward and backward over the samples, slot by slot: the summed loss and correct count (both before any update)
    /// and how many slots hold a share of the gradient of the mean loss.
    /// </summary>
    private (double Loss, int Correct, int Slots) ComputeGradients(MnistDataset data, ArraySegment<int> indices, SlotWorkers workers, int epoch)
    {
        var slots = Math.Clamp(indices.Count / SlotRows, 1, MaxSlots);
        for (var s = 0; s < slots; s++)
        {
            _slots[s] ??= new Slot(_network);
        }

        _batch = new Batch(data, indices, slots, epoch);
        _runSlot ??= RunSlot;
        workers.Run(slots, _runSlot);

        double loss = 0;
        var correct = 0;
        for (var s = 0; s < slots; s++)
        {
            loss += _slots[s].Loss;
            correct += _slots[s].Correct;
        }

        return (loss, correct, slots);
    }

    /// <summary>Slot <paramref name="s"/> of the current batch: its contiguous share of the rows.</summary>
    private void RunSlot(int s)
    {
        var batch = _batch;
        var count = batch.Indices.Count;
        var start = (int)((long)count * s / batch.Slots);
        var end = (int)((long)count * (s + 1) / batch.Slots);
        _slots[s].Run(_network, batch.Data, batch.Indices.AsSpan(start, end - start), 1f / count, new Noise(_options, Seed, batch.Epoch, _step, start));
    }

    /// <summary>
    /// Adds the slots' gradients (in slot order) and applies the optimizer, both element-wise, with each worker taking
    /// its own range of every tensor: one pass over the parameters, on every core.
    /// </summary>
    private void Update(int slots, float rate, SlotWorkers workers)
    {
        _optimizer.BeginStep();
        _update = new UpdateStep(slots, rate, workers.Threads);
        _updatePart ??= UpdatePart;
        workers.Run(workers.Threads, _updatePart);
    }

    private void UpdatePart(int part)
    {
        var (slots, rate, parts) = _update;
        for (var t = 0; t < _parameters.Length; t++)
        {
            var length = _parameters[t].Length;
            var start = (int)((long)length * part / parts) & ~7;
            var end = part == parts - 1 ? length : (int)((long)length * (part + 1) / parts) & ~7;
            if (start >= end)
            {
                continue;
            }

            var total = _slots[0].Gradients[t];
            for (var s = 1; s < slots; s++)
            {
                Kernels.Axpy(1f, _slots[s].Gradients[t].AsSpan(start, end - start), total.AsSpan(start, end - start));
            }

            _optimizer.Update(t, _parameters[t], total, _decay[t], start, end, rate);
        }
    }

    /// <summary>The batch being computed, read by the slot workers (set before they start, so no lambda is allocated per batch).</summary>
    private readonly record struct Batch(MnistDataset Data, ArraySegment<int> Indices, int Slots, int Epoch);

    /// <summary>The update being applied, read by the workers.</summary>
    private readonly record struct UpdateStep(int Slots, float Rate, int Parts);

    /// <summary>One share of a batch: its workspace, its gradient sums, its loss and correct count.</summary>
    private sealed class Slot
    {
        private readonly Workspace _workspace;

        public Slot(Network network)
        {
            _workspace = new Workspace(network, Workspace.ChunkRows);
            Gradients = network.Layers.SelectMany(l => new[] { new float[l.W.Length], new float[l.B.Length] }).ToArray();
        }

        /// <summary>dW1, db1, dW2, db2, ... of the mean loss, summed over this slot's rows.</summary>
        public float[][] Gradients { get; }

        public double Loss { get; private set; }

        public int Correct { get; private set; }

        public void Run(Network network, MnistDataset data, ReadOnlySpan<int> indices, float scale, Noise noise)
        {
            foreach (var gradient in Gradients)
            {
                Array.Clear(gradient);
            }

            Loss = 0;
            Correct = 0;
            var workspace = _workspace;
            for (var chunkStart = 0; chunkStart < indices.Length; chunkStart += workspace.Rows)
            {
                var rows = Math.Min(workspace.Rows, indices.Length - chunkStart);
                for (var i = 0; i < rows; i++)
                {
                    var index = indices[chunkStart + i];
                    noise.Image(data.GetImage(index), workspace.Pixels.AsSpan(i * Network.InputSize, Network.InputSize), index);
                    workspace.Labels[i] = (byte)data.GetLabel(index);
                }

                if (noise.Dropout)
                {
                    noise.Masks(workspace, network, rows, chunkStart);
                }

                network.Forward(workspace, workspace.Pixels.AsSpan(0, rows * Network.InputSize), rows, workspace.Labels.AsSpan(0, rows), workspace.Losses, noise.Dropout);
                OutputGradient(workspace, rows, scale);
                Backward(network, workspace, rows, noise.Dropout);
            }
        }

        /// <summary>Gradient of the mean cross-entropy through softmax: dz = (p - onehot(y)) / batch; also sums loss and hits.</summary>
        private void OutputGradient(Workspace workspace, int rows, float scale)
        {
            var stride = workspace.OutputStride;
            for (var i = 0; i < rows; i++)
            {
                Loss += workspace.Losses[i];
                var p = workspace.Output.AsSpan(i * stride, Network.OutputSize);
                var label = workspace.Labels[i];
                if (Kernels.ArgMax(p) == label)
                {
                    Correct++;
                }

                var g = workspace.Gradients[^1].AsSpan(i * stride, stride);
                g.Clear();
                for (var j = 0; j < Network.OutputSize; j++)
                {
                    g[j] = p[j] * scale;
                }

                g[label] -= scale;
            }
        }

        /// <summary>dW_l += a_(l-1) dz_l^T, db_l += dz_l, then dz_(l-1) = (W_l dz_l) * f'(a_(l-1)), row by row.</summary>
        private void Backward(Network network, Workspace workspace, int rows, bool dropout)
        {
            var layers = network.Layers;
            for (var l = layers.Count - 1; l >= 0; l--)
            {
                var layer = layers[l];
                var stride = layer.Stride;
                var inputs = layer.InputSize;
                var dz = workspace.Gradients[l];
                var dw = Gradients[2 * l];
                var db = Gradients[(2 * l) + 1];
                for (var i = 0; i < rows; i++)
                {
                    var count = workspace.Count[l][i];
                    var dzi = dz.AsSpan(i * stride, stride);
                    Kernels.SparseOuterAddTrusted(workspace.Index[l].AsSpan(i * inputs, count), workspace.Value[l].AsSpan(i * inputs, count), dzi, dw);
                    Kernels.Axpy(1f, dzi, db);
                }

                if (l == 0)
                {
                    break;
                }

                var below = layers[l - 1];
                var belowStride = below.Stride;
                var activations = workspace.Activations[l - 1];
                for (var i = 0; i < rows; i++)
                {
                    var dzi = dz.AsSpan(i * stride, stride);
                    var target = workspace.Gradients[l - 1].AsSpan(i * belowStride, belowStride);
                    target.Clear();
                    var keep = dropout ? workspace.Keep![l - 1].AsSpan(i * belowStride, belowStride) : default;
                    if (below.Activation == Activation.ReLU)
                    {
                        // ReLU passes gradient only where its output is positive: exactly this layer's non-zero inputs
                        // (a dropped unit's output is zero too).
                        var count = workspace.Count[l][i];
                        var index = workspace.Index[l].AsSpan(i * inputs, count);
                        Kernels.GatherDots(index, dzi, layer.W, workspace.Scratch);
                        for (var t = 0; t < count; t++)
                        {
                            target[index[t]] = dropout ? workspace.Scratch[t] * keep[index[t]] : workspace.Scratch[t];
                        }
                    }
                    else
                    {
                        // With dropout the stored output is f(z) * keep; the derivative is taken at f(z) and scaled by keep.
                        var a = activations.AsSpan(i * belowStride, inputs);
                        for (var j = 0; j < inputs; j++)
                        {
                            var k = dropout ? keep[j] : 1f;
                            target[j] = k == 0f ? 0f : Kernels.Dot(dzi, layer.W.AsSpan(j * stride, stride)) * Kernels.Derivative(below.Activation, a[j] / k) * k;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The randomness of one slot of one step: augmentation of each image (keyed by seed, epoch and sample index) and
    /// dropout masks (keyed by seed, step and row of the batch). Pure functions of their keys, so every thread count
    /// draws the same.
    /// </summary>
    private readonly struct Noise(TrainingOptions options, int seed, int epoch, long step, int firstRow)
    {
        public bool Dropout => options.Dropout > 0;

        private bool Augments => options.MaxShift > 0 || options.MaxRotation > 0;

        /// <summary>The training image, moved and turned at random when augmentation is on.</summary>
        public void Image(ReadOnlySpan<byte> source, Span<byte> destination, int sampleIndex)
        {
            if (!Augments)
            {
                source.CopyTo(destination);
                return;
            }

            var state = Augmentation.Hash(seed, epoch, sampleIndex) | 1;
            var span = (2 * options.MaxShift) + 1;
            var dx = (int)(Augmentation.Next(ref state) % (ulong)span) - options.MaxShift;
            var dy = (int)(Augmentation.Next(ref state) % (ulong)span) - options.MaxShift;
            var degrees = options.MaxRotation > 0 ? ((Augmentation.Next(ref state) >> 11) * (1.0 / (1UL << 53)) * 2 - 1) * options.MaxRotation : 0;
            Augmentation.Transform(source, destination, dx, dy, degrees);
        }

        /// <summary>Fills the keep masks of the hidden layers for rows [0, rows) of the chunk starting at <paramref name="chunkStart"/>.</summary>
        public void Masks(Workspace workspace, Network network, int rows, int chunkStart)
        {
            var keep = workspace.EnsureKeep();
            var scale = 1f / (1f - options.Dropout);
            var threshold = (ulong)(options.Dropout * (double)ulong.MaxValue);
            for (var l = 0; l < network.Layers.Count - 1; l++)
            {
                var stride = network.Layers[l].Stride;
                for (var i = 0; i < rows; i++)
                {
                    var state = Augmentation.Hash(seed, step, ((firstRow + chunkStart + i) * 64L) + l) | 1;
                    var row = keep[l].AsSpan(i * stride, stride);
                    for (var j = 0; j < stride; j++)
                    {
                        row[j] = Augmentation.Next(ref state) < threshold ? 0f : scale;
                    }
                }
            }
        }
    }
}
