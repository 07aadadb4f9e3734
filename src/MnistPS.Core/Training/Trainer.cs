using System.Diagnostics;
using System.Runtime.CompilerServices;
using MnistPS.Numerics;

namespace MnistPS;

/// <summary>
/// Trains a network in place by back-propagation and gradient descent on softmax cross-entropy.
/// Keeps the optimizer state and the shuffling sequence between calls, so training can go on where it stopped.
/// </summary>
/// <remarks>
/// The images are compressed to their non-zero pixels once per run (<see cref="SparseImages"/>), or per batch when
/// augmenting or when there are too many. A batch is processed in chunks of up to <see cref="Workspace.ChunkRows"/>
/// rows, each in three phases spread over the cores. The first layer's weights are split into two blocks of input rows
/// (the halves of the image), each owned by one thread for the whole run, so the largest matrix stays in that core's
/// cache instead of moving between cores every batch (a thread the machine has not scheduled in time has its parts
/// taken over, see <see cref="WorkerThreads"/>). Inputs: each thread computes its blocks' part of z1 for every
/// row. Rows: each thread takes a contiguous share of the rows, adds the parts of z1 in block order and runs the rest
/// of the network forward and back, keeping each layer's dz. Update: each thread adds a dz^T of the chunk's rows, in
/// batch order, to its first-layer blocks and to its ranges of the other layers' weight rows. Every sum therefore runs
/// in the same order whatever the number of threads, and results are bit-identical for any thread count. Plain SGD
/// whose batch fits in one chunk adds -rate a dz^T / batch straight into the weights; otherwise the gradient is summed
/// into a buffer and the optimizer steps after the batch's last chunk. The phases and every kernel they run per row
/// are compiled optimised on first use (AggressiveOptimization). Left to tiered compilation, the first epoch of a run
/// spent most of its time in unoptimised code (450 ms against 45 for the next ones), and in PowerShell, where tier-up
/// waits for the host to stop compiling code of its own, the first four epochs did (0.4 s each against 0.05).
/// </remarks>
public sealed class Trainer
{
    /// <summary>Most threads used: beyond this the three synchronisations per chunk cost more than the rows they share.</summary>
    private const int ThreadLimit = 8;

    /// <summary>Fewest rows a thread is given in the rows phase.</summary>
    private const int MinRowsPerThread = 8;

    /// <summary>
    /// Where each block of first-layer input rows (pixels) starts, then the pixel count: two halves of the image. Fixed,
    /// so that z1 sums its parts in the same order for every thread count.
    /// </summary>
    private static ReadOnlySpan<int> BlockStarts => [0, Network.InputSize / 2, Network.InputSize];

    /// <summary>Blocks of first-layer input rows.</summary>
    private const int InputBlocks = 2;

    /// <summary>How many rows ahead the inputs phase asks for images to be loaded.</summary>
    private const int PrefetchRows = 4;

    private readonly Network _network;
    private readonly TrainingOptions _options;
    private readonly Optimizer _optimizer;
    private readonly Random _random;
    private readonly Memory<float>[] _parameters;
    private readonly bool[] _decay;
    private readonly Workspace _workspace;
    private readonly int _threads;
    private readonly float[][] _scratch;
    private readonly int[] _correct;
    private readonly float[][] _partials;
    /// <summary>Per chunk row and first-layer block: where the block's non-zero pixels start in the workspace, and how many.</summary>
    private readonly int[] _blockStart;
    private readonly int[] _blockLength;
    private readonly float[] _noBias;

    /// <summary>The chunk's images moved and turned at random, one per row; allocated when a run first augments.</summary>
    private byte[]? _augmented;
    private Memory<float>[]? _gradients;
    private SparseImages? _images;
    /// <summary>The dataset the cache of compressed images was built or refused for: decided once, not per batch.</summary>
    private MnistDataset? _imagesOf;
    private long _step;
    private Chunk _chunk;
    private readonly Action<int> _preparePart;
    private readonly Action<int> _inputPart;
    private readonly Action<int> _rowPart;
    private readonly Action<int> _updatePart;

