using MnistPS.Numerics;

namespace MnistPS.Tests;

/// <summary>Elastic distortion: the displacement fields against a plain two-dimensional Gaussian, their statistics, the warp, and training with it.</summary>
public class ElasticTests
{
    [Trait("Category", "Kernels")]
    [Theory]
    [InlineData(34, 4)]
    [InlineData(8, 1)]
    [InlineData(100, 8)]
    public void A_field_is_its_noise_smoothed_by_a_plain_two_dimensional_gaussian_and_scaled(double alpha, double sigma)
    {
        var elastic = new ElasticField(alpha, sigma);
        var scratch = new float[ElasticField.ScratchLength];
        elastic.Fill(12345, scratch);

        // The same noise, drawn again one SplitMix64 draw at a time (the x field's 784 32-bit halves, then the y
        // field's), filtered in double by the definition.
        var noise = new double[2, 28, 28];
        for (var i = 0; i < 2 * 784; i += 2)
        {
            var draw = CounterStream.Mix(12345 + ((ulong)(i / 2) + 1) * 0x9E3779B97F4A7C15UL);
            noise[i / 784, i % 784 / 28, i % 28] = ((uint)draw >> 8) / (double)(1 << 23) - 1;
            noise[(i + 1) / 784, (i + 1) % 784 / 28, (i + 1) % 28] = ((uint)(draw >> 32) >> 8) / (double)(1 << 23) - 1;
        }

        var g = Taps(sigma);
        var radius = g.Length / 2;
        var total = g.Sum();
        for (var f = 0; f < 2; f++)
        {
            var field = f == 0 ? ElasticField.X(scratch) : ElasticField.Y(scratch);
            for (var y = 0; y < 28; y++)
            {
                for (var x = 0; x < 28; x++)
                {
                    var sum = 0.0;
                    for (var j = -radius; j <= radius; j++)
                    {
                        for (var k = -radius; k <= radius; k++)
                        {
                            if (y + j is >= 0 and < 28 && x + k is >= 0 and < 28)
                            {
                                sum += g[j + radius] * g[k + radius] * noise[f, y + j, x + k];
                            }
                        }
                    }

                    var expected = alpha * sum / (total * total);
                    var actual = field[(y * ElasticField.Stride) + x];
                    Assert.True(Math.Abs(expected - actual) <= 1e-5 * alpha, $"field {f} ({x}, {y}): expected {expected}, got {actual}");
                }
            }
        }
    }

    [Fact]
    public void Fields_have_the_spread_and_smoothness_the_gaussian_gives()
    {
        const double alpha = 34, sigma = 4;
        var elastic = new ElasticField(alpha, sigma);
        var scratch = new float[ElasticField.ScratchLength];
        const int fields = 4000, at = (14 * ElasticField.Stride) + 14;
        double sum = 0, squares = 0, products = 0, crossed = 0;
        for (var n = 0; n < fields / 2; n++)
        {
            elastic.Fill((ulong)n * 7919, scratch);
            var (fieldX, fieldY) = (ElasticField.X(scratch).ToArray(), ElasticField.Y(scratch).ToArray());
            crossed += (double)fieldX[at] * fieldY[at];
            foreach (var field in new[] { fieldX, fieldY })
            {
                double centre = field[at], right = field[at + 1];
                sum += centre;
                squares += centre * centre;
                products += centre * right;
            }
        }

        // At the centre the whole kernel lies inside the image: the variance is alpha^2 Var(U) (sum g^2)^2, Var(U) = 1/3.
        var g = Taps(sigma);
        var squaresOfTaps = g.Sum(t => t * t) / (g.Sum() * g.Sum());
        var expected = alpha * Math.Sqrt(1.0 / 3) * squaresOfTaps;
        var spread = Math.Sqrt(squares / fields);
        Assert.True(Math.Abs(sum / fields) < 0.1 * expected, $"mean {sum / fields}");
        Assert.InRange(spread / expected, 0.95, 1.05);

        // Neighbours move together: the correlation of a Gaussian-smoothed white noise one pixel apart is exp(-1 / (4 sigma^2)).
        Assert.InRange(products / squares, Math.Exp(-1 / (4 * sigma * sigma)) - 0.02, 1.0);

        // The two components are independent: over 2,000 images their correlation's standard error is about 0.022.
        Assert.InRange(crossed / (squares / 2), -0.1, 0.1);
    }

    [Fact]
    public void A_constant_field_moves_the_image_as_a_shift_does()
    {
        var image = TestData.Test.GetImage(3).ToArray();
        var (minusOne, two, zero) = (Enumerable.Repeat(-1f, 784).ToArray(), Enumerable.Repeat(2f, 784).ToArray(), new float[784]);
        var (shifted, displaced) = (new byte[784], new byte[784]);
        Augmentation.Transform(image, shifted, 1, -2, 0);
        Augmentation.Transform(image, displaced, 0, 0, 0, minusOne, two);
        Assert.Equal(shifted.Select(p => p < Augmentation.FaintestInk ? (byte)0 : p), displaced);

        // A zero field is no displacement, with a turn too.
        var (turned, turnedAndZero) = (new byte[784], new byte[784]);
        Augmentation.Transform(image, turned, 1, 0, 12);
        Augmentation.Transform(image, turnedAndZero, 1, 0, 12, zero, zero);
        Assert.Equal(turned, turnedAndZero);
    }

