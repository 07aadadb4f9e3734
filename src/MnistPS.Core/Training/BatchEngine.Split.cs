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

    /// <summary>
    /// Moves <see cref="_firstSplit"/> two rows towards the part of the last update phase that took less time, when two
    /// parts share it and their times differ by more than a fiftieth.
    /// </summary>
    private void BalanceFirstSplit(int parts)
    {
        if (parts != 2 || !_balancesFirstSplit || _updateTicks[0] == 0 || _updateTicks[1] == 0)
        {
            return;
        }

        var (top, bottom) = (_updateTicks[0], _updateTicks[1]);
        var step = top * 50 < bottom * 49 ? 2 : bottom * 50 < top * 49 ? -2 : 0;
        _firstSplit = Math.Clamp(_firstSplit + step, 2, Network.InputSize - 2);
    }
}
