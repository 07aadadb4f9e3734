using System.Text;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace MnistPS.Fuzzing;

/// <summary>The seed corpora: a few small valid files per reader, made with MnistPS's own writers (and Skia for images).</summary>
internal static class FuzzSeeds
{
    /// <summary>Kaggle CSV as MnistPS writes it (labelled, unlabelled without header, ';' with CRLF) and a row that needs the slow parser.</summary>
    public static IReadOnlyList<FuzzSeed> Csv()
    {
        var labelled = CsvText(Samples(2, labelled: true), labels: true, CsvDelimiter.Default);
        var unlabelled = CsvText(Samples(1, labelled: false), labels: false, CsvDelimiter.Default);
        var quoted = labelled.Split('\n')[0] + "\n\"7\", " + string.Join(", ", SeedImages.Digit(7).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\n";
        return
        [
            new("labelled.csv", Encoding.UTF8.GetBytes(labelled)),
            new("unlabelled-no-header.csv", Encoding.UTF8.GetBytes(unlabelled[(unlabelled.IndexOf('\n') + 1)..])),
            new("semicolon-crlf.csv", Encoding.UTF8.GetBytes(CsvText(Samples(1, labelled: true), labels: true, CsvDelimiter.Semicolon).Replace("\n", "\r\n", StringComparison.Ordinal))),
            new("quoted-spaced.csv", Encoding.UTF8.GetBytes(quoted)),
        ];
    }

    /// <summary>IDX pairs as IdxFile.Write writes them (one and two labelled images), and an images file alone.</summary>
    public static IReadOnlyList<FuzzSeed> Idx()
    {
        var folder = Directory.CreateTempSubdirectory("mnistps-fuzz-seeds-").FullName;
        try
        {
            (byte[] Labels, byte[] Images) Pair(int count)
            {
                var (images, labels) = (Path.Combine(folder, $"images{count}"), Path.Combine(folder, $"labels{count}"));
                IdxFile.Write(MnistDataset.FromSamples(Samples(count, labelled: true)), images, labels, compress: false);
                return (File.ReadAllBytes(labels), File.ReadAllBytes(images));
            }

            var (one, two) = (Pair(1), Pair(2));
            return
            [
                new("one-labelled", FuzzFiles.IdxInput(one.Labels, one.Images)),
                new("two-labelled", FuzzFiles.IdxInput(two.Labels, two.Images)),
                new("images-only", FuzzFiles.IdxInput([], one.Images)),
            ];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Model files as ModelFile.Write writes them (784-1-10 ReLU, 784-2-1-10 Tanh, and a 784-1-10 trained for an epoch, so
    /// that its file records the run), weights rounded to two decimals to keep them small.
    /// </summary>
    public static IReadOnlyList<FuzzSeed> Model() =>
    [
        new("relu-1.json", ModelJson(Network.Create(new NetworkOptions { HiddenSizes = [1], Seed = 1 }))),
        new("tanh-2-1.json", ModelJson(Network.Create(new NetworkOptions { HiddenSizes = [2, 1], HiddenActivation = Activation.Tanh, Initialization = WeightInitialization.Xavier, Seed = 2 }))),
        new("trained.json", ModelJson(Trained())),
    ];

    /// <summary>ONNX models as Export-MnistNetwork writes them (784-1-10 ReLU, 784-2-10 Sigmoid).</summary>
    public static IReadOnlyList<FuzzSeed> Onnx() =>
    [
        new("relu-1.onnx", OnnxBytes(new NetworkOptions { HiddenSizes = [1], Seed = 3 })),
        new("sigmoid-2.onnx", OnnxBytes(new NetworkOptions { HiddenSizes = [2], HiddenActivation = Activation.Sigmoid, Seed = 4 })),
    ];

    /// <summary>A 28x28 digit in each format the image reader takes, and a larger photo-like one.</summary>
    public static IReadOnlyList<FuzzSeed> Image()
    {
        var digit = SeedImages.Digit(4);
        return
        [
            new("grey.png", SeedImages.Encode(digit, 28, SKEncodedImageFormat.Png)),
            new("ink-on-paper.jpg", SeedImages.Encode(SeedImages.Inverted(digit), 28, SKEncodedImageFormat.Jpeg)),
            new("digit.webp", SeedImages.Encode(digit, 28, SKEncodedImageFormat.Webp)),
            new("digit.bmp", SeedImages.Bmp(digit)),
            new("digit.gif", SeedImages.Gif(digit)),
            new("transparent-64.png", SeedImages.Transparent(digit, 64)),
        ];
    }

    /// <summary>Synthetic digits (a slanted stroke on black), labelled 0, 1, 2... or not.</summary>
    public static IEnumerable<MnistSample> Samples(int count, bool labelled) =>
        Enumerable.Range(0, count).Select(i => new MnistSample(SeedImages.Digit(i), labelled ? i % MnistSample.ClassCount : null, index: i));

    private static string CsvText(IEnumerable<MnistSample> samples, bool labels, char delimiter)
    {
        using var stream = new MemoryStream();
        KaggleCsv.Write(samples, stream, labels, delimiter);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static byte[] OnnxBytes(NetworkOptions options)
    {
        using var stream = new MemoryStream();
        MnistPS.Interop.OnnxExport.Write(Network.Create(options), stream);
        return stream.ToArray();
    }

    private static Network Trained()
    {
        var network = Network.Create(new NetworkOptions { HiddenSizes = [1], Seed = 5 });
        foreach (var _ in new Trainer(network, new TrainingOptions { Epochs = 1, BatchSize = 0, Seed = 5 }).Train(MnistDataset.FromSamples(Samples(4, labelled: true))))
        {
        }

        return network;
    }

    private static byte[] ModelJson(Network network)
    {
        using var stream = new MemoryStream();
        ModelFile.Write(network, stream);
        var json = JsonNode.Parse(stream.ToArray())!;
        foreach (var layer in json["layers"]!.AsArray())
        {
            var weights = layer!["weights"]!.AsArray();
            for (var i = 0; i < weights.Count; i++)
            {
                weights[i] = Math.Round(weights[i]!.GetValue<double>(), 2);
            }
        }

        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}