    [Fact]
    public void Fields_with_padded_rows_warp_as_plain_28x28_ones_and_bad_shapes_are_refused()
    {
        // The same field in rows of 28 and in rows of ElasticField.Stride whose padding is NaN: a warp that read the
        // padding, or took the rows as 28 long, would differ.
        var image = TestData.Test.GetImage(5).ToArray();
        var elastic = new ElasticField(30, 4);
        var scratch = new float[ElasticField.ScratchLength];
        elastic.Fill(99, scratch);
        var (paddedX, paddedY) = (ElasticField.X(scratch).ToArray(), ElasticField.Y(scratch).ToArray());
        var (plainX, plainY) = (new float[784], new float[784]);
        for (var y = 0; y < 28; y++)
        {
            paddedX.AsSpan((y * ElasticField.Stride) + 28, ElasticField.Stride - 28).Fill(float.NaN);
            paddedY.AsSpan((y * ElasticField.Stride) + 28, ElasticField.Stride - 28).Fill(float.NaN);
            paddedX.AsSpan(y * ElasticField.Stride, 28).CopyTo(plainX.AsSpan(y * 28));
            paddedY.AsSpan(y * ElasticField.Stride, 28).CopyTo(plainY.AsSpan(y * 28));
        }

        foreach (var bits in new[] { 512, 256, 0 })
        {
            var (padded, plain) = (new byte[784], new byte[784]);
            Augmentation.Transform(image, padded, 1, -1, 7, paddedX, paddedY, bits);
            Augmentation.Transform(image, plain, 1, -1, 7, plainX, plainY, bits);
            Assert.Equal(plain, padded);
            Assert.NotEqual(image, padded);
        }

        var output = new byte[784];
        Assert.Throws<ArgumentException>(() => Augmentation.Transform(image, output, 0, 0, 0, new float[700], new float[700]));
        Assert.Throws<ArgumentException>(() => Augmentation.Transform(image, output, 0, 0, 0, new float[27 * 28], new float[27 * 28]));
        Assert.Throws<ArgumentException>(() => Augmentation.Transform(image, output, 0, 0, 0, plainX, paddedY));
    }

    [Fact]
    public void Turns_match_a_double_precision_bilinear_reference_to_one_grey_level_with_the_faint_halo_cut()
    {
        var random = new Random(4);
        var actual = new byte[784];
        for (var n = 0; n < 200; n++)
        {
            var image = TestData.Test.GetImage(n).ToArray();
            var (dx, dy, degrees) = (random.Next(-2, 3), random.Next(-2, 3), (random.NextDouble() * 40) - 20);
            Augmentation.Transform(image, actual, dx, dy, degrees);
            var (cos, sin) = (Math.Cos(degrees * Math.PI / 180), Math.Sin(degrees * Math.PI / 180));
            for (var y = 0; y < 28; y++)
            {
                for (var x = 0; x < 28; x++)
                {
                    double u = x - dx - 13.5, v = y - dy - 13.5;
                    var exact = Bilinear(image, (cos * u) + (sin * v) + 13.5, (-sin * u) + (cos * v) + 13.5);
                    var expected = exact < Augmentation.FaintestInk - 0.5 ? 0 : Math.Round(exact);
                    var onTheEdge = Math.Abs(exact - (Augmentation.FaintestInk - 0.5)) < 0.01;
                    Assert.True(onTheEdge || Math.Abs(expected - actual[(y * 28) + x]) <= 1, $"image {n} ({x}, {y}): expected {expected}, got {actual[(y * 28) + x]}");
                }
            }
        }
    }

    [Trait("Category", "Kernels")]
    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    public void The_vector_warps_give_the_pixel_by_pixel_warps_image_byte_for_byte(int bits)
    {
        // Moves, turns up to 30 degrees either way and fields of every strength, over real digits. Where the processor
        // lacks the width, the call takes the next narrower path (pixel by pixel without AVX2, where this holds trivially).
        var elastic = new ElasticField(40, 3);
        var scratch = new float[ElasticField.ScratchLength];
        var (vector, scalar) = (new byte[784], new byte[784]);
        var random = new Random(90);
        var differing = 0;
        for (var i = 0; i < 3000; i++)
        {
            var image = TestData.Train.GetImage(i);
            var (dx, dy, degrees) = (random.Next(-3, 4), random.Next(-3, 4), (random.NextDouble() * 60) - 30);
            var withFields = i % 3 != 0;
            if (withFields)
            {
                elastic.Fill((ulong)i * 77, scratch);
            }

            // The fields as the column passes leave them, rows padded to ElasticField.Stride.
            ReadOnlySpan<float> fx = withFields ? ElasticField.X(scratch) : default, fy = withFields ? ElasticField.Y(scratch) : default;
            Augmentation.Transform(image, vector, dx, dy, degrees, fx, fy, bits);
            Augmentation.Transform(image, scalar, dx, dy, degrees, fx, fy, bits: 0);
            Assert.True(scalar.AsSpan().SequenceEqual(vector), $"image {i}: ({dx}, {dy}), {degrees} degrees, fields {withFields}");
            differing += image.SequenceEqual(scalar) ? 0 : 1;
        }

        Assert.True(differing > 2900, $"only {differing} images were changed at all");
    }

