using MnistPS.Numerics;

namespace MnistPS.Tests;

/// <summary>
/// The small dense matrix product of elastic fields (<see cref="Kernels.MatrixProduct(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int)"/>):
/// against the reference loop, its 512-bit path against the others, and its banded form against the full product.
/// </summary>
[Trait("Category", "Kernels")]
public class MatrixProductTests
{
    [Theory]
    [InlineData(1, 1, 8)]
    [InlineData(3, 5, 8)]
    [InlineData(28, 28, 32)]
    [InlineData(56, 28, 32)]
    [InlineData(7, 13, 40)]
    [InlineData(9, 4, 56)]
    public void The_matrix_product_matches_the_reference_and_its_512_bit_path_the_others_bit_for_bit(int rows, int inner, int width)
    {
        var (a, b) = (KernelTests.Random(rows * inner, 30), KernelTests.Random(inner * width, 31));
        var (expected, wide, narrow) = (new float[rows * width], new float[rows * width], new float[rows * width]);
        ReferenceKernels.MatrixProduct(a, b, expected, inner);
        Kernels.MatrixProduct(a, b, wide, inner, wide: true);
        Kernels.MatrixProduct(a, b, narrow, inner, wide: false);
        KernelTests.AssertClose(expected, wide);
        Assert.Equal(narrow, wide);
        Assert.Throws<ArgumentException>(() => Kernels.MatrixProduct(a, b.AsSpan(1), wide, inner));
        Assert.Throws<ArgumentException>(() => Kernels.MatrixProduct(a, b, wide.AsSpan(1), inner));
    }

    [Theory]
    [InlineData(28, 32, 12)]
    [InlineData(28, 32, 3)]
    [InlineData(9, 8, 0)]
    [InlineData(13, 16, 40)]
    public void A_banded_matrix_product_skips_only_zeros_and_gives_the_full_products_bits(int size, int width, int band)
    {
        // a is zero beyond the band (as the elastic field's Gaussian taps are); b holds negative values too, so
        // products of those zeros are -0.
        var a = KernelTests.Random(size * size, 32);
        for (var y = 0; y < size; y++)
        {
            for (var k = 0; k < size; k++)
            {
                a[(y * size) + k] = Math.Abs(y - k) > band ? 0f : a[(y * size) + k];
            }
        }

        var b = KernelTests.Random(size * width, 33);
        foreach (var wide in new[] { true, false })
        {
            var (full, banded) = (new float[size * width], new float[size * width]);
            Kernels.MatrixProduct(a, b, full, size, wide);
            Kernels.MatrixProduct(a, b, banded, size, wide, band);
            Assert.Equal(full.Select(BitConverter.SingleToInt32Bits), banded.Select(BitConverter.SingleToInt32Bits));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.MatrixProduct(a, b, new float[size * width], size, band: -1));
    }

    [Fact]
    public void The_matrix_product_refuses_a_result_whose_size_only_matches_after_overflow()
    {
        // 65,536 rows of a times 65,536 columns of b is 2^32 outputs, which wraps to 0 in 32-bit arithmetic.
        var (a, b) = (new float[65_536], new float[65_536]);
        Assert.Throws<ArgumentException>(() => Kernels.MatrixProduct(a, b, Span<float>.Empty, 1));
    }
}
