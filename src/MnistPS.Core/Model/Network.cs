using MnistPS.Numerics;

namespace MnistPS;

/// <summary>
/// A feed-forward network: 784 inputs, dense hidden layers, a 10-way softmax output. Parameters are float32;
/// pixels are scaled to [0, 1]. Prediction is safe from several threads at once; training mutates the network.
/// </summary>
public sealed partial class Network
{
    /// <summary>Inputs: one per pixel.</summary>
    public const int InputSize = MnistSample.PixelCount;

    /// <summary>Outputs: one per digit.</summary>
    public const int OutputSize = MnistSample.ClassCount;

    /// <summary>The most training runs a network remembers; beyond them the oldest is forgotten.</summary>
    public const int MaxTrainingRuns = 1000;

    /// <summary>What each pixel (0-255) is multiplied by before the first layer: 1/255, so inputs are in [0, 1].</summary>
    public const float PixelScale = 1f / 255f;

    private readonly DenseLayer[] _layers;
    private readonly List<TrainingRun> _runs;

    /// <summary>Reusable workspaces for prediction: one-row ones and chunk-sized ones. Shapes never change, so any fits.</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<Workspace> _rowWorkspaces = [];
    private readonly System.Collections.Concurrent.ConcurrentBag<Workspace> _chunkWorkspaces = [];

    internal Network(DenseLayer[] layers, Activation hiddenActivation, WeightInitialization initialization, int seed, int epochsTrained, IEnumerable<TrainingRun>? runs = null)
    {
        _layers = layers;
        _runs = [.. runs ?? []];
        HiddenActivation = hiddenActivation;
        Initialization = initialization;
        Seed = seed;
        EpochsTrained = epochsTrained;
    }

    /// <summary>The layers after the input, first hidden layer first; the last is the softmax output layer.</summary>
    public IReadOnlyList<DenseLayer> Layers => _layers;

    /// <summary>Sizes of the hidden layers.</summary>
    public IReadOnlyList<int> HiddenSizes => _layers[..^1].Select(l => l.OutputSize).ToArray();

    /// <summary>Activation of the hidden layers.</summary>
    public Activation HiddenActivation { get; }

    /// <summary>How the weights were initialised.</summary>
    public WeightInitialization Initialization { get; }

    /// <summary>The seed of the initial weights.</summary>
    public int Seed { get; }

    /// <summary>Epochs of training so far (a full-batch iteration counts as one).</summary>
    public int EpochsTrained { get; internal set; }

    /// <summary>How the network was trained: one record per training run, oldest first (at most <see cref="MaxTrainingRuns"/>, the latest).</summary>
    public IReadOnlyList<TrainingRun> TrainingRuns => _runs.AsReadOnly();

    /// <summary>Layer sizes joined by dashes, e.g. 784-20-10.</summary>
    public string Architecture => string.Join('-', new[] { InputSize }.Concat(_layers.Select(l => l.OutputSize)));

