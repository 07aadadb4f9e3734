using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace MnistPS.Tests;

/// <summary>The training runs in a model file: written, read back exactly, checked, and absent from older files.</summary>
public class ModelFileHistoryTests
{
    private readonly string _folder = TestData.NewFolder();

    [Fact]
    public void Training_runs_round_trip_exactly()
    {
        var network = Network.Create(new NetworkOptions { HiddenSizes = [16], Seed = 3 });
        var recipe = new TrainingOptions
        {
            Epochs = 3, BatchSize = 64, LearningRate = 0.07f, Optimizer = OptimizerKind.Momentum, Momentum = 0.8f, L2 = 1e-4f,
            Schedule = LearningRateSchedule.Step, StepEpochs = 2, StepFactor = 0.3f, WarmupEpochs = 1, Dropout = 0.1f,
            MaxShift = 1, MaxRotation = 5, ElasticAlpha = 20, ElasticSigma = 5, ValidationFraction = 0.2f, Patience = 2, Seed = 11, MaxThreads = 2,
        };
        _ = new Trainer(network, recipe).Train(TestData.Test.Slice(0, 1000)).ToList();
        _ = new Trainer(network, new TrainingOptions { Epochs = 1, Optimizer = OptimizerKind.Adam, LearningRate = 0.001f, Shuffle = false })
            .Train(TestData.Train.Slice(0, 500), TestData.Test.Slice(5000, 200)).ToList();

        var path = Path.Combine(_folder, "trained.json");
        ModelFile.Save(network, path);
        var loaded = ModelFile.Load(path);

        Assert.Equal(2, loaded.TrainingRuns.Count);
        for (var i = 0; i < 2; i++)
        {
            var (saved, read) = (network.TrainingRuns[i], loaded.TrainingRuns[i]);
            Assert.Equal(saved.Options, read.Options);
            Assert.Equal(
                (saved.TrainingSamples, saved.TrainingSource, saved.ValidationSamples, saved.ValidationSource, saved.FirstEpoch, saved.LastEpoch, saved.KeptEpoch),
                (read.TrainingSamples, read.TrainingSource, read.ValidationSamples, read.ValidationSource, read.FirstEpoch, read.LastEpoch, read.KeptEpoch));
            Assert.Equal(
                (saved.Loss, saved.Accuracy, saved.ValidationLoss, saved.ValidationAccuracy, saved.BestEpoch, saved.BestValidationLoss, saved.BestValidationAccuracy),
                (read.Loss, read.Accuracy, read.ValidationLoss, read.ValidationAccuracy, read.BestEpoch, read.BestValidationLoss, read.BestValidationAccuracy));
            Assert.Equal((saved.Outcome, saved.StartTime, saved.EngineVersion), (read.Outcome, read.StartTime, read.EngineVersion));
            Assert.Equal(DateTimeKind.Utc, read.StartTime.Kind);
            Assert.Equal(saved.Duration, read.Duration); // to the tick: a reader once came out a tick short
            Assert.Equal(saved.ToString(), read.ToString());
        }

        Assert.Equal("t10k-images-idx3-ubyte.gz", loaded.TrainingRuns[1].ValidationSource);
        Assert.Equal(200, loaded.TrainingRuns[1].ValidationSamples);

        // A loaded network goes on remembering: the next run follows the loaded ones.
        _ = new Trainer(loaded, new TrainingOptions { Epochs = 1, Seed = 1 }).Train(TestData.Test.Slice(0, 100)).ToList();
        Assert.Equal(3, loaded.TrainingRuns.Count);
        Assert.Equal(loaded.TrainingRuns[1].KeptEpoch + 1, loaded.TrainingRuns[2].FirstEpoch);
    }

