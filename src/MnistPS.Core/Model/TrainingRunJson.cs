using System.Globalization;
using System.Text.Json;
using static MnistPS.JsonFields;

namespace MnistPS;

/// <summary>
/// A model file's optional "trainingRuns" array: how the network was trained, one object per run (described in the
/// README). Everything read is checked: a wrong field is a <see cref="ModelFileException"/> naming the run and the field.
/// </summary>
internal static class TrainingRunJson
{
    /// <summary>The property of the model file that holds the runs.</summary>
    public const string PropertyName = "trainingRuns";

    /// <summary>Longest run read, in seconds (a hundred years).</summary>
    private const double MaxSeconds = 100 * 365.25 * 86400;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public static void Write(Utf8JsonWriter json, IReadOnlyList<TrainingRun> runs)
    {
        json.WriteStartArray(PropertyName);
        foreach (var run in runs)
        {
            json.WriteStartObject();
            json.WriteString("startTime", run.StartTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
            json.WriteNumber("seconds", run.Duration.TotalSeconds);
            json.WriteString("engineVersion", run.EngineVersion);
            json.WriteString("outcome", run.Outcome.ToString());
            WriteOptions(json, run.Options);
            json.WriteNumber("trainingSamples", run.TrainingSamples);
            json.WriteString("trainingSource", run.TrainingSource);
            json.WriteNumber("validationSamples", run.ValidationSamples);
            json.WriteString("validationSource", run.ValidationSource);
            json.WriteNumber("firstEpoch", run.FirstEpoch);
            json.WriteNumber("lastEpoch", run.LastEpoch);
            json.WriteNumber("keptEpoch", run.KeptEpoch);
            WriteNumber(json, "loss", run.Loss);
            WriteNumber(json, "accuracy", run.Accuracy);
            WriteNumber(json, "validationLoss", run.ValidationLoss);
            WriteNumber(json, "validationAccuracy", run.ValidationAccuracy);
            WriteNumber(json, "bestEpoch", run.BestEpoch);
            WriteNumber(json, "bestValidationLoss", run.BestValidationLoss);
            WriteNumber(json, "bestValidationAccuracy", run.BestValidationAccuracy);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The runs of a model file's root object; none when the property is missing or null.</summary>
    public static List<TrainingRun> Read(JsonElement root, string path)
    {
        if (!TryGet(root, PropertyName, out var array))
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() > Network.MaxTrainingRuns)
        {
            throw new ModelFileException(path, $"\"{PropertyName}\" is {Kind(array)}{(array.ValueKind == JsonValueKind.Array ? $" of {array.GetArrayLength()} runs" : string.Empty)}, not an array of at most {Network.MaxTrainingRuns} training runs.");
        }

        var runs = new List<TrainingRun>();
        foreach (var item in array.EnumerateArray())
        {
            runs.Add(ReadRun(item, path, $"training run {runs.Count + 1}"));
        }

        return runs;
    }

    private static TrainingRun ReadRun(JsonElement run, string path, string where)
    {
        if (run.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFileException(path, $"{where} is {Kind(run)}, not an object.");
        }

        RejectTypeNames(run, path, where);
        var startText = OptionalString(run, "startTime", path, where) ?? throw Missing(path, where, "startTime", "a UTC time such as 2026-01-31T12:00:00Z");
        if (!DateTime.TryParseExact(startText, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start))
        {
            throw new ModelFileException(path, $"{where}: \"startTime\" is \"{startText}\", not a UTC time such as 2026-01-31T12:00:00Z.");
        }

        var seconds = OptionalNumber(run, "seconds", path, where, 0, MaxSeconds, "a number of seconds from 0 (at most a century)") ?? throw Missing(path, where, "seconds", "a number of seconds");
        var version = OptionalString(run, "engineVersion", path, where) ?? throw Missing(path, where, "engineVersion", "a string");
        var outcome = EnumValue<TrainingOutcome>(run, "outcome", path, where);
        var options = ReadOptions(run, path, where);
        var trainingSamples = Integer(run, "trainingSamples", path, where, min: 1);
        var trainingSource = OptionalString(run, "trainingSource", path, where);
        var validationSamples = Integer(run, "validationSamples", path, where);
        var validationSource = OptionalString(run, "validationSource", path, where);
        var first = Integer(run, "firstEpoch", path, where, min: 1);
        var last = Integer(run, "lastEpoch", path, where);
        if (last < first - 1)
        {
            throw new ModelFileException(path, $"{where}: \"lastEpoch\" is {last}, before its first epoch ({first}); it is at least firstEpoch - 1 (no epoch completed).");
        }
        var kept = Integer(run, "keptEpoch", path, where);
        if (kept > last)
        {
            throw new ModelFileException(path, $"{where}: \"keptEpoch\" is {kept}, after its last epoch ({last}).");
        }

        var best = OptionalInteger(run, "bestEpoch", path, where, int.MinValue);
        if (best < first || best > last)
        {
            throw new ModelFileException(path, $"{where}: \"bestEpoch\" is {best}, not an epoch of the run ({first} to {last}).");
        }

        return new TrainingRun(
            options, trainingSamples, trainingSource, validationSamples, validationSource, first, last, kept,
            Loss(run, "loss", path, where), Fraction(run, "accuracy", path, where),
            Loss(run, "validationLoss", path, where), Fraction(run, "validationAccuracy", path, where),
            best, Loss(run, "bestValidationLoss", path, where), Fraction(run, "bestValidationAccuracy", path, where),
            outcome, start, Seconds(seconds), version);
    }

    private static void WriteOptions(Utf8JsonWriter json, TrainingOptions o)
    {
        json.WriteStartObject("options");
        json.WriteNumber("epochs", o.Epochs);
        json.WriteNumber("batchSize", o.BatchSize);
        json.WriteNumber("learningRate", o.LearningRate);
        json.WriteString("optimizer", o.Optimizer.ToString());
        json.WriteNumber("momentum", o.Momentum);
        json.WriteNumber("beta1", o.Beta1);
        json.WriteNumber("beta2", o.Beta2);
        json.WriteNumber("epsilon", o.Epsilon);
        json.WriteNumber("l2", o.L2);
        json.WriteBoolean("shuffle", o.Shuffle);
        WriteNumber(json, "seed", o.Seed);
        json.WriteNumber("maxThreads", o.MaxThreads);
        json.WriteString("schedule", o.Schedule.ToString());
        json.WriteNumber("warmupEpochs", o.WarmupEpochs);
        json.WriteNumber("stepEpochs", o.StepEpochs);
        json.WriteNumber("stepFactor", o.StepFactor);
        json.WriteNumber("dropout", o.Dropout);
        json.WriteNumber("maxShift", o.MaxShift);
        json.WriteNumber("maxRotation", o.MaxRotation);
        json.WriteNumber("elasticAlpha", o.ElasticAlpha);
        json.WriteNumber("elasticSigma", o.ElasticSigma);
        json.WriteNumber("validationFraction", o.ValidationFraction);
        json.WriteNumber("patience", o.Patience);
        json.WriteEndObject();
    }

    /// <summary>The run's options: a setting that is missing takes its default; every setting is then checked as training checks it.</summary>
    private static TrainingOptions ReadOptions(JsonElement run, string path, string where)
    {
        if (!TryGet(run, "options", out var o) || o.ValueKind != JsonValueKind.Object)
        {
            throw Missing(path, where, "options", "an object");
        }

        where += ", options";
        RejectTypeNames(o, path, where);
        var d = new TrainingOptions();
        var options = new TrainingOptions
        {
            Epochs = OptionalInteger(o, "epochs", path, where, int.MinValue) ?? d.Epochs,
            BatchSize = OptionalInteger(o, "batchSize", path, where, int.MinValue) ?? d.BatchSize,
            LearningRate = Single(o, "learningRate", path, where, d.LearningRate),
            Optimizer = OptionalEnumValue<OptimizerKind>(o, "optimizer", path, where) ?? d.Optimizer,
            Momentum = Single(o, "momentum", path, where, d.Momentum),
            Beta1 = Single(o, "beta1", path, where, d.Beta1),
            Beta2 = Single(o, "beta2", path, where, d.Beta2),
            Epsilon = Single(o, "epsilon", path, where, d.Epsilon),
            L2 = Single(o, "l2", path, where, d.L2),
            Shuffle = Boolean(o, "shuffle", path, where, d.Shuffle),
            Seed = OptionalInteger(o, "seed", path, where, int.MinValue) ?? throw Missing(path, where, "seed", "an integer"),
            MaxThreads = OptionalInteger(o, "maxThreads", path, where, int.MinValue) ?? d.MaxThreads,
            Schedule = OptionalEnumValue<LearningRateSchedule>(o, "schedule", path, where) ?? d.Schedule,
            WarmupEpochs = OptionalInteger(o, "warmupEpochs", path, where, int.MinValue) ?? d.WarmupEpochs,
            StepEpochs = OptionalInteger(o, "stepEpochs", path, where, int.MinValue) ?? d.StepEpochs,
            StepFactor = Single(o, "stepFactor", path, where, d.StepFactor),
            Dropout = Single(o, "dropout", path, where, d.Dropout),
            MaxShift = OptionalInteger(o, "maxShift", path, where, int.MinValue) ?? d.MaxShift,
            MaxRotation = Single(o, "maxRotation", path, where, d.MaxRotation),
            ElasticAlpha = Single(o, "elasticAlpha", path, where, d.ElasticAlpha),
            ElasticSigma = Single(o, "elasticSigma", path, where, d.ElasticSigma),
            ValidationFraction = Single(o, "validationFraction", path, where, d.ValidationFraction),
            Patience = OptionalInteger(o, "patience", path, where, int.MinValue) ?? d.Patience,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            // The rule's message starts with the setting's name ("LearningRate is -1; give ..."): name the JSON field instead.
            var name = e.ParamName ?? string.Empty;
            var problem = e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal);
            if (name.Length > 0 && problem.StartsWith(name, StringComparison.Ordinal))
            {
                problem = $"\"{char.ToLowerInvariant(name[0])}{name[1..]}\"{problem[name.Length..]}";
            }

            throw new ModelFileException(path, $"{where}: {problem}", e);
        }

        return options;
    }

    private static double? Loss(JsonElement run, string name, string path, string where) => OptionalNumber(run, name, path, where, 0, double.MaxValue, "a finite number of at least 0");

    private static double? Fraction(JsonElement run, string name, string path, string where) => OptionalNumber(run, name, path, where, 0, 1);

    private static void WriteNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>
    /// A duration written as its seconds (a double of whole ticks over 10^7), back to the same ticks: rounded to the
    /// nearest tick, exact for any run under about three years, where <see cref="TimeSpan.FromSeconds(double)"/> came
    /// out a tick short for about one duration in seventeen.
    /// </summary>
    private static TimeSpan Seconds(double seconds) => TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
}
