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
    private int[] _start = new int[2];
    private byte[] _present = [];
    private int[] _row = [];
    private float[] _first = [];
    private float[] _second = [];
    private int _pairs;

    /// <summary>
    /// Turns the rows around for inputs [from, to): row i's non-zero inputs in the range are
    /// index[start[i] .. start[i] + length[i]] (ascending), with their values at the same places of
    /// <paramref name="value"/>. <paramref name="from"/> is even, so that the pairs are the same whatever the range; an
    /// odd <paramref name="to"/> leaves the last input alone in its pair.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Build(int from, int to, ReadOnlySpan<int> start, ReadOnlySpan<int> length, ReadOnlySpan<int> index, ReadOnlySpan<float> value)
    {
        if (from % 2 != 0 || to < from || length.Length != start.Length)
        {
            throw new ArgumentException($"[{from}, {to}) is not a range of inputs that starts at an even one.", nameof(from));
        }

        var pairs = (to - from + 1) / 2;
        var total = 0;
        foreach (var n in length)
        {
            total += n;
        }

        if (_start.Length < pairs + 2)
        {
            _start = new int[pairs + 2];
            _present = new byte[pairs];
        }

        if (_row.Length < total)
        {
            _row = new int[total];
            _first = new float[total];
            _second = new float[total];
        }

        // Count each pair's rows (slot p + 2 for pair p), so that after the running sum slot p + 1 is where pair p's
        // list starts; filling the lists in row order then moves it to where the list ends, which is where the next starts.
        var counts = _start.AsSpan(0, pairs + 2);
        var present = _present.AsSpan(0, pairs);
        counts.Clear();
        present.Clear();
        ref var pc = ref MemoryMarshal.GetReference(counts);
        ref var pp = ref MemoryMarshal.GetReference(present);
        for (var i = 0; i < start.Length; i++)
        {
            // The count goes up without a branch: whether an input starts a new pair is as good as random.
            var last = -1;
            _ = value.Slice(start[i], length[i]); // the filling below reads the values unchecked
            foreach (var k in index.Slice(start[i], length[i]))
            {
                if ((uint)(k - from) >= (uint)(to - from))
                {
                    throw new ArgumentOutOfRangeException(nameof(index), k, $"Row {i} names input {k}, outside [{from}, {to}).");
                }

                var pair = (k - from) >> 1;
                Unsafe.Add(ref pp, pair) |= (byte)(1 << ((k - from) & 1));
                Unsafe.Add(ref pc, pair + 2) += pair != last ? 1 : 0;
                last = pair;
            }
        }

        for (var p = 2; p < pairs + 2; p++)
        {
            Unsafe.Add(ref pc, p) += Unsafe.Add(ref pc, p - 1);
        }

        // Filling goes without a branch too: a row's entry opens a slot in its pair's list when its pair differs from the
        // entry before (isNew 1), else it shares the slot of the pair's even input, written just before (prior). The
        // even input's value goes first and the second becomes 0; an odd one's goes second, and the first is 0 in a new
        // slot or stays the even input's. The values move as their bits so that the choices need no branch.
        ref var rows = ref MemoryMarshal.GetArrayDataReference(_row);
        ref var first = ref Unsafe.As<float, int>(ref MemoryMarshal.GetArrayDataReference(_first));
        ref var second = ref Unsafe.As<float, int>(ref MemoryMarshal.GetArrayDataReference(_second));
        for (var i = 0; i < start.Length; i++)
        {
            var (last, prior) = (-1, 0);
            ref var inputs = ref Unsafe.Add(ref MemoryMarshal.GetReference(index), start[i]);
            ref var values = ref Unsafe.As<float, int>(ref Unsafe.Add(ref MemoryMarshal.GetReference(value), start[i]));
            for (var t = 0; t < length[i]; t++)
            {
                var k = Unsafe.Add(ref inputs, t) - from;
                var pair = k >> 1;
                var isNew = pair != last ? 1 : 0;
                var even = (k & 1) - 1; // all ones for an even input, 0 for an odd one
                ref var end = ref Unsafe.Add(ref pc, pair + 1);
                var slot = end - 1 + isNew;
                end += isNew;
                var bits = Unsafe.Add(ref values, t);
                Unsafe.Add(ref rows, slot) = i;
                Unsafe.Add(ref first, slot) = (bits & even) | (prior & ~even & (isNew - 1));
                Unsafe.Add(ref second, slot) = bits & ~even;
                (last, prior) = (pair, bits);
            }
        }

        (_pairs, RowCount) = (pairs, start.Length);
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

    private int EntryCount => _pairs == 0 ? 0 : _start[_pairs];
}