    [Fact]
    public void The_runs_are_documented_json()
    {
        var network = Network.Create(new NetworkOptions { Seed = 1 });
        _ = new Trainer(network, new TrainingOptions { Epochs = 2, Seed = 5 }).Train(TestData.Test.Slice(0, 300)).ToList();
        var path = Path.Combine(_folder, "doc.json");
        ModelFile.Save(network, path);

        var json = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal(1, (int?)json["version"]);
        var run = json["trainingRuns"]![0]!;
        Assert.Equal(
            ["startTime", "seconds", "engineVersion", "outcome", "options", "trainingSamples", "trainingSource", "validationSamples", "validationSource", "firstEpoch", "lastEpoch", "keptEpoch", "loss", "accuracy", "validationLoss", "validationAccuracy", "bestEpoch", "bestValidationLoss", "bestValidationAccuracy"],
            run.AsObject().Select(p => p.Key));
        Assert.Equal(
            ["epochs", "batchSize", "learningRate", "optimizer", "momentum", "beta1", "beta2", "epsilon", "l2", "shuffle", "seed", "maxThreads", "schedule", "warmupEpochs", "stepEpochs", "stepFactor", "dropout", "maxShift", "maxRotation", "elasticAlpha", "elasticSigma", "validationFraction", "patience"],
            run["options"]!.AsObject().Select(p => p.Key));
        Assert.Equal("Completed", (string?)run["outcome"]);
        Assert.Equal(5, (int?)run["options"]!["seed"]);
        Assert.Equal(0.1, (double)run["options"]!["learningRate"]!, 6);
        Assert.Equal("t10k-images-idx3-ubyte.gz", (string?)run["trainingSource"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z$", (string?)run["startTime"]);
        Assert.Null(run["validationLoss"]);
    }

    [Fact]
    public void A_file_written_before_training_runs_were_recorded_still_loads()
    {
        // A version 1 file as MnistPS wrote it before it recorded training runs: a 784-2-10 network, no "trainingRuns".
        var w1 = string.Join(',', Enumerable.Range(0, 2 * 784).Select(i => ((i % 7) - 3) / 100.0));
        var w2 = string.Join(',', Enumerable.Range(0, 10 * 2).Select(i => ((i % 5) - 2) / 10.0));
        var old = "{\"format\":\"MnistPS.Network\",\"version\":1,\"architecture\":\"784-2-10\",\"inputSize\":784,\"hiddenActivation\":\"ReLU\",\"initialization\":\"He\",\"seed\":3,\"epochsTrained\":4,"
            + $"\"layers\":[{{\"inputs\":784,\"outputs\":2,\"activation\":\"ReLU\",\"weights\":[{w1}],\"biases\":[0.5,-0.25]}},"
            + $"{{\"inputs\":2,\"outputs\":10,\"activation\":\"Softmax\",\"weights\":[{w2}],\"biases\":[0,0,0,0,0,0,0,0,0,0]}}]}}";
        var path = Path.Combine(_folder, "old.json");
        File.WriteAllText(path, old, new UTF8Encoding(false));

        var network = ModelFile.Load(path);
        Assert.Equal("784-2-10", network.Architecture);
        Assert.Equal(4, network.EpochsTrained);
        Assert.Empty(network.TrainingRuns);
        Assert.Equal(0.5f, network.Layers[0].B[0]);

        _ = new Trainer(network, new TrainingOptions { Epochs = 1, Seed = 1 }).Train(TestData.Test.Slice(0, 100)).ToList();
        Assert.Equal(5, Assert.Single(network.TrainingRuns).FirstEpoch);
    }

    [Theory]
    [InlineData("not-array", "\"trainingRuns\" is an object, not an array of at most 1000 training runs")]
    [InlineData("too-many", "\"trainingRuns\" is an array of 1001 runs, not an array of at most 1000")]
    [InlineData("not-object", "training run 1 is a number, not an object")]
    [InlineData("type", "training run 1 has a \"$type\" property")]
    [InlineData("rate", "training run 1, options: \"learningRate\" is -1; give a finite rate above 0")]
    [InlineData("optimizer", "training run 1, options: \"optimizer\" is \"Newton\", not one of Sgd, Momentum, Adam")]
    [InlineData("no-seed", "training run 1, options: \"seed\" is missing or not an integer")]
    [InlineData("shuffle", "training run 1, options: \"shuffle\" is \"yes\", not true or false")]
    [InlineData("accuracy", "training run 1: \"accuracy\" is 1.5, not a number from 0 to 1")]
    [InlineData("loss", "training run 1: \"loss\" is \"NaN\", not a finite number of at least 0")]
    [InlineData("kept", "training run 1: \"keptEpoch\" is 9, after its last epoch (2)")]
    [InlineData("best", "training run 1: \"bestEpoch\" is 0, not an epoch of the run (1 to 2)")]
    [InlineData("last", "training run 1: \"lastEpoch\" is -1, not a non-negative integer")]
    [InlineData("samples", "training run 1: \"trainingSamples\" is 0, not a positive integer")]
    [InlineData("time", "training run 1: \"startTime\" is \"yesterday\", not a UTC time")]
    [InlineData("local-time", "training run 1: \"startTime\" is \"2026-01-31T12:00:00+02:00\", not a UTC time")]
    [InlineData("seconds", "training run 1: \"seconds\" is -1, not a number of seconds from 0")]
    [InlineData("outcome", "training run 1: \"outcome\" is \"Exploded\", not one of Completed, StoppedEarly, Cancelled, Diverged")]
    [InlineData("version", "training run 1: \"engineVersion\" is 42, not a string")]
    [InlineData("source", "training run 1: \"trainingSource\" is an array, not a string")]
    public void Bad_training_runs_are_refused_naming_the_file_the_run_and_the_field(string kind, string expected)
    {
        var network = Network.Create(new NetworkOptions { Seed = 1 });
        _ = new Trainer(network, new TrainingOptions { Epochs = 2, Seed = 5 }).Train(TestData.Test.Slice(0, 300)).ToList();
        var good = Path.Combine(_folder, "good.json");
        ModelFile.Save(network, good);
        var json = JsonNode.Parse(File.ReadAllText(good))!;
        var run = json["trainingRuns"]![0]!;
        var options = run["options"]!;
        switch (kind)
        {
            case "not-array": json["trainingRuns"] = new JsonObject(); break;
            case "too-many": json["trainingRuns"] = new JsonArray(Enumerable.Range(0, 1001).Select(_ => (JsonNode?)run.DeepClone()).ToArray()); break;
            case "not-object": json["trainingRuns"]![0] = 42; break;
            case "type": run["$type"] = "System.IO.FileInfo"; break;
            case "rate": options["learningRate"] = -1; break;
            case "optimizer": options["optimizer"] = "Newton"; break;
            case "no-seed": options.AsObject().Remove("seed"); break;
            case "shuffle": options["shuffle"] = "yes"; break;
            case "accuracy": run["accuracy"] = 1.5; break;
            case "loss": run["loss"] = "NaN"; break;
            case "kept": run["keptEpoch"] = 9; break;
            case "best": run["bestEpoch"] = 0; break;
            case "last": run["lastEpoch"] = -1; break;
            case "samples": run["trainingSamples"] = 0; break;
            case "time": run["startTime"] = "yesterday"; break;
            case "local-time": run["startTime"] = "2026-01-31T12:00:00+02:00"; break;
            case "seconds": run["seconds"] = -1; break;
            case "outcome": run["outcome"] = "Exploded"; break;
            case "version": run["engineVersion"] = 42; break;
            case "source": run["trainingSource"] = new JsonArray(); break;
        }

        var path = Path.Combine(_folder, kind + ".json");
        File.WriteAllText(path, json.ToJsonString(), Encoding.UTF8);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
        Assert.True(e.Message.StartsWith(path + ": ", StringComparison.Ordinal) && e.Message.Contains(expected, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Missing_settings_take_their_defaults_and_times_without_fractions_are_read()
    {
        var network = Network.Create(new NetworkOptions { Seed = 1 });
        _ = new Trainer(network, new TrainingOptions { Epochs = 1, Seed = 5 }).Train(TestData.Test.Slice(0, 300)).ToList();
        var path = Path.Combine(_folder, "sparse.json");
        ModelFile.Save(network, path);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        var run = json["trainingRuns"]![0]!;
        run["options"] = new JsonObject { ["seed"] = 5 };
        run["startTime"] = "2026-01-31T12:00:00Z";
        File.WriteAllText(path, json.ToJsonString());

        var read = Assert.Single(ModelFile.Load(path).TrainingRuns);
        Assert.Equal(new TrainingOptions { Seed = 5 }, read.Options);
        Assert.Equal(new DateTime(2026, 1, 31, 12, 0, 0, DateTimeKind.Utc), read.StartTime);
        Assert.Equal(DateTimeKind.Utc, read.StartTime.Kind);
        Assert.Equal("2026-01-31T12:00:00.0000000Z", read.StartTime.ToString("O", CultureInfo.InvariantCulture));
    }
}
