using MnistPS.Numerics;

namespace MnistPS.Tests;

/// <summary>
/// The kernels' batch forms, in which the rows of a batch take turns on a block of weights: a block of columns of
/// z = b + W^T a, a pair of inputs' rows of W += a dz^T over the rows, a range of W dz. Each must give what the row-by-row
/// call gives, bit for bit, on every path (Category Kernels: the test run repeats them without AVX-512, without AVX2
/// and without SIMD), so that seeded training results do not depend on how the work is cut.
/// </summary>
[Trait("Category", "Kernels")]
public class BatchKernelTests
{
    public static TheoryData<int, int, bool> Strides => new()
    {
        { 800, 784, true }, { 800, 784, false }, { 1000, 784, true }, { 504, 1000, true }, { 504, 1000, false },
        { 1200, 784, true }, { 24, 784, true }, { 16, 800, true }, { 16, 800, false }, { 88, 100, true }, { 13, 50, true },
    };

    [Theory]
    [MemberData(nameof(Strides))]
    public void Blocks_of_columns_give_the_whole_rows_sums_bit_for_bit(int stride, int inputs, bool wide)
    {
        var (w, bias) = (KernelTests.Random(inputs * stride, 1), KernelTests.Random(stride, 2));
        foreach (var width in new[] { Kernels.ColumnBlock, 2 * Kernels.ColumnBlock })
        {
            for (var r = 0; r < 5; r++)
            {
                var (index, value) = KernelTests.SparseRow(inputs, (inputs * (r + 1)) / 7, 10 + r);
                var (whole, blocked) = (new float[stride], new float[stride]);
                Kernels.SparseAffineTrusted(index, value, w, bias, whole, wide);
                for (var c = 0; c < stride;)
                {
                    var end = Kernels.ColumnsEnd(c, stride, width);
                    Kernels.SparseAffineTrusted(index, value, w, bias, blocked, wide, c, end);
                    c = end;
                }

                Assert.Equal(whole, blocked);
            }
        }
    }

    [Theory]
    [InlineData(800, 784)]
    [InlineData(504, 1000)]
    [InlineData(64, 20)]
    public void Two_rows_at_once_give_each_rows_own_sums_bit_for_bit(int stride, int inputs)
    {
        // Where AVX-512 is missing, Vector512 runs in software: the pair is checked on every machine.
        var (w, bias) = (KernelTests.Random(inputs * stride, 80), KernelTests.Random(stride, 81));
        foreach (var (countA, countB) in new[] { (inputs / 5, inputs / 3), (inputs / 2, inputs / 7), (0, inputs / 4), (inputs / 6, inputs / 6) })
        {
            var (indexA, valueA) = KernelTests.SparseRow(inputs, countA, 82 + countA);
            var (indexB, valueB) = KernelTests.SparseRow(inputs, countB, 83 + countB);
            var (singleA, singleB, pairA, pairB) = (new float[stride], new float[stride], new float[stride], new float[stride]);
            for (var c = 0; c + Kernels.ColumnBlock <= stride; c += Kernels.ColumnBlock)
            {
                Kernels.SparseAffineTrusted(indexA, valueA, w, bias, singleA, wide: true, c, c + Kernels.ColumnBlock);
                Kernels.SparseAffineTrusted(indexB, valueB, w, bias, singleB, wide: true, c, c + Kernels.ColumnBlock);
                Kernels.SparseAffinePair(indexA, valueA, indexB, valueB, w, bias, pairA, pairB, c);
            }

            Assert.Equal(singleA, pairA);
            Assert.Equal(singleB, pairB);
        }

        Assert.Throws<ArgumentException>(() => Kernels.SparseAffinePair([], [], [], [], w, bias, new float[stride], new float[stride], stride - Kernels.ColumnBlock + 8));
        Assert.Throws<ArgumentException>(() => Kernels.SparseAffinePair([], [], [], [], new float[16], new float[16], new float[16], new float[16], 0));
    }

