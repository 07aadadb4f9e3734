using System.Globalization;
using System.Text.Json;

namespace MnistPS.Tests;

/// <summary>Epoch records streamed to a CSV or JSON Lines file as training goes.</summary>
public class TrainingLogTests
{
    private readonly string _folder = TestData.NewFolder();

    [Theory]
    [InlineData("log.csv")]
    [InlineData("log.jsonl")]
    public void The_log_holds_each_epoch_record_exactly_as_soon_as_it_ends_whatever_the_culture(string name)
    {
        var path = Path.Combine(_folder, name);
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var network = Network.Create(new NetworkOptions { Seed = 1 });
            var trainer = new Trainer(network, new TrainingOptions { Epochs = 3, Seed = 1, Patience = 3, Schedule = LearningRateSchedule.Cosine });
            var records = new List<EpochResult>();
            using (var log = TrainingLog.Open(path))
            {
                foreach (var record in trainer.Train(TestData.Test.Slice(0, 800), TestData.Test.Slice(800, 200)))
                {
                    log.Write(record);
                    records.Add(record);
                    Assert.Equal(records.Count, ReadRecords(path).Count);
                }
            }

            var lines = ReadRecords(path);
            for (var i = 0; i < records.Count; i++)
            {
                var (record, line) = (records[i], lines[i]);
                Assert.Equal(TrainingLog.Columns, line.Keys);
                Assert.Equal(record.Epoch.ToString(CultureInfo.InvariantCulture), line["Epoch"]);
                Assert.Equal("3", line["Epochs"]);
                Assert.Equal(record.Loss, double.Parse(line["Loss"], CultureInfo.InvariantCulture));
                Assert.Equal(record.Accuracy, double.Parse(line["Accuracy"], CultureInfo.InvariantCulture));
                Assert.Equal(record.ValidationLoss, double.Parse(line["ValidationLoss"], CultureInfo.InvariantCulture));
                Assert.Equal(record.ValidationAccuracy, double.Parse(line["ValidationAccuracy"], CultureInfo.InvariantCulture));
                Assert.Equal(record.Duration.TotalSeconds, double.Parse(line["Seconds"], CultureInfo.InvariantCulture));
                Assert.Equal(record.SamplesPerSecond, double.Parse(line["SamplesPerSecond"], CultureInfo.InvariantCulture));
                Assert.Equal(record.LearningRate, float.Parse(line["LearningRate"], CultureInfo.InvariantCulture));
                Assert.Equal("800", line["Samples"]);
                Assert.Equal(record.IsBest, bool.Parse(line["IsBest"]));
                Assert.Equal("1", line["Seed"]);
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        var text = File.ReadAllText(path);
        Assert.DoesNotContain("\r", text);
        Assert.EndsWith("\n", text);
    }

    [Theory]
    [InlineData("log.csv")]
    [InlineData("log.ndjson")]
    public void A_second_run_appends_so_the_epochs_number_on(string name)
    {
        var path = Path.Combine(_folder, name);
        var network = Network.Create(new NetworkOptions { Seed = 1 });
        foreach (var epochs in new[] { 2, 3 })
        {
            using var log = TrainingLog.Open(path);
            foreach (var record in new Trainer(network, new TrainingOptions { Epochs = epochs, Seed = 1 }).Train(TestData.Test.Slice(0, 300)))
            {
                log.Write(record);
            }
        }

        var lines = ReadRecords(path);
        Assert.Equal(["1", "2", "3", "4", "5"], lines.Select(l => l["Epoch"]));
        Assert.Equal(["2", "2", "5", "5", "5"], lines.Select(l => l["Epochs"]));
        Assert.Equal(name.EndsWith(".csv", StringComparison.Ordinal) ? 1 : 0, File.ReadLines(path).Count(l => l.StartsWith("Epoch,", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_line_cut_short_by_a_killed_run_is_ended_before_the_next_one()
    {
        var path = Path.Combine(_folder, "cut.jsonl");
        File.WriteAllText(path, "{\"Epoch\":1,\"Epochs\":5,\"Loss\":0.4");
        var network = Network.Create(new NetworkOptions { Seed = 1 });
        using (var log = TrainingLog.Open(path))
        {
            log.Write(new Trainer(network, new TrainingOptions { Epochs = 1, Seed = 1 }).Train(TestData.Test.Slice(0, 100)).Single());
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"Epoch\":1,\"Epochs\":1,", lines[1]);
    }

    [Theory]
    [InlineData("log.json", "", "is not what a .json file holds. Name it .jsonl")]
    [InlineData("log.txt", "", "'.txt' is neither")]
    [InlineData("other.csv", "label,pixel0\n1,0\n", "the file exists and is not a training log in CSV (its first line is 'label,pixel0'")]
    [InlineData("other.jsonl", "{\"name\":1}\n", "the file exists and is not a training log in JSON Lines")]
    public void Files_that_are_not_training_logs_are_refused_and_left_alone(string name, string content, string expected)
    {
        var path = Path.Combine(_folder, name);
        if (content.Length > 0)
        {
            File.WriteAllText(path, content);
        }

        var e = Assert.Throws<ArgumentException>(() => TrainingLog.Open(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Equal(content.Length > 0, File.Exists(path));
        if (content.Length > 0)
        {
            Assert.Equal(content, File.ReadAllText(path));
        }
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        var path = Path.Combine(_folder, "missing", "log.csv");
        var e = Assert.Throws<DirectoryNotFoundException>(() => TrainingLog.Open(path));
        Assert.Contains($"The folder '{Path.Combine(_folder, "missing")}' does not exist", e.Message);
    }

    /// <summary>The log's records as column-value pairs, read while the log may still be open for writing.</summary>
    private static List<Dictionary<string, string>> ReadRecords(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var lines = new StreamReader(stream).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (path.EndsWith(".csv", StringComparison.Ordinal))
        {
            var header = lines[0].Split(',');
            return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
        }

        return lines.Select(l => JsonDocument.Parse(l).RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind switch
            {
                JsonValueKind.True => "True",
                JsonValueKind.False => "False",
                _ => p.Value.GetRawText(),
            })).ToList();
    }
}
