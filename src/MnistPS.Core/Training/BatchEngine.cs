using MnistPS.Numerics;

namespace MnistPS;

/// <summary>
/// Runs one batch through the network, forward and back, and applies its step: the trainer's engine room. It owns the
/// network's parameters in slot order (<see cref="ParameterSlots"/>), their gradient buffers, the optimizer and the
/// buffers of the phases in <c>BatchEngine.Phases.cs</c>.
/// </summary>
/// <remarks>
/// The images are compressed to their non-zero pixels once per dataset (<see cref="SparseImages"/>), or per batch when
/// augmenting or when there are too many. A batch is processed in chunks of up to <see cref="Workspace.ChunkRows"/>
/// rows, each in three phases spread over the cores. The first layer's weights are split into two blocks of input rows
/// (the halves of the image), each worked by one thread, so the largest matrix stays in the cores' caches instead of
/// moving between cores every batch (a thread the machine has not scheduled in time has its parts taken over, see
/// <see cref="WorkerThreads"/>). Inputs: each thread computes its blocks' part of z1 for every row. Rows: each thread
/// takes a contiguous share of the rows, adds the parts of z1 in block order and runs the rest of the network forward
/// and back, layer by layer over its rows, keeping each layer's dz. Update: each thread adds a dz^T of the chunk's rows,
/// in batch order, to its ranges of every layer's weight rows (with two threads, the first layer's cut between them
/// follows their times: <c>BatchEngine.Split.cs</c>). Every sum therefore runs in the same order whatever the number of
/// threads and wherever the cuts are, and results are bit-identical for any thread count. Wherever a weight matrix is
/// larger than a core's cache, the rows take turns on one block of it at a time (<see cref="Kernels.ColumnBlock"/>
/// columns forward, as many weight rows back, and in the update each pair of weight rows takes every row's a dz^T
/// while it is in registers), which leaves every sum as it is for a row alone. Plain SGD
/// whose batch fits in one chunk adds -rate a dz^T / batch straight into the weights; otherwise the gradient is summed
/// into a buffer and the optimizer steps after the batch's last chunk. The phases and every kernel they run per row
/// are compiled optimised on first use (AggressiveOptimization). Left to tiered compilation, the first epoch of a run
/// spent most of its time in unoptimised code (450 ms against 45 for the next ones), and in PowerShell, where tier-up
/// waits for the host to stop compiling code of its own, the first four epochs did (0.4 s each against 0.05).
/// </remarks>
internal sealed partial class BatchEngine
{
    /// <summary>Fewest rows a thread is given in the rows phase.</summary>
    private const int MinRowsPerThread = 8;

    private readonly Network _network;
    private readonly TrainingOptions _options;
    private readonly int _seed;
    private readonly ElasticField? _elastic;
    private readonly Optimizer _optimizer;
    private readonly Workspace _workspace;
    private readonly float[][] _scratch;
    private readonly int[] _correct;

    /// <summary>The gradient buffers, one per parameter slot; allocated when a batch first needs them.</summary>
    private Memory<float>[]? _gradients;
    private SparseImages? _images;

    /// <summary>The dataset the cache of compressed images was built or refused for: decided once, not per batch.</summary>
    private MnistDataset? _imagesOf;

    /// <summary>The chunk being processed, read by the phases (set before they start, so nothing is allocated per batch).</summary>
    private Chunk _chunk;

    /// <param name="network">The network trained in place.</param>
    /// <param name="options">The training settings (validated).</param>
    /// <param name="seed">The run's seed, which keys augmentation and dropout.</param>
    /// <param name="threads">The most threads a batch is shared among.</param>
    public BatchEngine(Network network, TrainingOptions options, int seed, int threads)
    {
        _network = network;
        _options = options;
        _seed = seed;
        _elastic = options.ElasticAlpha > 0 ? new ElasticField(options.ElasticAlpha, options.ElasticSigma) : null;
        Parameters = ParameterSlots.Of(network);
        _optimizer = new Optimizer(options, Parameters.Select(p => p.Length).ToArray());
        _workspace = new Workspace(network, Workspace.ChunkRows);
        _scratch = Enumerable.Range(0, threads).Select(_ => new float[network.Layers.Max(l => l.InputSize)]).ToArray();
        _correct = new int[threads];
        _updateTicks = new long[threads];
        var firstStride = network.Layers[0].Stride;
        _partials = Enumerable.Range(0, InputBlocks).Select(_ => new float[Workspace.ChunkRows * firstStride]).ToArray();
        _blockStart = new int[Workspace.ChunkRows * InputBlocks];
        _blockLength = new int[Workspace.ChunkRows * InputBlocks];
        _noBias = new float[firstStride];
        _cursors = Enumerable.Range(0, threads).Select(_ => new int[Workspace.ChunkRows]).ToArray();
        _lists = Enumerable.Range(0, threads).Select(_ => new InputPairLists()).ToArray();
        _listStart = Enumerable.Range(0, threads).Select(_ => new int[Workspace.ChunkRows]).ToArray();
        _listLength = Enumerable.Range(0, threads).Select(_ => new int[Workspace.ChunkRows]).ToArray();

        // The phases as delegates made once, so that handing work to the threads allocates nothing per batch.
        _preparePart = PreparePart;
        _inputPart = InputPart;
        _rowPart = RowPart;
        _updatePart = UpdatePart;
    }

