namespace MnistPS;

/// <summary>
/// The tutorial's forward propagation over some samples, every quantity kept: Z1 = W1 X + B1, A1 = g(Z1), ...,
/// Z_L = W_L A_(L-1) + B_L, A_L = softmax(Z_L). Rows are units, columns are samples (Z1 and A1 are 20xN for the
/// default network). Computed by the prediction code itself, so A_L's argmax is what prediction returns.
/// </summary>
public sealed class ForwardPass : QuantitySet
{
    /// <summary>The most matrix entries one pass keeps (64 Mi floats, 256 MiB).</summary>
    public const long MaxEntries = 64L << 20;

    private ForwardPass(IReadOnlyList<Quantity> quantities, int count, double? loss, int[] digits)
        : base(quantities, count)
    {
        Loss = loss;
        Digits = Array.AsReadOnly(digits);
    }

    /// <summary>Mean cross-entropy, -log of the label's probability, when every sample has a label; else null.</summary>
    public double? Loss { get; }

    /// <summary>The most probable digit of each sample: A_L's argmax, column by column.</summary>
    public IReadOnlyList<int> Digits { get; }

    /// <summary>Runs <paramref name="network"/> forward over <paramref name="data"/>, keeping every layer's Z and A.</summary>
    public static ForwardPass Compute(Network network, MnistDataset data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        var layers = network.Layers;
        var entries = 2L * data.Count * layers.Sum(l => (long)l.OutputSize);
        if (data.Count == 0 || entries > MaxEntries)
        {
            throw new ArgumentException(data.Count == 0
                ? "A forward pass needs at least one sample."
                : $"{data.Count} samples through {network.Architecture} make {entries:N0} matrix entries; one pass keeps at most {MaxEntries:N0}. Take fewer samples (Select-Object -First).");
        }

        var z = layers.Select(l => new float[l.OutputSize, data.Count]).ToArray();
        var a = layers.Select(l => new float[l.OutputSize, data.Count]).ToArray();
        var zRow = layers.Select(l => new float[l.OutputSize]).ToArray();
        var aRow = layers.Select(l => new float[l.OutputSize]).ToArray();
        var digits = new int[data.Count];
        var workspace = new Workspace(network, 1);
        double loss = 0;
        for (var i = 0; i < data.Count; i++)
        {
            loss += network.Trace(workspace, data.GetImage(i), data.HasLabels ? data.GetLabel(i) : -1, zRow, aRow);
            for (var l = 0; l < layers.Count; l++)
            {
                for (var j = 0; j < layers[l].OutputSize; j++)
                {
                    z[l][j, i] = zRow[l][j];
                    a[l][j, i] = aRow[l][j];
                }
            }

            digits[i] = Numerics.Kernels.ArgMax(aRow[^1]);
        }

        var quantities = new List<Quantity>();
        for (var l = 0; l < layers.Count; l++)
        {
            quantities.Add(new Quantity($"Z{l + 1}", z[l]));
            quantities.Add(new Quantity($"A{l + 1}", a[l]));
        }

        return new ForwardPass(quantities, data.Count, data.HasLabels ? loss / data.Count : null, digits);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Forward pass of {Count} samples: {string.Join(' ', Quantities.Select(q => q.Name))}{(Loss is { } loss ? $", loss {loss:F4}" : string.Empty)}";
}
