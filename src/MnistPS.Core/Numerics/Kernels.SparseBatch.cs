using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistPS.Numerics;

/// <summary>
/// The sparse layer kernels over the rows of a batch, which take turns on a block of weights while it is in cache:
/// z = b + W^T a a block of columns at a time (the weight gradient over a batch is in Kernels.SparseUpdate.cs).
/// </summary>
internal static partial class Kernels
{
    /// <summary>
    /// Columns [from, to) of z = b + W^T a for the rows of a batch, one row after another on the block of weights:
    /// row i's non-zero inputs are index[start[i] ..] and value[start[i] ..], length[i] of them, and its z is
    /// destination[i * stride ..] (stride = bias.Length). Two rows at once where the 512-bit path takes a whole
    /// <see cref="ColumnBlock"/>, four where it takes a whole layer of 16 columns; each output is the one <see cref="SparseAffineTrusted(ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    /// gives its row, bit for bit.
    /// </summary>
    internal static void SparseAffineRows(ReadOnlySpan<int> index, ReadOnlySpan<float> value, ReadOnlySpan<int> start, ReadOnlySpan<int> length, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> destination, int from, int to)
    {
        var (rows, stride) = (start.Length, bias.Length);
        if (length.Length != rows || (long)rows * stride > destination.Length)
        {
            throw new ArgumentException("Inconsistent shapes.", nameof(destination));
        }

        var i = 0;
        if (IsWide && stride == 16 && from == 0 && to == 16)
        {
            for (; i + 3 < rows; i += 4)
            {
                SparseAffine16Rows4(index, value, start.Slice(i, 4), length.Slice(i, 4), w, bias, destination.Slice(i * stride, 4 * stride));
            }
        }

        if (IsWide && to - from == ColumnBlock)
        {
            for (; i + 1 < rows; i += 2)
            {
                var (a, b) = (start[i], start[i + 1]);
                SparseAffinePair(index.Slice(a, length[i]), value.Slice(a, length[i]), index.Slice(b, length[i + 1]), value.Slice(b, length[i + 1]), w, bias, destination.Slice(i * stride, stride), destination.Slice((i + 1) * stride, stride), from);
            }
        }

        for (; i < rows; i++)
        {
            SparseAffineTrusted(index.Slice(start[i], length[i]), value.Slice(start[i], length[i]), w, bias, destination.Slice(i * stride, stride), IsWide, from, to);
        }
    }
}
