namespace MnistPS;

/// <summary>The tutorial's matrices of one pass over some samples, in the order computed, each found by its name.</summary>
public abstract class QuantitySet
{
    private readonly Dictionary<string, Quantity> _byName;

    private protected QuantitySet(IReadOnlyList<Quantity> quantities, int count)
    {
        Quantities = quantities;
        _byName = quantities.ToDictionary(q => q.Name, StringComparer.OrdinalIgnoreCase);
        Count = count;
    }

    /// <summary>The quantities in the order the pass computes them.</summary>
    public IReadOnlyList<Quantity> Quantities { get; }

    /// <summary>Samples: the columns of the per-sample matrices, m in the tutorial's formulas.</summary>
    public int Count { get; }

    /// <summary>A quantity by its tutorial name, in any case (Z1, a2, dW1, ...).</summary>
    public Quantity this[string name] => _byName.TryGetValue(name ?? string.Empty, out var q)
        ? q
        : throw new ArgumentException($"'{name}' is not a quantity of this pass; it has {string.Join(", ", Quantities.Select(x => x.Name))}.", nameof(name));
}