    /// <summary>The network's parameters in slot order (views of its buffers).</summary>
    public Memory<float>[] Parameters { get; }

    /// <summary>The gradient of the last batch run without applying it, per slot (null before any).</summary>
    public Memory<float>[]? Gradients => _gradients;

    /// <summary>
    /// Most non-zero pixels cached compressed: 4 bytes each, 128 MiB by default (about 200,000 MNIST images). Beyond
    /// that each batch compresses its images as it goes; the results are the same either way.
    /// </summary>
    public long MaxCachedPixels { get; set; } = 32L << 20;

    /// <summary>
    /// How many times a whole training set was scanned to build (or refuse) the cache of compressed images: once per
    /// dataset, whether the cache is kept or refused, so an epoch's cost grows linearly with the data.
    /// </summary>
    public int ImageScans { get; private set; }

    /// <summary>
    /// One batch, chunk by chunk: the inputs and rows phases, then the update phase, which with <paramref name="apply"/>
    /// false only sums the gradient of the mean loss into <see cref="Gradients"/>. Returns the summed loss and the count
    /// of correct predictions, both before any update; a non-finite loss returns before the weights are touched.
    /// </summary>
    /// <param name="data">The training data.</param>
    /// <param name="indices">The batch's samples, in order.</param>
    /// <param name="workers">The threads to share the phases among.</param>
    /// <param name="epoch">The epoch (keys augmentation).</param>
    /// <param name="step">The number of this step, one per batch over the trainer's life (keys dropout).</param>
    /// <param name="rate">The learning rate of this step.</param>
    /// <param name="apply">Whether to update the weights, or only sum the gradient.</param>
    public (double Loss, int Correct) Run(MnistDataset data, ArraySegment<int> indices, WorkerThreads workers, int epoch, long step, float rate, bool apply)
    {
        var count = indices.Count;
        var direct = apply && _options.Optimizer == OptimizerKind.Sgd && _options.L2 == 0 && count <= _workspace.Rows;
        if (!direct)
        {
            _gradients ??= Parameters.Select(p => (Memory<float>)AlignedBuffer.Allocate(p.Length)).ToArray();
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
            _chunk = new Chunk(
                Data: data,
                Indices: indices.Slice(first, rows),
                FirstRow: first,
                Epoch: epoch,
                Step: step,
                Scale: direct ? -rate / count : 1f / count,
                Parts: parts,
                UpdateParts: workers.Threads,
                Cached: cached,
                Direct: direct,
                Clear: first == 0 && !direct,
                ApplyAfter: last && apply && !direct,
                Rate: rate);
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

            if (_chunk.ApplyAfter)
            {
                _optimizer.BeginStep();
            }

            BalanceFirstSplit(workers.Threads);
            workers.Run(workers.Threads, _updatePart);
        }

        return (loss, correct);
    }

    /// <summary>The array that takes slot <paramref name="slot"/>'s sums: the parameter itself (direct) or its gradient buffer, whose elements [start, end) are cleared when a batch starts.</summary>
    private Span<float> Target(int slot, int start, int end)
    {
        if (_chunk.Direct)
        {
            return Parameters[slot].Span;
        }

        var gradient = _gradients![slot].Span;
        if (_chunk.Clear)
        {
            gradient[start..end].Clear();
        }

        return gradient;
    }

    /// <summary>After a batch's last chunk: the optimizer's step on elements [start, end) of slot <paramref name="slot"/>.</summary>
    private void Finish(int slot, int start, int end)
    {
        if (_chunk.ApplyAfter)
        {
            _optimizer.Update(slot, Parameters[slot].Span, _gradients![slot].Span, ParameterSlots.IsWeights(slot), start, end, _chunk.Rate);
        }
    }

    /// <summary>The chunk being processed: a slice of a batch and how its phases run.</summary>
    /// <param name="Data">The training data.</param>
    /// <param name="Indices">The chunk's samples, in batch order.</param>
    /// <param name="FirstRow">The chunk's first row within its batch.</param>
    /// <param name="Epoch">The epoch (keys augmentation).</param>
    /// <param name="Step">The number of the batch's step (keys dropout).</param>
    /// <param name="Scale">Factor of the output gradient: 1 / batch, or -rate / batch when updating directly.</param>
    /// <param name="Parts">Threads sharing the rows (and preparation) phase.</param>
    /// <param name="UpdateParts">Threads sharing the inputs and update phases.</param>
    /// <param name="Cached">Whether the inputs phase unpacks the first layer's inputs from the cache of compressed images (else the prepare phase compresses them).</param>
    /// <param name="Direct">Whether the update phase adds into the weights (plain SGD, one-chunk batch).</param>
    /// <param name="Clear">Whether the gradient buffer starts from zero (first chunk of a batch, not direct).</param>
    /// <param name="ApplyAfter">Whether the optimizer applies the summed gradient after this chunk (last chunk of a batch, not direct).</param>
    /// <param name="Rate">The learning rate of this step.</param>
    private readonly record struct Chunk(MnistDataset Data, ArraySegment<int> Indices, int FirstRow, int Epoch, long Step, float Scale, int Parts, int UpdateParts, bool Cached, bool Direct, bool Clear, bool ApplyAfter, float Rate);
}
