using System.Buffers.Binary;
using System.IO.Compression;

namespace MnistPS.Tests;

public class IdxFileTests
{
    private readonly string _folder = TestData.NewFolder();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Round_trip_is_exact(bool compress)
    {
        var data = TestData.Test.Slice(100, 500);
        var images = Path.Combine(_folder, "x-images-idx3-ubyte");
        var labels = Path.Combine(_folder, "x-labels-idx1-ubyte");
        IdxFile.Write(data, images, labels, compress);

        var loaded = IdxFile.Load(images, labels);
        Assert.True(data.PixelBuffer.SequenceEqual(loaded.PixelBuffer));
        Assert.True(data.LabelBuffer.SequenceEqual(loaded.LabelBuffer));

        var streamed = IdxFile.ReadSamples(images, labels).ToList();
        Assert.Equal(500, streamed.Count);
        Assert.Equal(data.GetLabel(7), streamed[7].Label);
        Assert.True(data.GetImage(499).SequenceEqual(streamed[499].GetPixelSpan()));
    }

    [Fact]
    public void Gzip_is_detected_from_the_bytes_not_the_name()
    {
        var data = TestData.Test.Slice(0, 10);
        var images = Path.Combine(_folder, "plain-name-images");
        IdxFile.Write(data, images, compress: true);
        Assert.Equal(10, IdxFile.Load(images).Count);
        Assert.False(IdxFile.Load(images).HasLabels);
    }

    [Fact]
    public void Sibling_labels_file_is_found()
    {
        Assert.Equal(TestData.PathOf("t10k-labels-idx1-ubyte.gz"), IdxFile.FindLabelsFile(TestData.PathOf("t10k-images-idx3-ubyte.gz")));
    }