    public Trainer(Network network, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _options = options;
        Seed = options.Seed ?? Random.Shared.Next();
        _random = new Random(Seed);
        _threads = Math.Clamp(options.MaxThreads > 0 ? options.MaxThreads : Environment.ProcessorCount, 1, ThreadLimit);
        _parameters = network.Layers.SelectMany(l => new[] { l.WeightMemory, l.BiasMemory }).ToArray();
        _decay = _parameters.Select((_, t) => t % 2 == 0).ToArray();
        _optimizer = new Optimizer(options, _parameters.Select(p => p.Length).ToArray());
        _workspace = new Workspace(network, Workspace.ChunkRows);
        _scratch = Enumerable.Range(0, _threads).Select(_ => new float[network.Layers.Max(l => l.InputSize)]).ToArray();
        _correct = new int[_threads];
        var firstStride = network.Layers[0].Stride;
        _partials = Enumerable.Range(0, InputBlocks).Select(_ => new float[Workspace.ChunkRows * firstStride]).ToArray();
        _blockStart = new int[Workspace.ChunkRows * InputBlocks];
        _blockLength = new int[Workspace.ChunkRows * InputBlocks];
        _noBias = new float[firstStride];

        // The phases as delegates made once, so that handing work to the threads allocates nothing per batch.
        _preparePart = PreparePart;
        _inputPart = InputPart;
        _rowPart = RowPart;
        _updatePart = UpdatePart;
    }

    /// <summary>
    /// Most non-zero pixels cached compressed for a run: 4 bytes each, 128 MiB by default (about 200,000 MNIST images).
    /// Beyond that each batch compresses its images as it goes; the results are the same either way.
    /// </summary>
    internal long MaxCachedPixels { get; init; } = 32L << 20;

    /// <summary>
    /// How many times the whole training set was scanned to build (or refuse) the cache of compressed images: once per
    /// dataset trained on, whether the cache is kept or refused, so an epoch's cost grows linearly with the data.
    /// </summary>
    internal int ImageScans { get; private set; }

    /// <summary>The shuffling seed in use.</summary>
    public int Seed { get; }

    /// <summary>Receives a warning, at most once per run, as soon as the loss explodes while staying finite.</summary>
    public IProgress<TrainingWarning>? Warnings { get; init; }

    /// <summary>What the last run did, once it is over (it ends however it ends); the network keeps it too.</summary>
    public TrainingRun? LastRun { get; private set; }

    /// <summary>
    /// Trains for <see cref="TrainingOptions.Epochs"/> epochs, yielding each epoch's result as soon as it ends.
    /// Cancellation is checked before every batch: it throws <see cref="OperationCanceledException"/> and leaves the
    /// network with the weights of the last completed batch. A non-finite loss throws
    /// <see cref="TrainingDivergedException"/> after restoring the weights from the start of that epoch. However the
    /// run ends, its <see cref="TrainingRun"/> is then in <see cref="LastRun"/> and in the network's TrainingRuns.
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
        using var workers = new WorkerThreads(1);
        var (loss, _) = Step(data, indices, workers, 0, 0f, apply: false);
        return (loss / indices.Length, _gradients!.Select(g => g.ToArray()).ToArray());
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
        LastRun = null;
        var recorder = new RunRecorder(_options with { Seed = Seed }, training, validation, firstEpoch);
        var watch = new LossWatch(_options, batchSize, _network);
        using var workers = new WorkerThreads(_threads);
        try
        {
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
                    rate = _options.RateAt(runStep++, batches);
                    var (batchLoss, batchCorrect) = Step(training, new ArraySegment<int>(order, start, size), workers, epoch, rate, apply: true);
                    if (!double.IsFinite(batchLoss))
                    {
                        Copy(snapshot, _parameters);
                        recorder.Outcome = TrainingOutcome.Diverged;
                        throw new TrainingDivergedException(epoch, b + 1, batchLoss, rate);
                    }

                    if (watch.Observe(batchLoss / size, size, epoch, b + 1) is { } warning)
                    {
                        Warnings?.Report(warning);
                    }

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

                var result = new EpochResult(epoch, lastEpoch, lossSum / count, (double)correct / count, validationLoss, validationAccuracy, clock.Elapsed, count, rate, Seed, improved);
                recorder.Add(result);
                yield return result;
                if (best is not null && (sinceBest >= _options.Patience || epoch == lastEpoch))
                {
                    StoppedEarly = epoch < lastEpoch;
                    Copy(best, _parameters);
                    _network.EpochsTrained = BestEpoch!.Value;
                    recorder.Outcome = StoppedEarly ? TrainingOutcome.StoppedEarly : TrainingOutcome.Completed;
                    yield break;
                }
            }