    [Trait("Category", "Kernels")]
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void A_point_just_above_the_ink_boxs_bottom_reads_blank_rows_on_every_path(int inked)
    {
        // Ink in rows 0 .. inked - 1, so the box's open bottom edge is at y = inked; a point at the float just below it
        // has y + 1 rounding up to inked + 1, and its lower neighbours in the row below the ink's. A full image warped
        // first leaves ink in whatever scratch memory the vector paths reuse.
        var full = Enumerable.Repeat((byte)255, 784).ToArray();
        var image = new byte[784];
        image.AsSpan(0, inked * 28).Fill(200);
        var (fieldX, fieldY) = (new float[784], new float[784]);
        fieldY[10] = MathF.BitDecrement(inked);
        var expected = new byte[784];
        Augmentation.Transform(image, expected, 0, 0, 0, fieldX, fieldY, bits: 0);
        foreach (var bits in new[] { 512, 256 })
        {
            var actual = new byte[784];
            Augmentation.Transform(full, actual, 0, 0, 0, fieldX, fieldY, bits);
            Augmentation.Transform(image, actual, 0, 0, 0, fieldX, fieldY, bits);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{bits} bits: pixel 10 is {actual[10]}, expected {expected[10]}");
        }
    }

    [Trait("Category", "Kernels")]
    [Fact]
    public void The_vector_framing_gives_the_frame_and_ink_box_of_the_byte_by_byte_one()
    {
        // Images with ink in the corners and on every edge, single pixels, blank ones and full ones.
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported)
        {
            return;
        }

        var random = new Random(91);
        var (image, expected, actual) = (new byte[784], new byte[902], new byte[902]);
        for (var i = 0; i < 2000; i++)
        {
            Array.Clear(image);
            var pixels = i % 4 == 0 ? random.Next(0, 3) : random.Next(0, 785);
            for (var p = 0; p < pixels; p++)
            {
                image[random.Next(784)] = (byte)random.Next(1, 256);
            }

            random.NextBytes(expected);
            random.NextBytes(actual);
            var box = Augmentation.Frame(image, expected);
            Assert.Equal(box, Augmentation.Frame256(image, actual));
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"image {i}");
        }
    }

    [Trait("Category", "Kernels")]
    [Fact]
    public void Elastic_training_stays_bit_identical_across_thread_counts_and_differs_from_plain()
    {
        var data = TestData.Train.Slice(0, 1500);
        float[] Run(int threads, float alpha)
        {
            var network = Network.Create(new NetworkOptions { HiddenSizes = [30], Seed = 3 });
            var options = new TrainingOptions { Epochs = 2, BatchSize = 50, MaxShift = 1, MaxRotation = 5, ElasticAlpha = alpha, Seed = 5, MaxThreads = threads };
            foreach (var _ in new Trainer(network, options).Train(data))
            {
            }

            return network.Layers.SelectMany(l => l.W.ToArray().Concat(l.B.ToArray())).ToArray();
        }

        var one = Run(1, 34);
        Assert.Equal(one, Run(2, 34));
        Assert.NotEqual(one, Run(2, 0));
    }

    [Fact]
    public void Elastic_settings_are_checked_and_described()
    {
        Assert.Contains("ElasticAlpha is 101", Assert.Throws<ArgumentException>(() => new TrainingOptions { ElasticAlpha = 101 }.Validate()).Message);
        Assert.Contains("ElasticSigma is 0.5", Assert.Throws<ArgumentException>(() => new TrainingOptions { ElasticAlpha = 34, ElasticSigma = 0.5f }.Validate()).Message);
        Assert.Contains("elastic alpha 34 sigma 4", new TrainingOptions { ElasticAlpha = 34 }.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("elastic", new TrainingOptions().ToString(), StringComparison.Ordinal);
    }

    /// <summary>The unnormalised Gaussian exp(-k^2 / 2 sigma^2) for k within 3 sigma, the definition of the smoothing.</summary>
    private static double[] Taps(double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        return Enumerable.Range(-radius, (2 * radius) + 1).Select(k => Math.Exp(-k * k / (2 * sigma * sigma))).ToArray();
    }

    /// <summary>The turn as first written, in double precision and unrounded: the reference of the float path.</summary>
    private static double Bilinear(byte[] image, double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        double Pixel(int px, int py) => px is < 0 or >= 28 || py is < 0 or >= 28 ? 0 : image[(py * 28) + px];
        return ((1 - fx) * (1 - fy) * Pixel(x0, y0)) + (fx * (1 - fy) * Pixel(x0 + 1, y0)) + ((1 - fx) * fy * Pixel(x0, y0 + 1)) + (fx * fy * Pixel(x0 + 1, y0 + 1));
    }
}
