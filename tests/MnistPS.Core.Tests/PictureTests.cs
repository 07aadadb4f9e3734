using MnistPS.Imaging;
using MnistPS.Plots;
using ScottPlot;
using SkiaSharp;

namespace MnistPS.Tests;

/// <summary>Pictures are opened and checked: sizes, exact pixels, tile counts, colours in order, patterns, text.</summary>
public class PictureTests
{
    [Fact]
    public void A_single_digit_png_has_exactly_its_pixels_at_any_scale()
    {
        var sample = TestData.Test.GetSample(0);
        foreach (var scale in new[] { 1, 3 })
        {
            using var png = new MemoryStream();
            DigitPictures.WritePng(sample, png, scale);
            using var bitmap = SKBitmap.Decode(png.ToArray());
            Assert.Equal(28 * scale, bitmap.Width);
            Assert.Equal(28 * scale, bitmap.Height);
            for (var y = 0; y < bitmap.Height; y++)
            {
                for (var x = 0; x < bitmap.Width; x++)
                {
                    Assert.Equal(sample.GetPixelSpan()[((y / scale) * 28) + (x / scale)], bitmap.GetPixel(x, y).Red);
                }
            }

            if (scale == 1)
            {
                Assert.Equal(sample.Pixels, DigitImage.Decode(png.ToArray(), "digit.png").Pixels);
            }
        }
    }

    [Theory]
    [InlineData(23, 5, true)]
    [InlineData(7, 10, false)]
    public void A_sheet_has_one_tile_per_digit(int count, int columns, bool captions)
    {
        var tiles = Enumerable.Range(0, count).Select(i => captions ? DigitTile.Of(TestData.Test.GetSample(i)) : new DigitTile(TestData.Test.GetSample(i))).ToList();
        using var png = new MemoryStream();
        DigitPictures.WriteSheet(tiles, png, columns, scale: 2);
        using var sheet = SKBitmap.Decode(png.ToArray());
        var paper = sheet.GetPixel(0, 0);

        // A tile's top-left corner: a black pixel (MNIST's border) with paper to its left and above.
        var corners = 0;
        for (var y = 1; y < sheet.Height; y++)
        {
            for (var x = 1; x < sheet.Width; x++)
            {
                if (sheet.GetPixel(x, y) == SKColors.Black && sheet.GetPixel(x - 1, y) == paper && sheet.GetPixel(x, y - 1) == paper)
                {
                    corners++;
                }
            }
        }

        Assert.Equal(count, corners);
        Assert.Equal(Math.Min(columns, count), Enumerable.Range(1, sheet.Width - 1).Count(x => sheet.GetPixel(x, 4) == SKColors.Black && sheet.GetPixel(x - 1, 4) == paper));
    }

    [Fact]
    public void Tiles_are_captioned_and_named_by_label_or_prediction()
    {
        var seven = TestData.Test.GetSample(0);
        var wrong = new float[10];
        wrong[2] = 1;
        var right = new float[10];
        right[7] = 1;
        Assert.Equal(("7", "-7"), (DigitTile.Of(seven).Caption, DigitTile.Of(seven).FileSuffix));
        var mistake = DigitTile.Of(new MnistPrediction(seven, wrong));
        Assert.Equal(("2 (true 7)", "-2-true7", true), (mistake.Caption, mistake.FileSuffix, mistake.Mistake));
        var correct = DigitTile.Of(new MnistPrediction(seven, right));
        Assert.Equal(("7", "-7", false), (correct.Caption, correct.FileSuffix, correct.Mistake));
        var unlabelled = DigitTile.Of(new MnistSample(seven.GetPixelSpan(), null));
        Assert.Equal((null, null), (unlabelled.Caption, unlabelled.FileSuffix));
    }

    [Fact]
    public void Captions_are_drawn()
    {
        var samples = Enumerable.Range(0, 4).Select(i => TestData.Test.GetSample(i)).ToList();
        using var plain = new MemoryStream();
        using var captioned = new MemoryStream();
        DigitPictures.WriteSheet(samples.Select(s => new DigitTile(s)).ToList(), plain);
        DigitPictures.WriteSheet(samples.Select(s => new DigitTile(s, "7 (true 1)", mistake: true)).ToList(), captioned);
        using var withText = SKBitmap.Decode(captioned.ToArray());
        using var without = SKBitmap.Decode(plain.ToArray());
        Assert.True(withText.Height > without.Height);
        var red = 0;
        for (var y = 0; y < withText.Height; y++)
        {
            for (var x = 0; x < withText.Width; x++)
            {
                var c = withText.GetPixel(x, y);
                red += c.Red > 150 && c.Green < 120 ? 1 : 0;
            }
        }

        Assert.True(red > 40, $"{red} red caption pixels");
    }

