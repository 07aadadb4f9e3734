using System.Globalization;
using System.Text;

namespace MnistPS;

/// <summary>
/// One of the tutorial's matrices, by its name (Z1, A1, dW2, ...): rows are units, columns are samples (or inputs,
/// for a weight gradient). A copy: changing it changes nothing in the network.
/// </summary>
public sealed class Quantity
{
    private readonly float[,] _values;

    internal Quantity(string name, float[,] values)
    {
        Name = name;
        _values = values;
        var (min, max, sum) = (float.PositiveInfinity, float.NegativeInfinity, 0.0);
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
        }

        Min = values.Length == 0 ? 0 : min;
        Max = values.Length == 0 ? 0 : max;
        Mean = values.Length == 0 ? 0 : sum / values.Length;
    }

    /// <summary>The tutorial's name: Z1, A1, ..., dZ2, dW2, dB2, ...</summary>
    public string Name { get; }

    /// <summary>Rows: the layer's units.</summary>
    public int Rows => _values.GetLength(0);

    /// <summary>Columns: samples for Z, A and dZ; the layer's inputs for dW; 1 for dB.</summary>
    public int Columns => _values.GetLength(1);

    /// <summary>Rows x columns, as the tutorial writes shapes (e.g. 20x784).</summary>
    public string Shape => string.Create(CultureInfo.InvariantCulture, $"{Rows}x{Columns}");

    /// <summary>The smallest entry.</summary>
    public float Min { get; }

    /// <summary>The mean entry.</summary>
    public double Mean { get; }

    /// <summary>The largest entry.</summary>
    public float Max { get; }

    /// <summary>A copy of the matrix, Rows x Columns.</summary>
    public float[,] Values => (float[,])_values.Clone();

    /// <summary>
    /// The matrix as text, one line per row (at most <paramref name="maxRows"/>, the rest counted on a last line), as
    /// many columns as fit in <paramref name="width"/> characters (the rest counted at the end of each line).
    /// </summary>
    public string ToGrid(int width = 80, int maxRows = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        const int cell = 9;
        var shown = Math.Min(Columns, Math.Max(1, (width - 14) / cell));
        var builder = new StringBuilder();
        for (var r = 0; r < Math.Min(Rows, maxRows); r++)
        {
            if (r > 0)
            {
                builder.AppendLine();
            }

            for (var c = 0; c < shown; c++)
            {
                builder.Append(_values[r, c].ToString("0.0000", CultureInfo.InvariantCulture).PadLeft(cell));
            }

            if (shown < Columns)
            {
                builder.Append(CultureInfo.InvariantCulture, $"  +{Columns - shown} more");
            }
        }

        if (Rows > maxRows)
        {
            builder.AppendLine().Append(CultureInfo.InvariantCulture, $"+{Rows - maxRows} more rows");
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Shape}";
}
