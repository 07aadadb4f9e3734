using MnistPS.Numerics;

namespace MnistPS;

/// <summary>
/// Where the update phase cuts the first layer's weight rows between its parts. With two parts the cut follows their
/// times: the halves of a digit do not hold the same ink, so the thread with the lower half had more to add. Each weight
/// row's sum is the same whichever part adds it, so the cut changes no result, only the balance; with other counts of
/// parts each takes the rows of its first-layer blocks, as in the inputs phase, so they stay in its core's cache.
/// </summary>
internal sealed partial class BatchEngine
{
    /// <summary>
    /// Where two parts cut the first layer's weight rows in the update phase: at first the blocks' boundary, then moved
    /// two rows at a time towards the part that took less time (the update's sums are the same wherever it is), since the
    /// halves of a digit do not hold the same ink. Even, so that no pair of <see cref="InputPairLists"/> is cut.
    /// </summary>
    private int _firstSplit = Network.InputSize / 2;

    /// <summary>Whether <see cref="_firstSplit"/> follows the parts' times (tests pin it instead).</summary>
    private bool _balancesFirstSplit = true;

    /// <summary>Pins the cut of the first layer's weight rows between two update parts (an even row, 2 to 782), for tests.</summary>
    internal void PinFirstSplit(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(row % 2, 0, nameof(row));
        ArgumentOutOfRangeException.ThrowIfLessThan(row, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(row, Network.InputSize - 2);
        (_firstSplit, _balancesFirstSplit) = (row, false);
    }

    /// <summary>Per part: how long the last update phase's part took, in stopwatch ticks.</summary>
    private readonly long[] _updateTicks;

    /// <summary>Part <paramref name="part"/>'s range of the first layer's inputs in the update phase.</summary>
    private (int From, int To) FirstLayerShare(int part, int parts)
    {
        if (parts == 2)
        {
            return part == 0 ? (0, _firstSplit) : (_firstSplit, Network.InputSize);
        }

        var (firstBlock, endBlock) = Share(InputBlocks, part, parts);
        return (BlockStarts[firstBlock], BlockStarts[endBlock]);
    }

    /// <summary>How many blocks of columns the first layer is worked in (<see cref="Kernels.ColumnsEnd"/>).</summary>
    private readonly int _columnBlocks;

    /// <summary>
    /// With two parts, how many of the inputs phase's items part 0 takes (the rest are part 1's): an item is a block of
    /// columns of a first-layer block, block 0's first. At first the blocks' boundary, then moved an item at a time
    /// towards the part that took less time, as for <see cref="_firstSplit"/>; every item is computed the same whoever takes it.
    /// </summary>
    private int _inputSplit;

    /// <summary>Whether <see cref="_inputSplit"/> follows the parts' times (tests pin it instead).</summary>
    private bool _balancesInputSplit = true;

    /// <summary>Per part: how long the last inputs phase's part took over its items, in stopwatch ticks.</summary>
    private readonly long[] _inputTicks;

    /// <summary>Pins how many of the inputs phase's items part 0 of two takes (1 to all but one), for tests.</summary>
    internal void PinInputSplit(int items)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(items, (InputBlocks * _columnBlocks) - 1);
        (_inputSplit, _balancesInputSplit) = (items, false);
    }

    /// <summary>Part <paramref name="part"/>'s items [first, end) of the inputs phase (see <see cref="_inputSplit"/>).</summary>
    private (int First, int End) InputShare(int part, int parts)
    {
        var items = InputBlocks * _columnBlocks;
        if (parts == 2)
        {
            return part == 0 ? (0, _inputSplit) : (_inputSplit, items);
        }

        return Share(items, part, parts);
    }

    /// <summary>Moves <see cref="_inputSplit"/> an item towards the part of the last inputs phase that took less time, as <see cref="BalanceFirstSplit"/> does.</summary>
    private void BalanceInputSplit(int parts)
    {
        if (parts == 2 && _balancesInputSplit)
        {
            _inputSplit = Math.Clamp(_inputSplit + Towards(_inputTicks), 1, (InputBlocks * _columnBlocks) - 1);
        }
    }

    /// <summary>1 when part 0 of two took less time than part 1 by more than a fiftieth, -1 when part 1 did, else 0 (also when either has no time).</summary>
    private static int Towards(long[] ticks) =>
        ticks[0] == 0 || ticks[1] == 0 ? 0 : ticks[0] * 50 < ticks[1] * 49 ? 1 : ticks[1] * 50 < ticks[0] * 49 ? -1 : 0;

    /// <summary>
    /// Moves <see cref="_firstSplit"/> two rows towards the part of the last update phase that took less time, when two
    /// parts share it and their times differ by more than a fiftieth.
    /// </summary>
    private void BalanceFirstSplit(int parts)
    {
        if (parts == 2 && _balancesFirstSplit)
        {
            _firstSplit = Math.Clamp(_firstSplit + (2 * Towards(_updateTicks)), 2, Network.InputSize - 2);
        }
    }
}