    [Fact]
    public void Charts_are_written_at_the_requested_size_as_png_and_svg()
    {
        var epochs = TrainedRun();
        using var png = new MemoryStream();
        PlotFile.Write(TrainingCurves.Draw(epochs), png, PlotFormat.Png, 900, 400);
        using var bitmap = SKBitmap.Decode(png.ToArray());
        Assert.Equal((900, 400), (bitmap.Width, bitmap.Height));

        using var svg = new MemoryStream();
        PlotFile.Write(TrainingCurves.Draw(epochs), svg, PlotFormat.Svg, 900, 400);
        var xml = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(svg.ToArray()));
        Assert.Equal("svg", xml.Root!.Name.LocalName);
        Assert.Equal("900", xml.Root.Attribute("width")!.Value);
        Assert.Contains("epoch", xml.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_is_drawn_without_system_fonts()
    {
        // A title adds dark pixels above the panels: the embedded font draws it whatever fonts the machine has.
        var epochs = TrainedRun();
        var plain = Render(TrainingCurves.Draw(epochs), 900, 400);
        var titled = Render(TrainingCurves.Draw(epochs, "Run 42 with a long title"), 900, 400);
        Assert.NotEqual(plain, titled);
        Assert.True(DarkPixels(Render(TrainingCurves.Draw(epochs), 900, 400), 900, 0, 30) > 100, "the default panel titles are drawn");
    }

    [Theory]
    [InlineData("model.PNG", PlotFormat.Png)]
    [InlineData("chart.svg", PlotFormat.Svg)]
    public void The_format_follows_the_extension(string path, PlotFormat format) => Assert.Equal(format, PlotFile.FormatOf(path));

    [Fact]
    public void Unknown_extensions_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => PlotFile.FormatOf("/tmp/chart.jpg"));
        Assert.Contains("Name the file *.png or *.svg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Heatmap_cells_darken_with_their_count()
    {
        var network = Network.Create(new NetworkOptions { Seed = 3 });
        foreach (var _ in new Trainer(network, new TrainingOptions { Epochs = 1, Seed = 3 }).Train(TestData.Train.Slice(0, 10000)))
        {
        }

        var evaluation = Evaluator.Evaluate(network, TestData.Test);
        var chart = ConfusionPlot.Draw(evaluation);
        using var bitmap = SKBitmap.Decode(RenderPng(chart, 1200, 500));
        var matrix = chart.GetPlot(0);

        // Each cell's colour, read beside its count (the text sits in the middle): more counts, darker blue.
        var cells = new List<(int Count, float Luminance)>();
        for (var actual = 0; actual < 10; actual++)
        {
            for (var predicted = 0; predicted < 10; predicted++)
            {
                var pixel = matrix.GetPixel(new Coordinates(predicted - 0.4, 9 - actual + 0.4));
                var c = bitmap.GetPixel((int)pixel.X, (int)pixel.Y);
                cells.Add((evaluation.GetCount(actual, predicted), (0.299f * c.Red) + (0.587f * c.Green) + (0.114f * c.Blue)));
            }
        }

        var ordered = cells.OrderBy(c => c.Count).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].Count == ordered[i - 1].Count || ordered[i].Luminance <= ordered[i - 1].Luminance + 0.5f, $"count {ordered[i].Count} is lighter than count {ordered[i - 1].Count}");
        }

        Assert.True(ordered[^1].Luminance < ordered[0].Luminance - 100);
    }

    [Fact]
    public void A_weight_tile_shows_its_pattern()
    {
        // Unit 0: +1 in the top half of the image, -1 in the bottom half; unit 1: all zero.
        var weights = new float[2, 784];
        for (var pixel = 0; pixel < 784; pixel++)
        {
            weights[0, pixel] = pixel < 392 ? 1 : -1;
        }

        var chart = WeightPlot.Draw(weights, 64, null);
        using var bitmap = SKBitmap.Decode(RenderPng(chart, 900, 900));
        var plot = chart.GetPlot(0);
        SKColor At(double column, double row)
        {
            // Grid cell (row, column) of the heatmap: rows count down from the top of a 28-row grid.
            var pixel = plot.GetPixel(new Coordinates(column, 27 - row));
            return bitmap.GetPixel((int)pixel.X, (int)pixel.Y);
        }

        var top = At(10, 5);
        var bottom = At(10, 22);
        var zero = At(29 + 10, 10);
        // The ends of the diverging map are dark red (+1) and dark blue (-1).
        Assert.True(top.Red > top.Blue + 30 && top.Red > top.Green + 30, $"positive weights are red, got {top}");
        Assert.True(bottom.Blue > bottom.Red + 30 && bottom.Blue > bottom.Green + 20, $"negative weights are blue, got {bottom}");
        Assert.True(zero.Red > 200 && zero.Green > 200 && zero.Blue > 200, $"zero weights are white, got {zero}");
    }

    private static List<EpochResult> TrainedRun()
    {
        var network = Network.Create(new NetworkOptions { Seed = 1 });
        return new Trainer(network, new TrainingOptions { Epochs = 3, Seed = 1, ValidationFraction = 0.2f }).Train(TestData.Train.Slice(0, 5000)).ToList();
    }

    private static byte[] RenderPng(Multiplot chart, int width, int height)
    {
        using var png = new MemoryStream();
        PlotFile.Write(chart, png, PlotFormat.Png, width, height);
        return png.ToArray();
    }

    private static byte[] Render(Multiplot chart, int width, int height)
    {
        using var bitmap = SKBitmap.Decode(RenderPng(chart, width, height));
        return bitmap.Bytes;
    }

    private static int DarkPixels(byte[] rgba, int width, int fromRow, int toRow)
    {
        var dark = 0;
        for (var i = fromRow * width * 4; i < toRow * width * 4; i += 4)
        {
            dark += rgba[i] < 100 && rgba[i + 1] < 100 && rgba[i + 2] < 100 ? 1 : 0;
        }

        return dark;
    }
}
