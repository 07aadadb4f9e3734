using System.IO.Compression;
using System.Security.Cryptography;

namespace MnistPS.Tests;

public class DataChecksumTests
{
    [Theory]
    [InlineData("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db")]
    [InlineData("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5")]
    [InlineData("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7")]
    [InlineData("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")]
    public void Shipped_file_decompresses_to_the_original_MNIST_bytes(string name, string sha256)
    {
        using var gzip = new GZipStream(File.OpenRead(TestData.PathOf(name + ".gz")), CompressionMode.Decompress);
        var hash = Convert.ToHexStringLower(SHA256.HashData(gzip));
        Assert.Equal(sha256, hash);
    }

    [Fact]
    public void Shipped_csv_holds_the_first_1000_test_images()
    {
        var csv = KaggleCsv.Load(TestData.PathOf("mnist-test-1000.csv"));
        Assert.Equal(1000, csv.Count);
        Assert.True(TestData.Test.Slice(0, 1000).PixelBuffer.SequenceEqual(csv.PixelBuffer));
        Assert.True(TestData.Test.Slice(0, 1000).LabelBuffer.SequenceEqual(csv.LabelBuffer));
    }

    [Fact]
    public void Shipped_sets_have_the_documented_sizes_and_all_ten_digits()
    {
        Assert.Equal(60000, TestData.Train.Count);
        Assert.Equal(10000, TestData.Test.Count);
        var counts = new int[10];
        for (var i = 0; i < TestData.Test.Count; i++)
        {
            counts[TestData.Test.GetLabel(i)]++;
        }

        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], counts);
    }
}
