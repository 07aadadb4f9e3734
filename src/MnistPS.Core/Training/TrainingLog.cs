using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MnistPS;

/// <summary>
/// Writes epoch records to a file as training goes, one line per epoch, flushed as each epoch ends (so a reader that
/// follows the file sees it at once): CSV with a header (.csv) or JSON Lines (.jsonl, .ndjson). Numbers are written
/// in the invariant culture, in the shortest form that reads back as the same value. An existing log is appended to:
/// epochs number on from earlier training, so successive runs of a network make one history.
/// </summary>
public sealed class TrainingLog : IDisposable
{
    /// <summary>The fields of a line, in order: the CSV header, and the JSON properties.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["Epoch", "Epochs", "Loss", "Accuracy", "ValidationLoss", "ValidationAccuracy", "Seconds", "Samples", "SamplesPerSecond", "LearningRate", "IsBest", "Seed"];

    private static readonly string CsvHeader = string.Join(',', Columns);
    private static readonly string JsonStart = $"{{\"{Columns[0]}\":";

    private readonly FileStream _file;
    private readonly bool _csv;

    private TrainingLog(FileStream file, bool csv, string path)
    {
        _file = file;
        _csv = csv;
        Path = path;
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens <paramref name="path"/> for appending, creating it (with the CSV header) if it does not exist. Throws
    /// <see cref="ArgumentException"/> for an extension other than .csv, .jsonl or .ndjson, or a file that exists but is
    /// not a training log of that kind; <see cref="DirectoryNotFoundException"/> when the folder does not exist.
    /// </summary>
    public static TrainingLog Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        var csv = extension switch
        {
            ".csv" => true,
            ".jsonl" or ".ndjson" => false,
            ".json" => throw new ArgumentException($"{path}: a training log is JSON Lines, one object per line, which is not what a .json file holds. Name it .jsonl (or .csv for CSV)."),
            _ => throw new ArgumentException($"{path}: a training log is CSV (.csv) or JSON Lines (.jsonl, .ndjson); '{System.IO.Path.GetExtension(path)}' is neither."),
        };
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The folder '{folder}' does not exist. Create it first (New-Item -ItemType Directory).");
        }

        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var log = new TrainingLog(file, csv, path);
            log.Prepare();
            return log;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Appends one epoch's line and flushes it to the file.</summary>
    public void Write(EpochResult epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        object?[] values =
        [
            epoch.Epoch, epoch.Epochs, epoch.Loss, epoch.Accuracy, epoch.ValidationLoss, epoch.ValidationAccuracy,
            epoch.Duration.TotalSeconds, epoch.Samples, epoch.SamplesPerSecond, epoch.LearningRate, epoch.IsBest, epoch.Seed,
        ];
        if (_csv)
        {
            var line = string.Join(',', values.Select(v => v switch
            {
                null => string.Empty,
                bool b => b ? "True" : "False",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString(),
            }));
            _file.Write(Encoding.UTF8.GetBytes(line + "\n"));
        }
        else
        {
            using (var json = new Utf8JsonWriter(_file))
            {
                json.WriteStartObject();
                for (var i = 0; i < values.Length; i++)
                {
                    json.WritePropertyName(Columns[i]);
                    switch (values[i])
                    {
                        case null: json.WriteNullValue(); break;
                        case bool b: json.WriteBooleanValue(b); break;
                        case int n: json.WriteNumberValue(n); break;
                        case float f: json.WriteNumberValue(f); break;
                        case double d: json.WriteNumberValue(d); break;
                    }
                }

                json.WriteEndObject();
            }

            _file.WriteByte((byte)'\n');
        }

        _file.Flush();
    }

    public void Dispose() => _file.Dispose();

    /// <summary>
    /// A new or empty file gets the CSV header; an existing one must start as this kind of log does (the CSV header, or
    /// a JSON object whose first property is Epoch). Then the position goes to the end, after a line break.
    /// </summary>
    private void Prepare()
    {
        if (_file.Length == 0)
        {
            if (_csv)
            {
                _file.Write(Encoding.UTF8.GetBytes(CsvHeader + "\n"));
                _file.Flush();
            }

            return;
        }

        var start = new byte[Math.Min(_file.Length, 4096)];
        _file.ReadExactly(start);
        var text = Encoding.UTF8.GetString(start).TrimStart('\uFEFF');
        var first = text.Split('\n')[0].TrimEnd('\r');
        if (_csv ? first != CsvHeader : !first.StartsWith(JsonStart, StringComparison.Ordinal))
        {
            var shown = first.Length > 60 ? first[..60] + "..." : first;
            throw new ArgumentException($"{Path}: the file exists and is not a training log in {(_csv ? "CSV" : "JSON Lines")} (its first line is '{shown}', not {(_csv ? $"the header '{CsvHeader}'" : $"an object starting {JsonStart}")}). Name another file, or remove this one.");
        }

        _file.Seek(-1, SeekOrigin.End);
        var last = _file.ReadByte();
        if (last != '\n')
        {
            // The last line was cut short (a run killed mid-write): end it, so the next line stands on its own.
            _file.WriteByte((byte)'\n');
        }
    }
}