    [Fact]
    public void Wrong_magic_names_the_file()
    {
        var path = Write("bad-magic", Header(0x12345678, 1, 28, 28), new byte[784]);
        var e = Assert.Throws<MnistFormatException>(() => IdxFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not an IDX file", e.Message);
    }

    [Fact]
    public void Wrong_element_type_is_refused()
    {
        var path = Write("float-type", Header(0x00000D03, 1, 28, 28), new byte[784]);
        var e = Assert.Throws<MnistFormatException>(() => IdxFile.Load(path));
        Assert.Contains("0x0D", e.Message);
    }

    [Fact]
    public void Images_that_are_not_28x28_are_refused()
    {
        var path = Write("small", Header(IdxFile.ImagesMagic, 1, 14, 14), new byte[196]);
        var e = Assert.Throws<MnistFormatException>(() => IdxFile.Load(path));
        Assert.Contains("14x14", e.Message);
    }

    [Fact]
    public void A_header_claiming_two_billion_images_fails_as_truncated_without_allocating()
    {
        var path = Write("huge-claim", Header(IdxFile.ImagesMagic, int.MaxValue, 28, 28), new byte[784 * 3]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<MnistFormatException>(() => IdxFile.Load(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("truncated", e.Message);
        Assert.Contains("record 4 (index 3)", e.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_truncated_gzip_file_fails_with_the_record_where_it_ends()
    {
        var path = Path.Combine(_folder, "cut-images.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Header(IdxFile.ImagesMagic, 1_000_000, 28, 28));
            gzip.Write(new byte[(784 * 5) + 100]);
        }

        var e = Assert.Throws<MnistFormatException>(() => IdxFile.Load(path));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("after 5", e.Message);
        Assert.Throws<MnistFormatException>(() => IdxFile.ReadSamples(path).Count());
    }

    [Fact]
    public void A_label_outside_0_to_9_names_the_record_and_the_good_records_still_flow()
    {
        var images = Write("l-images", Header(IdxFile.ImagesMagic, 3, 28, 28), new byte[784 * 3]);
        var labels = Write("l-labels", Header(IdxFile.LabelsMagic, 3), [1, 12, 3]);
        var e = Assert.Throws<MnistRecordException>(() => IdxFile.ReadSamples(images, labels).ToList());
        Assert.Contains(labels, e.Message);
        Assert.Contains("record 2 (index 1)", e.Message);

        var errors = new List<MnistRecordException>();
        var samples = IdxFile.ReadSamples(images, labels, errors.Add).ToList();
        Assert.Equal([1, 3], samples.Select(s => s.Label!.Value));
        Assert.Single(errors);
        Assert.Equal(2, IdxFile.Load(images, labels, errors.Add).Count);
    }

    [Theory]
    [InlineData(10, 5, "l", "record 6 (index 5)")] // both end early: the label of record 6 is missing first
    [InlineData(5, 10, "i", "record 6 (index 5)")]
    [InlineData(7, 7, "i", "record 8 (index 7)")] // both end after 7: the image is read first
    public void Loading_and_streaming_read_the_same_way_and_name_the_same_first_broken_record(int images, int labels, string file, string record)
    {
        // #17: IDX had two read paths; loading reported the images file's end even where a label was missing earlier.
        var imagesPath = WriteGzip($"t{images}{labels}-images.gz", Header(IdxFile.ImagesMagic, 12, 28, 28), new byte[(784 * images) + 300]);
        var labelsPath = WriteGzip($"t{images}{labels}-labels.gz", Header(IdxFile.LabelsMagic, 12), Enumerable.Range(0, labels).Select(i => (byte)(i % 10)).ToArray());
        var streamed = new List<MnistSample>();
        var fromStream = Assert.Throws<MnistFormatException>(() => streamed.AddRange(IdxFile.ReadSamples(imagesPath, labelsPath)));
        var fromLoad = Assert.Throws<MnistFormatException>(() => IdxFile.Load(imagesPath, labelsPath));
        Assert.Equal(fromStream.Message, fromLoad.Message);
        Assert.StartsWith(file == "l" ? labelsPath : imagesPath, fromLoad.Message, StringComparison.Ordinal);
        Assert.Contains(record, fromLoad.Message, StringComparison.Ordinal);
        Assert.Equal(Math.Min(images, labels), streamed.Count);
    }

    [Fact]
    public void Loading_and_streaming_skip_and_report_the_same_bad_labels()
    {
        var data = TestData.Test.Slice(0, 300);
        var labels = data.LabelBuffer.ToArray();
        foreach (var bad in new[] { 0, 64, 65, 200, 299 })
        {
            labels[bad] = (byte)(10 + bad % 200);
        }

        var imagesPath = WriteGzip("b-images.gz", Header(IdxFile.ImagesMagic, 300, 28, 28), data.PixelBuffer.ToArray());
        var labelsPath = WriteGzip("b-labels.gz", Header(IdxFile.LabelsMagic, 300), labels);
        var (streamErrors, loadErrors) = (new List<MnistRecordException>(), new List<MnistRecordException>());
        var streamed = MnistDataset.FromSamples(IdxFile.ReadSamples(imagesPath, labelsPath, streamErrors.Add));
        var loaded = IdxFile.Load(imagesPath, labelsPath, loadErrors.Add);
        Assert.Equal(295, loaded.Count);
        Assert.True(streamed.PixelBuffer.SequenceEqual(loaded.PixelBuffer));
        Assert.True(streamed.LabelBuffer.SequenceEqual(loaded.LabelBuffer));
        Assert.Equal(streamErrors.Select(e => e.Message), loadErrors.Select(e => e.Message));
        Assert.Equal(5, loadErrors.Count);
        Assert.Equal(Assert.Throws<MnistRecordException>(() => IdxFile.Load(imagesPath, labelsPath)).Message, loadErrors[0].Message);
    }

    [Fact]
    public void Image_and_label_counts_must_agree()
    {
        var images = Write("c-images", Header(IdxFile.ImagesMagic, 2, 28, 28), new byte[784 * 2]);
        var labels = Write("c-labels", Header(IdxFile.LabelsMagic, 3), [1, 2, 3]);
        var e = Assert.Throws<MnistFormatException>(() => IdxFile.Load(images, labels));
        Assert.Contains("3 labels", e.Message);
        Assert.Contains("2 images", e.Message);
    }

    [Fact]
    public void Labels_and_images_swapped_are_named()
    {
        var labels = Write("s-labels", Header(IdxFile.LabelsMagic, 3), [1, 2, 3]);
        var e = Assert.Throws<MnistFormatException>(() => IdxFile.Load(labels));
        Assert.Contains("swapped", e.Message);
    }

    [Fact]
    public void Empty_file_and_header_only_are_refused()
    {
        var empty = Write("empty", []);
        Assert.Contains("empty", Assert.Throws<MnistFormatException>(() => IdxFile.Load(empty)).Message);
        var headerOnly = Write("header-only", Header(IdxFile.ImagesMagic, 5, 28, 28));
        Assert.Contains("truncated", Assert.Throws<MnistFormatException>(() => IdxFile.Load(headerOnly)).Message);
    }

    [Fact]
    public void Corrupt_gzip_is_a_format_error()
    {
        var bytes = File.ReadAllBytes(TestData.PathOf("t10k-labels-idx1-ubyte.gz"));
        for (var i = 20; i < 200; i++)
        {
            bytes[i] ^= 0x5A;
        }

        var path = Write("corrupt.gz", bytes);
        var e = Assert.Throws<MnistFormatException>(() => IdxFile.Load(path));
        Assert.Contains(path, e.Message);
    }

    private static byte[] Header(int magic, params int[] dims)
    {
        var header = new byte[4 + (4 * dims.Length)];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), dims[i]);
        }

        return header;
    }

    private string WriteGzip(string name, params byte[][] parts)
    {
        var path = Path.Combine(_folder, name);
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(parts.SelectMany(p => p).ToArray());
        }

        return path;
    }

    private string Write(string name, params byte[][] parts)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, parts.SelectMany(p => p).ToArray());
        return path;
    }
}