            recorder.Outcome = TrainingOutcome.Completed;
        }
        finally
        {
            LastRun = recorder.Finish(_network.EpochsTrained);
            _network.Record(LastRun);
        }
    }

    private static void Copy(Memory<float>[] from, float[][] to)
    {
        for (var t = 0; t < from.Length; t++)
        {
            from[t].Span.CopyTo(to[t]);
        }
    }

    private static void Copy(float[][] from, Memory<float>[] to)
    {
        for (var t = 0; t < from.Length; t++)
        {
            from[t].CopyTo(to[t].Span);
        }
    }

    /// <summary>
    /// One batch, chunk by chunk: the inputs and rows phases, then the update phase, which with <paramref name="apply"/>
    /// false only sums the gradient of the mean loss into <see cref="_gradients"/>. Returns the summed loss and the count
    /// of correct predictions, both before any update; a non-finite loss returns before the weights are touched.
    /// </summary>
    private (double Loss, int Correct) Step(MnistDataset data, ArraySegment<int> indices, WorkerThreads workers, int epoch, float rate, bool apply)
    {
        var count = indices.Count;
        var direct = apply && _options.Optimizer == OptimizerKind.Sgd && _options.L2 == 0 && count <= _workspace.Rows;
        if (!direct)
        {
            _gradients ??= _parameters.Select(p => (Memory<float>)AlignedBuffer.Allocate(p.Length)).ToArray();
        }

        if (_options.Dropout > 0)
        {
            _workspace.EnsureKeep();
        }

        var augments = _options.Augments;
        if (augments)
        {
            _augmented ??= new byte[_workspace.Rows * Network.InputSize];
        }

        if (!augments && _imagesOf != data)
        {
            _imagesOf = data;
            _images = SparseImages.Create(data, BlockStarts.ToArray(), MaxCachedPixels);
            ImageScans++;
        }

        var cached = !augments && _images is not null;
        double loss = 0;
        var correct = 0;
        for (var first = 0; first < count; first += _workspace.Rows)
        {
            var rows = Math.Min(_workspace.Rows, count - first);
            var parts = Math.Clamp(rows / MinRowsPerThread, 1, workers.Threads);
            var last = first + rows == count;
            _chunk = new Chunk(data, indices.Slice(first, rows), first, epoch, direct ? -rate / count : 1f / count, parts, workers.Threads, cached, direct, first == 0 && !direct, last && apply && !direct, rate);
            if (!cached)
            {
                workers.Run(parts, _preparePart);
            }

            workers.Run(workers.Threads, _inputPart);
            workers.Run(parts, _rowPart);
            for (var i = 0; i < rows; i++)
            {
                loss += _workspace.Losses[i];
            }

            for (var p = 0; p < parts; p++)
            {
                correct += _correct[p];
            }

            if (!double.IsFinite(loss))
            {
                return (loss, correct);
            }

            if (_chunk.Step)
            {
                _optimizer.BeginStep();
            }

            workers.Run(workers.Threads, _updatePart);
        }

        return (loss, correct);
    }

    /// <summary>
    /// When the images are not cached compressed (augmentation, or too much data), share <paramref name="part"/> of
    /// the rows: each image, moved and turned at random when augmenting, compressed into its workspace row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PreparePart(int part)
    {
        var chunk = _chunk;
        var (start, end) = Share(chunk.Indices.Count, part, chunk.Parts);
        var noise = new Noise(_options, Seed, chunk.Epoch, _step);
        for (var i = start; i < end; i++)
        {
            var sample = chunk.Indices[i];
            var pixels = chunk.Data.GetImage(sample);
            if (noise.Augments)
            {
                var moved = _augmented.AsSpan(i * Network.InputSize, Network.InputSize);
                noise.Augment(pixels, moved, sample);
                pixels = moved;
            }

            var index = _workspace.Index[0].AsSpan(i * Network.InputSize, Network.InputSize);
            var count = Kernels.CompressPixels(pixels, 1f / 255f, index, _workspace.Value[0].AsSpan(i * Network.InputSize, Network.InputSize));
            var from = 0;
            for (var block = 0; block < InputBlocks; block++)
            {
                var to = block == InputBlocks - 1 ? count : SparseImages.Position(index[..count], BlockStarts[block + 1]);
                _blockStart[(i * InputBlocks) + block] = (i * Network.InputSize) + from;
                _blockLength[(i * InputBlocks) + block] = to - from;
                from = to;
            }
        }
    }

    /// <summary>
    /// From the cache of compressed images: block <paramref name="block"/> of chunk row <paramref name="row"/>, unpacked
    /// into the workspace at the block's first pixel (a block holds at most its width in non-zero pixels).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Unpack(int row, int block)
    {
        var packed = _images!.Get(_chunk.Indices[row], block);
        var start = (row * Network.InputSize) + BlockStarts[block];
        Kernels.UnpackPixels(packed, 1f / 255f, _workspace.Index[0].AsSpan(start, packed.Length), _workspace.Value[0].AsSpan(start, packed.Length));
        _blockStart[(row * InputBlocks) + block] = start;
        _blockLength[(row * InputBlocks) + block] = packed.Length;
    }

    /// <summary>The non-zero pixels of chunk row <paramref name="row"/> in block <paramref name="block"/>, in the workspace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void FirstLayerInput(int row, int block, out ReadOnlySpan<int> index, out ReadOnlySpan<float> value)
    {
        var at = (row * InputBlocks) + block;
        index = _workspace.Index[0].AsSpan(_blockStart[at], _blockLength[at]);
        value = _workspace.Value[0].AsSpan(_blockStart[at], _blockLength[at]);
    }

    /// <summary>Inputs phase, part <paramref name="part"/>: for its first-layer blocks, every row's share of W1^T a (block 0 adds b1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void InputPart(int part)
    {
        var chunk = _chunk;
        var layer = _network.Layers[0];
        var stride = layer.Stride;
        var rows = chunk.Indices.Count;
        var (firstBlock, endBlock) = Share(InputBlocks, part, chunk.UpdateParts);
        for (var block = firstBlock; block < endBlock; block++)
        {
            var weights = layer.W;
            ReadOnlySpan<float> bias = block == 0 ? layer.B : _noBias;
            var partial = _partials[block];
            // The compressed images are read in shuffled order: ask for the first rows at once, then each row a few rows ahead.
            var prefetch = chunk.Cached ? rows : 0;
            for (var i = 0; i < Math.Min(PrefetchRows, prefetch); i++)
            {
                _images!.Prefetch(chunk.Indices[i], block);
            }

            for (var i = 0; i < rows; i++)
            {
                if (i + PrefetchRows < prefetch)
                {
                    _images!.Prefetch(chunk.Indices[i + PrefetchRows], block);
                }

                if (chunk.Cached)
                {
                    Unpack(i, block);
                }

                FirstLayerInput(i, block, out var index, out var value);
                Kernels.SparseAffineTrusted(index, value, weights, bias, partial.AsSpan(i * stride, stride));
            }
        }
    }

    /// <summary>Rows phase, share <paramref name="part"/> of the rows: z1 from its parts, the rest of the forward pass, the output gradient and back-propagation of dz.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RowPart(int part)
    {
        var chunk = _chunk;
        var (start, end) = Share(chunk.Indices.Count, part, chunk.Parts);
        var noise = new Noise(_options, Seed, chunk.Epoch, _step);
        var workspace = _workspace;
        var stride = _network.Layers[0].Stride;
        var correct = 0;
        for (var i = start; i < end; i++)
        {
            var z = workspace.Activations[0].AsSpan(i * stride, stride);
            _partials[0].AsSpan(i * stride, stride).CopyTo(z);
            for (var block = 1; block < InputBlocks; block++)
            {
                Kernels.Axpy(1f, _partials[block].AsSpan(i * stride, stride), z);
            }

            if (noise.Dropout)
            {
                noise.Masks(workspace, _network, i, chunk.FirstRow + i);
            }

            var label = chunk.Data.GetLabel(chunk.Indices[i]);
            _network.ForwardFrom(workspace, i, label, noise.Dropout);
            if (OutputGradient(workspace, i, label, chunk.Scale))
            {
                correct++;
            }

            Backward(workspace, i, noise.Dropout, _scratch[part]);
        }

        _correct[part] = correct;
    }

    /// <summary>The contiguous share [start, end) of <paramref name="count"/> items that part <paramref name="part"/> of <paramref name="parts"/> takes.</summary>
    private static (int Start, int End) Share(int count, int part, int parts) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    /// <summary>dz = (p - onehot(label)) * scale for the output layer of one row; returns whether the prediction was right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool OutputGradient(Workspace workspace, int row, int label, float scale)
    {
        // The padding after the ten probabilities holds zeros (zero weights and biases there), so whole rows can be scaled.
        var stride = workspace.OutputStride;
        var p = workspace.Output.AsSpan(row * stride, stride);
        var g = workspace.Gradients[^1].AsSpan(row * stride, stride);
        g.Clear();
        Kernels.Axpy(scale, p, g);
        g[label] -= scale;
        return Kernels.ArgMax(p[..Network.OutputSize]) == label;
    }

    /// <summary>dz_(l-1) = (W_l dz_l) * f'(a_(l-1)) for one row, from the output layer down.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Backward(Workspace workspace, int row, bool dropout, float[] scratch)
    {
        var layers = _network.Layers;
        for (var l = layers.Count - 1; l >= 1; l--)
        {
            var layer = layers[l];
            var below = layers[l - 1];
            var stride = layer.Stride;
            var belowStride = below.Stride;
            var inputs = layer.InputSize;
            var dz = workspace.Gradients[l].AsSpan(row * stride, stride);
            var target = workspace.Gradients[l - 1].AsSpan(row * belowStride, belowStride);
            target.Clear();
            var keep = dropout ? workspace.Keep![l - 1].AsSpan(row * belowStride, belowStride) : default;
            if (below.Activation == Activation.ReLU)
            {
                // ReLU passes gradient only where its output is positive: exactly this layer's non-zero inputs
                // (a dropped unit's output is zero too).
                var index = workspace.Index[l].AsSpan(row * inputs, workspace.Count[l][row]);
                Kernels.GatherDots(index, dz, layer.W, scratch);
                for (var t = 0; t < index.Length; t++)
                {
                    target[index[t]] = dropout ? scratch[t] * keep[index[t]] : scratch[t];
                }
            }
            else
            {
                // With dropout the stored output is f(z) * keep; the derivative is taken at f(z) and scaled by keep.
                var a = workspace.Activations[l - 1].AsSpan(row * belowStride, inputs);
                var weights = layer.W;
                for (var j = 0; j < inputs; j++)
                {
                    var k = dropout ? keep[j] : 1f;
                    target[j] = k == 0f ? 0f : Kernels.Dot(dz, weights.Slice(j * stride, stride)) * Kernels.Derivative(below.Activation, a[j] / k) * k;
                }
            }
        }
    }

    /// <summary>
    /// Update phase, part <paramref name="part"/>: its first-layer blocks, and its range [from, to) of every other
    /// layer's weight rows (inputs from..to-1), take a dz^T of each of the chunk's rows in order; the last part takes
    /// the biases' sum of dz. Into the weights themselves (direct SGD) or into the gradient buffer, which the optimizer
    /// then applies to the same ranges.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdatePart(int part)
    {
        var chunk = _chunk;
        var parts = chunk.UpdateParts;
        var rows = chunk.Indices.Count;
        var workspace = _workspace;
        var layers = _network.Layers;
        var firstStride = layers[0].Stride;
        var (firstBlock, endBlock) = Share(InputBlocks, part, parts);
        for (var block = firstBlock; block < endBlock; block++)
        {
            var target = Target(0, BlockStarts[block] * firstStride, BlockStarts[block + 1] * firstStride);
            for (var i = 0; i < rows; i++)
            {
                FirstLayerInput(i, block, out var index, out var value);
                Kernels.SparseOuterAddTrusted(index, value, workspace.Gradients[0].AsSpan(i * firstStride, firstStride), target);
            }

            Finish(0, BlockStarts[block] * firstStride, BlockStarts[block + 1] * firstStride);
        }

        for (var l = 1; l < layers.Count; l++)
        {
            var stride = layers[l].Stride;
            var inputs = layers[l].InputSize;
            var (from, to) = Share(inputs, part, parts);
            var target = Target(2 * l, from * stride, to * stride);
            for (var i = 0; i < rows; i++)
            {
                var index = workspace.Index[l].AsSpan(i * inputs, workspace.Count[l][i]);
                var start = from == 0 ? 0 : SparseImages.Position(index, from);
                var end = to == inputs ? index.Length : SparseImages.Position(index, to);
                Kernels.SparseOuterAddTrusted(index[start..end], workspace.Value[l].AsSpan((i * inputs) + start, end - start), workspace.Gradients[l].AsSpan(i * stride, stride), target);
            }

            Finish(2 * l, from * stride, to * stride);
        }

        if (part == parts - 1)
        {
            for (var l = 0; l < layers.Count; l++)
            {
                var stride = layers[l].Stride;
                var target = Target((2 * l) + 1, 0, stride);
                for (var i = 0; i < rows; i++)
                {
                    Kernels.Axpy(1f, workspace.Gradients[l].AsSpan(i * stride, stride), target);
                }

                Finish((2 * l) + 1, 0, stride);
            }
        }
    }

    /// <summary>The array that takes tensor <paramref name="t"/>'s sums: the parameter itself (direct) or its gradient buffer, whose elements [start, end) are cleared when a batch starts.</summary>
    private Span<float> Target(int t, int start, int end)
    {
        if (_chunk.Direct)
        {
            return _parameters[t].Span;
        }

        var gradient = _gradients![t].Span;
        if (_chunk.Clear)
        {
            gradient[start..end].Clear();
        }

        return gradient;
    }

    /// <summary>After a batch's last chunk: the optimizer's step on elements [start, end) of tensor <paramref name="t"/>.</summary>
    private void Finish(int t, int start, int end)
    {
        if (_chunk.Step)
        {
            _optimizer.Update(t, _parameters[t].Span, _gradients![t].Span, _decay[t], start, end, _chunk.Rate);
        }
    }

    /// <summary>The chunk being processed, read by the workers (set before they start, so nothing is allocated per batch).</summary>
    /// <param name="Data">The training data.</param>
    /// <param name="Indices">The chunk's samples, in batch order.</param>
    /// <param name="FirstRow">The chunk's first row within its batch.</param>
    /// <param name="Epoch">The epoch (keys augmentation).</param>
    /// <param name="Scale">Factor of the output gradient: 1 / batch, or -rate / batch when updating directly.</param>
    /// <param name="Parts">Threads sharing the rows (and preparation) phase.</param>
    /// <param name="UpdateParts">Threads sharing the inputs and update phases.</param>
    /// <param name="Cached">Whether the inputs phase unpacks the first layer's inputs from the cache of compressed images (else the prepare phase compresses them).</param>
    /// <param name="Direct">Whether the update phase adds into the weights (plain SGD, one-chunk batch).</param>
    /// <param name="Clear">Whether the gradient buffer starts from zero (first chunk of a batch, not direct).</param>
    /// <param name="Step">Whether the optimizer steps after this chunk (last chunk of a batch, not direct).</param>
    /// <param name="Rate">The learning rate of this step.</param>
    private readonly record struct Chunk(MnistDataset Data, ArraySegment<int> Indices, int FirstRow, int Epoch, float Scale, int Parts, int UpdateParts, bool Cached, bool Direct, bool Clear, bool Step, float Rate);
}
