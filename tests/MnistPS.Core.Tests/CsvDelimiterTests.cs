using System.Text;

namespace MnistPS.Tests;

/// <summary>CSV with another delimiter than ',', as Excel writes it in cultures whose list separator is ';' (de-DE, fr-FR).</summary>
public class CsvDelimiterTests
{
    private readonly string _folder = TestData.NewFolder();

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, true, true)]
    [InlineData(true, true, false)]
    [InlineData(false, true, false)]
    public void A_semicolon_file_as_Excel_writes_it_loads_like_the_comma_file(bool byteOrderMark, bool crlf, bool header)
    {
        var data = TestData.Test.Slice(0, 50);
        var text = CsvText(data, ';');
        if (!header)
        {
            text = text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        }

        var path = Path.Combine(_folder, "excel.csv");
        File.WriteAllText(path, crlf ? text.Replace("\n", "\r\n", StringComparison.Ordinal) : text, new UTF8Encoding(byteOrderMark));

        Assert.Equal(';', CsvDelimiter.Detect(path));
        foreach (var loaded in new[] { KaggleCsv.Load(path), KaggleCsv.Load(path, delimiter: ';'), MnistDataset.FromSamples(DataFile.ReadSamples(path).ToList()) })
        {
            Assert.Equal(50, loaded.Count);
            Assert.True(data.PixelBuffer.SequenceEqual(loaded.PixelBuffer));
            Assert.True(data.LabelBuffer.SequenceEqual(loaded.LabelBuffer));
        }
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    public void Written_with_a_delimiter_reads_back_exactly(char delimiter)
    {
        var data = TestData.Test.Slice(100, 30);
        var path = Path.Combine(_folder, "round.csv");
        Assert.Equal(30, KaggleCsv.Write(data.AsSamples(), path, includeLabels: true, delimiter));
        Assert.StartsWith($"label{delimiter}pixel0{delimiter}pixel1{delimiter}", File.ReadLines(path).First(), StringComparison.Ordinal);

        var loaded = KaggleCsv.Load(path, delimiter: delimiter);
        Assert.True(data.PixelBuffer.SequenceEqual(loaded.PixelBuffer));
        Assert.True(data.LabelBuffer.SequenceEqual(loaded.LabelBuffer));
    }

    [Theory]
    [InlineData("label;pixel0;pixel1\n", ';')]
    [InlineData("\n\r\n7;0;0\n", ';')]
    [InlineData("label,pixel0,pixel1\n", ',')]
    [InlineData("name;age,city\n", ',')]
    [InlineData("label\tpixel0\n1;2;3\n", ',')]
    [InlineData("", ',')]
    public void Detection_looks_at_the_first_line_only(string text, char expected)
    {
        var path = Path.Combine(_folder, "detect.csv");
        File.WriteAllText(path, text);
        Assert.Equal(expected, CsvDelimiter.Detect(path));
    }

    [Fact]
    public void Detection_reads_through_gzip()
    {
        var path = Path.Combine(_folder, "excel.csv.gz");
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(CsvText(TestData.Test.Slice(0, 3), ';')));
        }

        Assert.Equal(';', CsvDelimiter.Detect(path));
        Assert.Equal(3, KaggleCsv.Load(path).Count);
    }

    [Theory]
    [InlineData(';', ',', "line 1: the fields are separated by ';', not ',' (as Excel writes CSV in cultures such as de-DE). Read the file with the delimiter ';' (Import-MnistData -Delimiter ';').")]
    [InlineData(',', ';', "line 1: the fields are separated by ',', not ';'. Read the file with the delimiter ',' (Import-MnistData -Delimiter ',').")]
    [InlineData('\t', ',', "line 1: the fields are separated by \"`t\", not ','. Read the file with the delimiter \"`t\" (Import-MnistData -Delimiter \"`t\").")]
    public void The_wrong_delimiter_is_refused_with_the_right_one_named(char written, char given, string expected)
    {
        var path = Path.Combine(_folder, "wrong.csv");
        File.WriteAllText(path, CsvText(TestData.Test.Slice(0, 2), written));
        var e = Assert.Throws<MnistFormatException>(() => KaggleCsv.ReadSamples(path, delimiter: given).ToList());
        Assert.Equal($"{path}: {expected}", e.Message);
    }

    [Fact]
    public void Characters_that_are_part_of_the_data_cannot_be_delimiters()
    {
        foreach (var good in ",;|:\t")
        {
            Assert.Null(CsvDelimiter.Problem(good));
        }

        foreach (var bad in "07al \"\r\né")
        {
            Assert.NotNull(CsvDelimiter.Problem(bad));
        }

        Assert.Equal("U+000A cannot separate the fields of an MNIST CSV: use a punctuation mark such as ',' or ';', or a tab.", CsvDelimiter.Problem('\n'));
        var path = Path.Combine(_folder, "digits.csv");
        File.WriteAllText(path, CsvText(TestData.Test.Slice(0, 1), ','));
        Assert.Equal("delimiter", Assert.Throws<ArgumentException>(() => KaggleCsv.ReadSamples(path, delimiter: '5')).ParamName);
        Assert.Throws<ArgumentException>(() => new KaggleCsvWriter(Stream.Null, includeLabels: true, delimiter: 'x'));
    }

    private static string CsvText(MnistDataset data, char delimiter)
    {
        using var stream = new MemoryStream();
        KaggleCsv.Write(data.AsSamples(), stream, includeLabels: true, delimiter);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
