using MnistPS.Numerics;

namespace MnistPS.Tests;

/// <summary>
/// The kernels' batch forms, in which the rows of a batch take turns on a block of weights: a block of columns of
/// z = b + W^T a, an input's row of W += a dz^T over the rows, a range of W dz. Each must give what the row-by-row
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
    [MemberData(nameof(Strides))]
    public void Outer_adds_by_input_give_the_row_by_row_sums_bit_for_bit(int stride, int inputs, bool wide)
    {
        // 37 rows of a batch, each with its own non-zero inputs; the update phase's range of inputs is [from, to).
        const int rows = 37;
        var (from, to) = (inputs / 3, inputs - 1);
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

        var lists = new InputLists();
        lists.Build(from, to, start, length, index, value);
        for (var c = 0; c < stride;)
        {
            var end = Kernels.ColumnsEnd(c, stride, 2 * Kernels.ColumnBlock);
            Kernels.InputsOuterAdd(lists.Starts, lists.EntryRows, lists.EntryValues, dz, rows, stride, byInput.AsSpan(from * stride, (to - from) * stride), c, end, wide);
            c = end;
        }

        Assert.Equal(rowByRow, byInput);
    }

    [Fact]
    public void Input_lists_hold_each_inputs_rows_in_order_with_their_values()
    {
        const int rows = 50;
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

        var lists = new InputLists();
        lists.Build(from, to, start, length, index.ToArray(), value.ToArray());
        Assert.Equal(rows, lists.RowCount);
        Assert.Equal(to - from + 1, lists.Starts.Length);
        for (var k = from; k < to; k++)
        {
            var (first, end) = (lists.Starts[k - from], lists.Starts[k - from + 1]);
            var expected = Enumerable.Range(0, rows).Where(r => Array.IndexOf(batch[r].Index, k) >= 0).ToArray();
            Assert.Equal(expected, lists.EntryRows[first..end].ToArray());
            Assert.Equal(expected.Select(r => batch[r].Value[Array.IndexOf(batch[r].Index, k)]), lists.EntryValues[first..end].ToArray());
        }

        Assert.Equal(index.Count, lists.EntryRows.Length);
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