    /// <summary>Weights and biases of all layers.</summary>
    public long ParameterCount => _layers.Sum(l => l.ParameterCount);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Architecture} network: {HiddenActivation}, {Initialization} weights, seed {Seed}, {EpochsTrained} epochs trained";

    /// <summary>Builds a network with fresh weights.</summary>
    public static Network Create(NetworkOptions? options = null)
    {
        options ??= new NetworkOptions();
        options.Validate();
        var seed = options.Seed ?? Random.Shared.Next();
        var random = new Random(seed);
        var sizes = new[] { InputSize }.Concat(options.HiddenSizes).Append(OutputSize).ToArray();
        var layers = new DenseLayer[sizes.Length - 1];
        for (var l = 0; l < layers.Length; l++)
        {
            int fanIn = sizes[l], fanOut = sizes[l + 1];
            var weights = new float[(long)fanIn * fanOut];
            Initialize(weights, options.Initialization, fanIn, fanOut, random);
            var activation = l == layers.Length - 1 ? Activation.Softmax : options.HiddenActivation;
            layers[l] = DenseLayer.FromUnitMajor(l + 1, fanIn, fanOut, activation, weights, new float[fanOut]);
        }

        return new Network(layers, options.HiddenActivation, options.Initialization, seed, 0);
    }

    /// <summary>A deep copy.</summary>
    public Network Clone() => new(_layers.Select(l => l.Clone()).ToArray(), HiddenActivation, Initialization, Seed, EpochsTrained, _runs);

    /// <summary>Remembers a finished training run, forgetting the oldest beyond <see cref="MaxTrainingRuns"/>.</summary>
    internal void Record(TrainingRun run)
    {
        if (_runs.Count == MaxTrainingRuns)
        {
            _runs.RemoveAt(0);
        }

        _runs.Add(run);
    }

    /// <summary>
    /// The tutorial's names for the parameters: W1, B1 (or b1), W2, B2, ... as OutputSize x InputSize and OutputSize x 1 copies.
    /// </summary>
    public float[,] GetParameter(string name)
    {
        var (layer, weights) = FindParameter(name);
        return weights ? layer.Weights : layer.Biases;
    }

    /// <summary>
    /// Writes parameter <paramref name="name"/> (W1, B1, ...) from <paramref name="value"/>, in the shape
    /// <see cref="GetParameter"/> returns (W1 20x784, B1 20x1, ...), so a learner can take their own gradient-descent
    /// step. The shape and every value are checked first; a refused value changes nothing.
    /// </summary>
    public void SetParameter(string name, float[,] value)
    {
        var (layer, weights) = FindParameter(name);
        ArgumentNullException.ThrowIfNull(value);
        var (rows, columns) = (layer.OutputSize, weights ? layer.InputSize : 1);
        var label = $"{char.ToUpperInvariant(name[0])}{layer.Number}";
        if (value.GetLength(0) != rows || value.GetLength(1) != columns)
        {
            throw new ArgumentException($"{label} is {rows}x{columns}; the value given is {value.GetLength(0)}x{value.GetLength(1)}. Give a {rows}x{columns} array (GetParameter('{label}') returns one to start from).", nameof(value));
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (!float.IsFinite(value[r, c]))
                {
                    throw new ArgumentException($"{label}[{r},{c}] is {value[r, c]}; every weight and bias must be a finite number.", nameof(value));
                }
            }
        }

        if (weights)
        {
            layer.SetWeights(value);
        }
        else
        {
            layer.SetBiases(value);
        }
    }

    /// <summary>
    /// <see cref="SetParameter(string, float[,])"/> from double-precision values (PowerShell's own arithmetic, as in
    /// <c>[double[,]]::new(20, 784)</c>), each rounded to float32.
    /// </summary>
    public void SetParameter(string name, double[,] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var single = new float[value.GetLength(0), value.GetLength(1)];
        for (var r = 0; r < value.GetLength(0); r++)
        {
            for (var c = 0; c < value.GetLength(1); c++)
            {
                single[r, c] = (float)value[r, c];
            }
        }

        SetParameter(name, single);
    }

    private (DenseLayer Layer, bool Weights) FindParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length >= 2 && int.TryParse(name.AsSpan(1), out var number) && number >= 1 && number <= _layers.Length
            && char.ToUpperInvariant(name[0]) is 'W' or 'B')
        {
            return (_layers[number - 1], char.ToUpperInvariant(name[0]) == 'W');
        }

        throw new ArgumentException($"'{name}' is not a parameter of this network; use W1..W{_layers.Length} or B1..B{_layers.Length}.", nameof(name));
    }

    /// <summary>Probabilities of the ten digits for one image; returns the most likely digit.</summary>
    public int Predict(ReadOnlySpan<byte> pixels, Span<float> probabilities)
    {
        if (pixels.Length != InputSize)
        {
            throw new ArgumentException($"An image has {InputSize} pixels; got {pixels.Length}.", nameof(pixels));
        }

        if (probabilities.Length != OutputSize)
        {
            throw new ArgumentException($"probabilities must hold {OutputSize} values.", nameof(probabilities));
        }

        if (!_rowWorkspaces.TryTake(out var workspace))
        {
            workspace = new Workspace(this, 1);
        }

        FirstLayer(workspace, 0, pixels);
        ForwardFrom(workspace, 0);
        workspace.Output.AsSpan(0, OutputSize).CopyTo(probabilities);
        _rowWorkspaces.Add(workspace);
        return Kernels.ArgMax(probabilities);
    }

    /// <summary>Probabilities for every image of <paramref name="data"/>: Count x 10, row-major.</summary>
    public float[] PredictProbabilities(MnistDataset data, int maxThreads = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var probabilities = new float[(long)data.Count * OutputSize];
        Infer(data, probabilities, null, maxThreads, cancellationToken);
        return probabilities;
    }

    /// <summary>Runs the network over a dataset in chunks, in parallel: probabilities (Count x 10) and, with labels, per-image losses.</summary>
    internal void Infer(MnistDataset data, float[] probabilities, float[]? losses, int maxThreads, CancellationToken cancellationToken)
    {
        const int chunk = Workspace.ChunkRows;
        var chunks = (data.Count + chunk - 1) / chunk;
        var threads = maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, () => _chunkWorkspaces.TryTake(out var reused) ? reused : new Workspace(this, chunk), (c, _, workspace) =>
        {
            var start = c * chunk;
            var rows = Math.Min(chunk, data.Count - start);
            // Layer by layer over the chunk's rows, so that each layer's weights and code stay hot.
            // A first layer of several blocks of columns takes the chunk's images a block at a time; one of a single
            // block takes each image while its pixels are fresh from compression.
            var stride = _layers[0].Stride;
            var blocks = Kernels.HasColumnBlocks(stride);
            for (var i = 0; i < rows; i++)
            {
                CompressImage(workspace, i, data.GetImage(start + i));
                if (!blocks)
                {
                    Affine(workspace, i, i + 1, 0);
                }
            }

            if (blocks)
            {
                Affine(workspace, 0, rows, 0);
            }

            HiddenLayers(workspace, 0, rows);

            for (var i = 0; i < rows; i++)
            {
                Output(workspace, i, losses is null ? -1 : data.GetLabel(start + i));
                workspace.Output.AsSpan(i * workspace.OutputStride, OutputSize).CopyTo(probabilities.AsSpan((start + i) * OutputSize));
                if (losses is not null)
                {
                    losses[start + i] = workspace.Losses[i];
                }
            }

            return workspace;
        }, _chunkWorkspaces.Add);
    }

    private static void Initialize(Span<float> weights, WeightInitialization initialization, int fanIn, int fanOut, Random random)
    {
        switch (initialization)
        {
            case WeightInitialization.Uniform:
                for (var i = 0; i < weights.Length; i++)
                {
                    weights[i] = (float)(random.NextDouble() - 0.5);
                }

                break;
            case WeightInitialization.He:
                var sigma = Math.Sqrt(2.0 / fanIn);
                for (var i = 0; i < weights.Length; i++)
                {
                    // + 0f turns the -0 a Gaussian draw of exactly zero gives into +0, so that no weight starts at -0.
                    weights[i] = (float)(sigma * Gaussian(random)) + 0f;
                }

                break;
            case WeightInitialization.Xavier:
                var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
                for (var i = 0; i < weights.Length; i++)
                {
                    weights[i] = (float)(limit * ((2 * random.NextDouble()) - 1));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(initialization), initialization, "Unknown initialisation.");
        }
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
