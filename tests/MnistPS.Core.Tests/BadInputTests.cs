using System.IO.Compression;
using System.Text;

namespace MnistPS.Tests;

/// <summary>Generated bad inputs: every one gets a clear error naming the file and where, and memory stays bounded.</summary>
public class BadInputTests
{
    private readonly string _folder = TestData.NewFolder();

    public static TheoryData<string, string, string> CsvCases => new()
    {
        { "header-only", "line 2: the file has a header but no rows", "format" },
        { "long-row", "line 2: the row has 786 fields, expected 785", "record" },
        { "short-row", "line 2: the row has 784 fields, expected 785", "record" },
        { "negative-pixel", "line 2: pixel0 (field 2) is '-1'", "record" },
        { "label-not-number", "line 2: the label 'x' is not a digit 0 to 9", "record" },
        { "label-ten", "line 2: the label '10' is not a digit 0 to 9", "record" },
        { "not-mnist-header", "line 1: column 2 of the header is 'pixel1', expected 'pixel0'", "format" },
        { "binary", "line 1:", "format" },
        { "first-row-count", "line 1: the first row has 3 fields", "format" },
    };

    [Theory]
    [MemberData(nameof(CsvCases))]
    public void Bad_csv_names_file_line_and_problem(string kind, string expected, string level)
    {
        var path = Path.Combine(_folder, kind + ".csv");
        var header = KaggleCsvTests.LabelHeader();
        var good = KaggleCsvTests.Row(1, 0);
        var bytes = kind switch
        {
            "header-only" => Encoding.UTF8.GetBytes(header + "\n"),
            "long-row" => Encoding.UTF8.GetBytes(header + "\n" + good + ",0\n"),
            "short-row" => Encoding.UTF8.GetBytes(header + "\n" + good[..good.LastIndexOf(',')] + "\n"),
            "negative-pixel" => Encoding.UTF8.GetBytes(header + "\n1,-1" + good[3..] + "\n"),
            "label-not-number" => Encoding.UTF8.GetBytes(header + "\nx" + good[1..] + "\n"),
            "label-ten" => Encoding.UTF8.GetBytes(header + "\n10" + good[1..] + "\n"),
            "not-mnist-header" => Encoding.UTF8.GetBytes(header.Replace("pixel0,", string.Empty, StringComparison.Ordinal) + ",extra\n" + good + "\n"),
            "binary" => Enumerable.Range(0, 5000).Select(i => (byte)((i * 7919) % 256)).ToArray(),
            _ => Encoding.UTF8.GetBytes("1,2,3\n4,5,6\n"),
        };
        File.WriteAllBytes(path, bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.ThrowsAny<MnistDataException>(() => KaggleCsv.ReadSamples(path).ToList());
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < (4 << 20), "allocation beyond what the file can hold");
        Assert.Equal(level, error is MnistFormatException ? "format" : "record");
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_has_784_pixels_whether_it_copies_them_or_keeps_the_readers_array()
    {
        // The readers' way in (no copy) once took a flag that did nothing and skipped the pixel count check.
        Assert.Throws<ArgumentException>(() => new MnistSample(new byte[783], 1));
        Assert.Throws<ArgumentException>(() => MnistSample.Adopt(new byte[783], 1, null, 0));
        Assert.Throws<ArgumentException>(() => MnistSample.Adopt(new byte[785], null, null, 0));
        var pixels = new byte[784];
        var kept = MnistSample.Adopt(pixels, 3, "reader", 5);
        pixels[0] = 200;
        Assert.Equal(200, kept.Pixels[0]);
        Assert.Equal(0, new MnistSample(new byte[784], 3).Pixels[0]);
    }

    [Fact]
    public void A_gz_name_on_a_plain_file_loads_like_the_plain_file()
    {
        var plain = Path.Combine(_folder, "plain.csv");
        KaggleCsv.Write(TestData.Test.Slice(0, 5).AsSamples(), plain, includeLabels: true);
        var misnamed = Path.Combine(_folder, "misnamed.csv.gz");
        File.Copy(plain, misnamed);
        Assert.True(KaggleCsv.Load(plain).PixelBuffer.SequenceEqual(KaggleCsv.Load(misnamed).PixelBuffer));

        var gzipped = Path.Combine(_folder, "really.csv");
        using (var gzip = new GZipStream(File.Create(gzipped), CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(plain));
        }

        Assert.True(KaggleCsv.Load(plain).LabelBuffer.SequenceEqual(KaggleCsv.Load(gzipped).LabelBuffer));
    }

    [Fact]
    public void A_truncated_gzip_csv_is_a_format_error()
    {
        var path = Path.Combine(_folder, "cut.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(KaggleCsvTests.LabelHeader() + "\n" + KaggleCsvTests.Row(1, 0) + "\n"));
        }

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.ThrowsAny<MnistDataException>(() => KaggleCsv.Load(path));
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Idx_dimensions_far_larger_than_28_are_refused_before_allocating()
    {
        var path = Path.Combine(_folder, "wide-images");
        var header = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, IdxFile.ImagesMagic);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), 1000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), 100000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), 100000);
        File.WriteAllBytes(path, header);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<MnistFormatException>(() => IdxFile.Load(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < (1 << 20));
        Assert.Contains("100000x100000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_bomb_claiming_billions_of_images_grows_memory_only_with_the_data()
    {
        var path = Path.Combine(_folder, "claim.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            var header = new byte[16];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, IdxFile.ImagesMagic);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), int.MaxValue);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), 28);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), 28);
            gzip.Write(header);
            gzip.Write(new byte[784 * 10]);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<MnistFormatException>(() => IdxFile.Load(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < (16 << 20), "allocation beyond what the file holds");
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }
}