    [Theory]
    [InlineData(800)]
    [InlineData(20)]
    [InlineData(5)]
    public void Four_rows_of_a_16_column_layer_at_once_give_each_rows_own_sums_bit_for_bit(int inputs)
    {
        // Rows of every length parity, empty ones and ones much longer than the rest, in the workspace's layout: each
        // row's entries from the start of its own row; the last four all long enough for the four rows' common pairs.
        // Vector512 runs in software where AVX-512 is missing. The even and odd chains are the 256-bit path's: the
        // 128-bit and scalar paths, which the reference takes without AVX2, sum a column in one chain.
        if (!Kernels.IsVectorized)
        {
            return;
        }

        var (w, bias) = (KernelTests.Random(inputs * 16, 84), KernelTests.Random(16, 85));
        int[] counts = [inputs / 2, inputs / 3, 0, inputs, 1, inputs / 2 + 1, inputs / 4, inputs / 5, inputs / 2, inputs / 3 + 1, inputs, inputs / 4 + 3];
        var (index, value) = (new int[counts.Length * inputs], new float[counts.Length * inputs]);
        var (start, length) = (new int[counts.Length], new int[counts.Length]);
        for (var r = 0; r < counts.Length; r++)
        {
            var (i, v) = KernelTests.SparseRow(inputs, counts[r], 86 + r);
            (start[r], length[r]) = (r * inputs, i.Length);
            i.CopyTo(index, r * inputs);
            v.CopyTo(value, r * inputs);
        }

        for (var first = 0; first + 4 <= counts.Length; first += 4)
        {
            var together = new float[4 * 16];
            Kernels.SparseAffine16Rows4(index, value, start.AsSpan(first, 4), length.AsSpan(first, 4), w, bias, together);
            for (var r = 0; r < 4; r++)
            {
                var alone = new float[16];
                Kernels.SparseAffineTrusted(index.AsSpan(start[first + r], length[first + r]), value.AsSpan(start[first + r], length[first + r]), w, bias, alone, wide: false);
                Assert.Equal(alone.Select(BitConverter.SingleToInt32Bits), together.Skip(16 * r).Take(16).Select(BitConverter.SingleToInt32Bits));
            }
        }

        Assert.Throws<ArgumentException>(() => Kernels.SparseAffine16Rows4(index, value, start.AsSpan(0, 3), length.AsSpan(0, 3), w, bias, new float[64]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.SparseAffine16Rows4(index, value, [0, 0, 0, index.Length], [1, 1, 1, 1], w, bias, new float[64]));
    }

    [Theory]
    [MemberData(nameof(Strides))]
    public void Outer_adds_by_pairs_of_inputs_give_the_row_by_row_sums_bit_for_bit(int stride, int inputs, bool wide)
    {
        // 37 rows of a batch, each with its own non-zero inputs; the update phase's range of inputs is [from, to), from
        // even, to odd or even (an odd count leaves the last input alone in its pair).
        const int rows = 37;
        var (from, to) = ((inputs / 3) & ~1, inputs - 1);
        var dz = KernelTests.Random(rows * stride, 3);
        var batch = Enumerable.Range(0, rows).Select(r => KernelTests.SparseRow(inputs, (inputs * ((r % 6) + 1)) / 9, 20 + r)).ToArray();
        var rowByRow = KernelTests.Random(inputs * stride, 4);
        var byInput = (float[])rowByRow.Clone();
        var (start, length) = (new int[rows], new int[rows]);
        var (index, value) = (new int[rows * inputs], new float[rows * inputs]);
        for (var r = 0; r < rows; r++)
        {
            var (rowIndex, rowValue) = batch[r];
            var (first, end) = (SparseImages.Position(rowIndex, from), SparseImages.Position(rowIndex, to));
            Kernels.SparseOuterAddTrusted(rowIndex.AsSpan(first..end), rowValue.AsSpan(first..end), dz.AsSpan(r * stride, stride), rowByRow, wide);
            rowIndex[first..end].CopyTo(index, r * inputs);
            rowValue[first..end].CopyTo(value, r * inputs);
            (start[r], length[r]) = (r * inputs, end - first);
        }

        var lists = new InputPairLists();
        lists.Build(from, to, start, length, index, value);
        Assert.Contains(lists.Present.ToArray(), p => p != 3);
        for (var c = 0; c < stride;)
        {
            var end = Kernels.ColumnsEnd(c, stride, 2 * Kernels.ColumnBlock);
            Kernels.InputPairsOuterAdd(lists.Starts, lists.Present, lists.EntryRows, lists.FirstValues, lists.SecondValues, dz, rows, stride, byInput.AsSpan(from * stride, (to - from) * stride), c, end, wide);
            c = end;
        }

        Assert.Equal(rowByRow, byInput);
    }

    [Fact]
    public void Outer_adds_by_pairs_differ_from_row_by_row_only_in_the_sign_of_a_zero_weight()
    {
        // Weights of -0, and rows whose inputs are all 0 (so no weight moves away from zero): row 0 has both inputs of
        // pair 0 and input 2 of pair 1, row 1 only input 0. Input 1 takes 0 * dz[row 1] as input 0's partner, input 3
        // takes nothing.
        const int stride = 16;
        var dz = Enumerable.Range(0, 2 * stride).Select(i => i % 3 == 0 ? 0.5f : -0.25f).ToArray();
        var (byPairs, rowByRow) = (Enumerable.Repeat(-0f, 4 * stride).ToArray(), Enumerable.Repeat(-0f, 4 * stride).ToArray());
        Kernels.SparseOuterAddTrusted([0, 1, 2], [0f, 0f, 0f], dz.AsSpan(0, stride), rowByRow);
        Kernels.SparseOuterAddTrusted([0], [0f], dz.AsSpan(stride, stride), rowByRow);
        var lists = new InputPairLists();
        lists.Build(0, 4, [0, 3], [3, 1], [0, 1, 2, 0], [0f, 0f, 0f, 0f]);
        Kernels.InputPairsOuterAdd(lists.Starts, lists.Present, lists.EntryRows, lists.FirstValues, lists.SecondValues, dz, 2, stride, byPairs, 0, stride, wide: true);
        for (var c = 0; c < stride; c++)
        {
            Assert.Equal(rowByRow[stride + c], byPairs[stride + c]);
            Assert.Equal(float.IsNegative(rowByRow[stride + c]) && float.IsNegative(dz[stride + c]), float.IsNegative(byPairs[stride + c]));
            Assert.True(float.IsNegative(byPairs[(3 * stride) + c]));
        }

        foreach (var input in new[] { 0, 2 })
        {
            Assert.Equal(rowByRow.AsSpan(input * stride, stride).ToArray(), byPairs.AsSpan(input * stride, stride).ToArray());
        }
    }

    [Theory]
    [InlineData(50)]
    [InlineData(150)] // more rows than a word of row mask holds
    public void Input_pair_lists_hold_each_pairs_rows_in_order_with_both_values(int rows)
    {
        var (from, to) = (100, 600);
        var batch = Enumerable.Range(0, rows).Select(r => KernelTests.SparseRow(784, 20 + (r * 7 % 300), 60 + r)).ToArray();
        var (start, length) = (new int[rows], new int[rows]);
        var (index, value) = (new List<int>(), new List<float>());
        for (var r = 0; r < rows; r++)
        {
            var (rowIndex, rowValue) = batch[r];
            var (first, end) = (SparseImages.Position(rowIndex, from), SparseImages.Position(rowIndex, to));
            (start[r], length[r]) = (index.Count, end - first);
            index.AddRange(rowIndex[first..end]);
            value.AddRange(rowValue[first..end]);
        }

        var lists = new InputPairLists();
        lists.Build(from, to, start, length, index.ToArray(), value.ToArray());
        Assert.Equal(rows, lists.RowCount);
        Assert.Equal(((to - from) / 2) + 1, lists.Starts.Length);
        var entries = 0;
        for (var k = from; k < to; k += 2)
        {
            var (first, end) = (lists.Starts[(k - from) / 2], lists.Starts[((k - from) / 2) + 1]);
            float ValueIn(int r, int input) => Array.IndexOf(batch[r].Index, input) is var at and >= 0 ? batch[r].Value[at] : 0f;
            var expected = Enumerable.Range(0, rows).Where(r => ValueIn(r, k) != 0 || ValueIn(r, k + 1) != 0).ToArray();
            Assert.Equal(expected, lists.EntryRows[first..end].ToArray());
            Assert.Equal(expected.Select(r => ValueIn(r, k)), lists.FirstValues[first..end].ToArray());
            Assert.Equal(expected.Select(r => ValueIn(r, k + 1)), lists.SecondValues[first..end].ToArray());
            var present = (expected.Any(r => ValueIn(r, k) != 0) ? 1 : 0) | (expected.Any(r => ValueIn(r, k + 1) != 0) ? 2 : 0);
            Assert.Equal(present, lists.Present[(k - from) / 2]);
            entries += expected.Length;
        }

        Assert.Equal(entries, lists.EntryRows.Length);
        Assert.True(entries < index.Count, "neighbouring inputs share rows");
        Assert.Throws<ArgumentException>(() => lists.Build(from + 1, to, start, length, index.ToArray(), value.ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => lists.Build(from, to - 100, start, length, index.ToArray(), value.ToArray()));
        var twice = index.ToArray();
        twice[start[1] + 1] = twice[start[1]];
        Assert.Throws<ArgumentOutOfRangeException>(() => lists.Build(from, to, start, length, twice, value.ToArray()));
    }

    [Theory]
    [InlineData(0, 504)]
    [InlineData(5, 504)]
    [InlineData(8, 16)]
    [InlineData(17, 24)]
    [InlineData(550, 504)]
    [InlineData(300, 16)]
    [InlineData(61, 13)]
    public void Dots_in_ranges_of_groups_give_the_whole_lists_dots_bit_for_bit(int count, int stride)
    {
        var (index, _) = KernelTests.SparseRow(1000, count, 70);
        var (dz, w) = (KernelTests.Random(stride, 71), KernelTests.Random(1000 * stride, 72));
        var whole = new float[count];
        Kernels.GatherDots(index, dz, w, whole);
        var ranged = new float[count];
        var scratch = new float[count];
        var random = new Random(73);
        for (var first = 0; first < count;)
        {
            var end = Math.Min(count, first + (8 * random.Next(0, 5)));
            Kernels.GatherDots(index, dz, w, scratch, first, end);
            scratch.AsSpan(0, end - first).CopyTo(ranged.AsSpan(first));
            first = end;
        }

        Assert.Equal(whole, ranged);
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.GatherDots(index, dz, w, scratch, 3, count));
    }
}
