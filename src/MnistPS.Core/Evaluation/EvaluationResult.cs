using System.Globalization;
using System.Text;

namespace MnistPS;

/// <summary>How well a network does on labelled data.</summary>
public sealed class EvaluationResult
{
    private readonly int[,] _confusion;

    internal EvaluationResult(int[,] confusion, double loss, int count)
    {
        _confusion = confusion;
        Loss = loss;
        Count = count;
        var correct = 0;
        var digits = new DigitMetrics[Network.OutputSize];
        var rows = new JsonList<int>[Network.OutputSize];
        for (var d = 0; d < Network.OutputSize; d++)
        {
            correct += confusion[d, d];
            int actual = 0, predicted = 0;
            var row = new int[Network.OutputSize];
            for (var o = 0; o < Network.OutputSize; o++)
            {
                row[o] = confusion[d, o];
                actual += confusion[d, o];
                predicted += confusion[o, d];
            }

            rows[d] = new JsonList<int>(row);
            digits[d] = new DigitMetrics(d, confusion[d, d], actual, predicted);
        }

        Correct = correct;
        Accuracy = (double)correct / count;
        ConfusionMatrix = new JsonList<JsonList<int>>(rows);
        PerDigit = new JsonList<DigitMetrics>(digits);
    }

    /// <summary>
    /// An evaluation rebuilt from its confusion matrix (10 rows of 10 counts, [actual][predicted]) and mean loss, such as
    /// a copy that crossed a process boundary. Every figure but the loss follows from the matrix.
    /// </summary>
    public static EvaluationResult FromConfusionMatrix(IReadOnlyList<IReadOnlyList<int>> matrix, double loss)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Count != Network.OutputSize || matrix.Any(row => row is null || row.Count != Network.OutputSize))
        {
            throw new ArgumentException($"A confusion matrix has {Network.OutputSize} rows of {Network.OutputSize} counts.", nameof(matrix));
        }

        var confusion = new int[Network.OutputSize, Network.OutputSize];
        long count = 0;
        for (var a = 0; a < Network.OutputSize; a++)
        {
            for (var p = 0; p < Network.OutputSize; p++)
            {
                confusion[a, p] = matrix[a][p] >= 0 ? matrix[a][p] : throw new ArgumentException($"Count [{a}][{p}] is negative.", nameof(matrix));
                count += confusion[a, p];
            }
        }

        if (count is 0 or > int.MaxValue || !double.IsFinite(loss) || loss < 0)
        {
            throw new ArgumentException($"An evaluation counts 1 to {int.MaxValue} samples and has a finite loss of 0 or more; this one has {count} samples and loss {loss}.", nameof(matrix));
        }

        return new EvaluationResult(confusion, loss, (int)count);
    }

    /// <summary>Samples evaluated.</summary>
    public int Count { get; }

    /// <summary>Samples classified correctly.</summary>
    public int Correct { get; }

    /// <summary>Correct / Count.</summary>
    public double Accuracy { get; }

    /// <summary>Mean cross-entropy, -log p(true digit).</summary>
    public double Loss { get; }

    /// <summary>The confusion matrix, 10 rows of 10 counts: ConfusionMatrix[actual][predicted]. Its text form is JSON.</summary>
    public JsonList<JsonList<int>> ConfusionMatrix { get; }

    /// <summary>Precision, recall and F1 of each digit. Its text form is JSON.</summary>
    public JsonList<DigitMetrics> PerDigit { get; }

    /// <summary>The count of samples of digit <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int GetCount(int actual, int predicted) => _confusion[actual, predicted];

    /// <summary>
    /// The confusion matrix as text: one row per actual digit, one column per predicted digit, columns as wide as the
    /// largest count needs (58 characters for up to 9,999 samples of a digit).
    /// </summary>
    public string GetConfusionTable()
    {
        var largest = 0;
        foreach (var count in _confusion)
        {
            largest = Math.Max(largest, count);
        }

        var width = Math.Max(4, largest.ToString(CultureInfo.InvariantCulture).Length) + 1;
        var builder = new StringBuilder("act\\pred");
        for (var p = 0; p < Network.OutputSize; p++)
        {
            builder.Append(p.ToString(CultureInfo.InvariantCulture).PadLeft(width));
        }

        for (var a = 0; a < Network.OutputSize; a++)
        {
            builder.AppendLine().Append(a.ToString(CultureInfo.InvariantCulture).PadLeft(8));
            for (var p = 0; p < Network.OutputSize; p++)
            {
                builder.Append(_confusion[a, p].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            }
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => $"Accuracy {Accuracy:P2} ({Correct} of {Count}), loss {Loss:F4}";
}
