using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MnistPS;

/// <summary>
/// A chunk's sparse rows turned around for a range of a layer's inputs, two neighbouring inputs at a time: for each
/// pair (inputs 2m and 2m + 1), the rows in which either is non-zero, ascending, and both inputs' values there (0 for
/// the one that is zero). The update phase walks these lists so that each weight row is loaded and stored once per
/// chunk and each row of dz it loads serves both inputs of a pair (<c>Kernels.InputPairsOuterAdd</c>). Neighbouring
/// pixels are mostly inked together: on MNIST a pair's list is 0.58 of its two inputs' lists. One per thread; it
/// grows to the largest chunk and range it has seen and is then reused without allocating.
/// </summary>
internal sealed class InputPairLists
{
    private int[] _start = new int[1];
    private byte[] _present = [];
    private int[] _row = [];
    private float[] _first = [];
    private float[] _second = [];
    private ulong[] _masks = [];
    private int[] _cursor = [];
    private int _pairs;

    /// <summary>
    /// Turns the rows around for inputs [from, to): row i's non-zero inputs in the range are
    /// index[start[i] .. start[i] + length[i]] (strictly ascending), with their values at the same places of
    /// <paramref name="value"/>. <paramref name="from"/> is even, so that the pairs are the same whatever the range; an
    /// odd <paramref name="to"/> leaves the last input alone in its pair.
    /// </summary>
    /// <remarks>
    /// Two passes, neither with a chain from one entry to the next: each row sets its bit in the row masks of its
    /// inputs; then each pair walks the set bits of its two masks in ascending order, and each row's values are taken
    /// in input order from a cursor of its own, which moves past the inputs the row has in the pair.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Build(int from, int to, ReadOnlySpan<int> start, ReadOnlySpan<int> length, ReadOnlySpan<int> index, ReadOnlySpan<float> value)
    {
        if (from % 2 != 0 || to < from || length.Length != start.Length)
        {
            throw new ArgumentException($"[{from}, {to}) is not a range of inputs that starts at an even one.", nameof(from));
        }

        var rows = start.Length;
        var words = (rows + 63) >> 6;
        var pairs = (to - from + 1) / 2;
        var total = 0;
        foreach (var n in length)
        {
            total += n;
        }

        if (_start.Length < pairs + 1)
        {
            _start = new int[pairs + 1];
            _present = new byte[pairs];
        }

        if (_row.Length < total)
        {
            _row = new int[total];
            _first = new float[total];
            _second = new float[total];
        }

        if (_masks.Length < 2 * pairs * words)
        {
            _masks = new ulong[2 * pairs * words];
        }

        if (_cursor.Length < rows)
        {
            _cursor = new int[rows];
        }

        // Each row's bit in the masks of its inputs (input k's words at (k - from) * words).
        var masks = _masks.AsSpan(0, 2 * pairs * words);
        masks.Clear();
        ref var pm = ref MemoryMarshal.GetReference(masks);
        for (var i = 0; i < rows; i++)
        {
            var (bit, word) = (1UL << (i & 63), i >> 6);
            var last = from - 1;
            _ = value.Slice(start[i], length[i]); // the second pass reads the values unchecked
            foreach (var k in index.Slice(start[i], length[i]))
            {
                if ((uint)(k - from) >= (uint)(to - from) || k <= last)
                {
                    throw new ArgumentOutOfRangeException(nameof(index), k, $"Row {i} names input {k}: a row's inputs must be ascending, in [{from}, {to}).");
                }

                Unsafe.Add(ref pm, ((k - from) * words) + word) |= bit;
                last = k;
            }

            _cursor[i] = start[i];
        }

        // Each pair's rows in ascending order, and their values: the row's next value for an input it has, else 0 (the
        // value read then is one of the row's own, masked out). A row in the pair has a value left at its cursor unless
        // it has only the first input, whose value it has just taken.
        ref var cursor = ref MemoryMarshal.GetArrayDataReference(_cursor);
        ref var values = ref Unsafe.As<float, int>(ref MemoryMarshal.GetReference(value));
        ref var entryRows = ref MemoryMarshal.GetArrayDataReference(_row);
        ref var first = ref Unsafe.As<float, int>(ref MemoryMarshal.GetArrayDataReference(_first));
        ref var second = ref Unsafe.As<float, int>(ref MemoryMarshal.GetArrayDataReference(_second));
        var e = 0;
        for (var m = 0; m < pairs; m++)
        {
            _start[m] = e;
            var present = 0;
            for (var w = 0; w < words; w++)
            {
                var a = Unsafe.Add(ref pm, (2 * m * words) + w);
                var b = Unsafe.Add(ref pm, (((2 * m) + 1) * words) + w); // 0 for a lone last input
                present |= (a != 0 ? 1 : 0) | (b != 0 ? 2 : 0);
                for (var bits = a | b; bits != 0; bits &= bits - 1)
                {
                    var t = BitOperations.TrailingZeroCount(bits);
                    var r = (w << 6) + t;
                    var (inFirst, inSecond) = ((int)(a >> t) & 1, (int)(b >> t) & 1);
                    ref var at = ref Unsafe.Add(ref cursor, r);
                    var firstBits = Unsafe.Add(ref values, at) & -inFirst;
                    at += inFirst;
                    var secondBits = Unsafe.Add(ref values, at + inSecond - 1) & -inSecond;
                    at += inSecond;
                    Unsafe.Add(ref entryRows, e) = r;
                    Unsafe.Add(ref first, e) = firstBits;
                    Unsafe.Add(ref second, e) = secondBits;
                    e++;
                }
            }

            _present[m] = (byte)present;
        }

        _start[pairs] = e;
        (_pairs, RowCount) = (pairs, rows);
    }

    /// <summary>How many rows the lists were made from.</summary>
    public int RowCount { get; private set; }

    /// <summary>Where each pair's entries start in <see cref="EntryRows"/>, then their end: one more than the pairs.</summary>
    public ReadOnlySpan<int> Starts => _start.AsSpan(0, _pairs + 1);

    /// <summary>Per pair: bit 0 set if its first input is listed in any row, bit 1 if its second is.</summary>
    public ReadOnlySpan<byte> Present => _present.AsSpan(0, _pairs);

    /// <summary>Every pair's rows, one list after another.</summary>
    public ReadOnlySpan<int> EntryRows => _row.AsSpan(0, EntryCount);

    /// <summary>The first input's value in each entry's row (0 where it is zero there).</summary>
    public ReadOnlySpan<float> FirstValues => _first.AsSpan(0, EntryCount);

    /// <summary>The second input's value in each entry's row (0 where it is zero there).</summary>
    public ReadOnlySpan<float> SecondValues => _second.AsSpan(0, EntryCount);

    private int EntryCount => _start[_pairs];
}
