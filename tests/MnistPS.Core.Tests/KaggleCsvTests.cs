using System.Text;

namespace MnistPS.Tests;

public class KaggleCsvTests
{
    private readonly string _folder = TestData.NewFolder();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Round_trip_is_exact(bool labelled)
    {
        var data = TestData.Test.Slice(0, 200);
        var path = Path.Combine(_folder, "round.csv");
        var samples = labelled ? data.AsSamples() : data.AsSamples().Select(s => new MnistSample(s.GetPixelSpan(), null));
        Assert.Equal(200, KaggleCsv.Write(samples, path, labelled));

        var loaded = KaggleCsv.Load(path);
        Assert.Equal(labelled, loaded.HasLabels);
        Assert.True(data.PixelBuffer.SequenceEqual(loaded.PixelBuffer));
        if (labelled)
        {
            Assert.True(data.LabelBuffer.SequenceEqual(loaded.LabelBuffer));
        }

        Assert.StartsWith(labelled ? "label,pixel0,pixel1," : "pixel0,pixel1,", File.ReadLines(path).First());
    }

    [Fact]
    public void Images_of_mixed_samples_pack_without_labels()
    {
        var labelled = TestData.Test.GetSample(0);
        var unlabelled = new MnistSample(TestData.Test.GetImage(1), null);
        Assert.Throws<ArgumentException>(() => MnistDataset.FromSamples([labelled, unlabelled]));
        var images = MnistDataset.FromImages([labelled, unlabelled]);
        Assert.False(images.HasLabels);
        Assert.True(TestData.Test.Slice(0, 2).PixelBuffer.SequenceEqual(images.PixelBuffer));
    }

    [Fact]
    public void Header_is_optional()
    {
        var path = Path.Combine(_folder, "noheader.csv");
        File.WriteAllText(path, Row(7, 3) + "\n" + Row(2, 255) + "\n");
        var samples = KaggleCsv.ReadSamples(path).ToList();
        Assert.Equal([7, 2], samples.Select(s => s.Label!.Value));
        Assert.Equal(255, samples[1].Pixels[783]);
        Assert.Equal(1, samples[1].Index);
    }

    [Fact]
    public void Unlabelled_rows_have_no_label()
    {
        var path = Path.Combine(_folder, "test.csv");
        File.WriteAllText(path, PixelHeader() + "\n" + Row(null, 9) + "\n");
        var sample = Assert.Single(KaggleCsv.ReadSamples(path));
        Assert.Null(sample.Label);
        Assert.Equal(9, sample.Pixels[0]);
    }

    [Theory]
    [InlineData("short", "the row has 3 fields, expected 785")]
    [InlineData("pixel", "pixel5 (field 7) is '256'")]
    [InlineData("fraction", "pixel5 (field 7) is '1.5'")]
    [InlineData("label", "the label '12' is not a digit")]
    [InlineData("word", "the label 'seven' is not a digit")]
    public void A_bad_row_names_file_and_line_and_the_good_rows_keep_flowing(string kind, string expected)
    {
        var bad = kind switch
        {
            "short" => "1,2,3",
            "pixel" => Row(1, 0).Replace(",0,0,0,0,0,0,", ",0,0,0,0,0,256,", StringComparison.Ordinal),
            "fraction" => Row(1, 0).Replace(",0,0,0,0,0,0,", ",0,0,0,0,0,1.5,", StringComparison.Ordinal),
            "label" => "12" + Row(1, 0)[1..],
            _ => "seven" + Row(1, 0)[1..],
        };
        var path = Path.Combine(_folder, kind + ".csv");
        File.WriteAllText(path, LabelHeader() + "\n" + Row(4, 0) + "\n" + bad + "\n" + Row(5, 0) + "\n");

        var e = Assert.Throws<MnistRecordException>(() => KaggleCsv.ReadSamples(path).ToList());
        Assert.Contains(path, e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains(expected, e.Message);

        var errors = new List<MnistRecordException>();
        Assert.Equal([4, 5], KaggleCsv.ReadSamples(path, errors.Add).Select(s => s.Label!.Value));
        Assert.Single(errors);
    }

    [Fact]
    public void A_header_that_is_not_MNIST_is_a_format_error()
    {
        var path = Path.Combine(_folder, "other.csv");
        File.WriteAllText(path, "name,age\nbob,3\n");
        var e = Assert.Throws<MnistFormatException>(() => KaggleCsv.ReadSamples(path).ToList());
        Assert.Contains("line 1", e.Message);
        Assert.Contains("header has 2 columns", e.Message);
    }

    [Fact]
    public void Empty_file_is_a_format_error()
    {
        var path = Path.Combine(_folder, "empty.csv");
        File.WriteAllText(path, string.Empty);
        Assert.Contains("empty", Assert.Throws<MnistFormatException>(() => KaggleCsv.Load(path)).Message);
    }

    [Fact]
    public void Crlf_and_byte_order_mark_load_like_the_plain_file()
    {
        var plain = Path.Combine(_folder, "plain.csv");
        var text = LabelHeader() + "\n" + Row(3, 17) + "\n" + Row(8, 200) + "\n";
        File.WriteAllText(plain, text);
        var windows = Path.Combine(_folder, "windows.csv");
        File.WriteAllText(windows, text.Replace("\n", "\r\n", StringComparison.Ordinal), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var a = KaggleCsv.Load(plain);
        var b = KaggleCsv.Load(windows);
        Assert.True(a.PixelBuffer.SequenceEqual(b.PixelBuffer));
        Assert.True(a.LabelBuffer.SequenceEqual(b.LabelBuffer));
    }

    internal static string LabelHeader() => "label," + PixelHeader();

    internal static string PixelHeader() => string.Join(',', Enumerable.Range(0, 784).Select(i => "pixel" + i));

    internal static string Row(int? label, int firstPixel) =>
        (label is null ? string.Empty : label + ",") + string.Join(',', Enumerable.Range(0, 784).Select(i => i == 0 || i == 783 ? firstPixel : 0));
}
