namespace MnistPS;

/// <summary>
/// A chunk's sparse rows turned around for a range of a layer's inputs: for each input, the rows in which it is
/// non-zero (ascending) and its value there. The update phase walks these lists so that each weight row is loaded and
/// stored once per chunk (<c>Kernels.InputsOuterAdd</c>). One per thread; it grows to the largest chunk
/// and range it has seen and is then reused without allocating.
/// </summary>
internal sealed class InputLists
{
    private int[] _start = new int[1];
    private int[] _row = [];
    private float[] _value = [];
    private int _inputs;
    private int _total;

    /// <summary>
    /// Turns the rows around for inputs [from, to): row i's non-zero inputs in the range are
    /// index[start[i] .. start[i] + length[i]] (ascending), with their values at the same places of
    /// <paramref name="value"/>.
    /// </summary>
    public void Build(int from, int to, ReadOnlySpan<int> start, ReadOnlySpan<int> length, ReadOnlySpan<int> index, ReadOnlySpan<float> value)
    {
        var inputs = to - from;
        if (_start.Length < inputs + 1)
        {
            _start = new int[inputs + 1];
        }

        var total = 0;
        foreach (var n in length)
        {
            total += n;
        }

        if (_row.Length < total)
        {
            _row = new int[total];
            _value = new float[total];
        }

        // Count each input's rows, place each list after the ones before it, then fill the lists in row order.
        var counts = _start.AsSpan(0, inputs + 1);
        counts.Clear();
        for (var i = 0; i < start.Length; i++)
        {
            foreach (var k in index.Slice(start[i], length[i]))
            {
                counts[k - from + 1]++;
            }
        }

        for (var k = 1; k <= inputs; k++)
        {
            counts[k] += counts[k - 1];
        }

        for (var i = 0; i < start.Length; i++)
        {
            var at = start[i];
            for (var t = 0; t < length[i]; t++)
            {
                var slot = counts[index[at + t] - from]++;
                _row[slot] = i;
                _value[slot] = value[at + t];
            }
        }

        // Filling moved each list's start to the next one's: shift them back.
        for (var k = inputs; k > 0; k--)
        {
            counts[k] = counts[k - 1];
        }

        counts[0] = 0;
        (_inputs, _total, RowCount) = (inputs, total, start.Length);
    }

    /// <summary>How many rows the lists were made from.</summary>
    public int RowCount { get; private set; }

    /// <summary>Where each input's entries start in <see cref="EntryRows"/>, then their end: one more than the inputs.</summary>
    public ReadOnlySpan<int> Starts => _start.AsSpan(0, _inputs + 1);

    /// <summary>Every input's rows, one list after another.</summary>
    public ReadOnlySpan<int> EntryRows => _row.AsSpan(0, _total);

    /// <summary>Every input's values in those rows.</summary>
    public ReadOnlySpan<float> EntryValues => _value.AsSpan(0, _total);
}
