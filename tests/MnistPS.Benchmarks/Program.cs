using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MnistPS;
using MnistPS.Imaging;
using MnistPS.Numerics;
using MnistPS.Tests;

// The engine benchmark: prints one JSON object of medians. Run through ./build.ps1 Bench, which adds the cmdlet figures.
// "--train-run DATA [large]" trains 784-20-10 for 10 epochs (or 784-800-10 for 2) on the 60,000 images in a process of its own, so its peak working set is measured alone.
// "--large" measures only the large networks (784-800-10 plain and augmented, 784-1000-500-10, inference): a quicker loop while working on them.
// "--photos DIR" leaves the benchmark's photos in DIR (1,000 200x200 JPEGs and one 3000x2400), for the cmdlet figures.
var data = args.Length >= 2 && args[0] == "--train-run" ? args[1] : FindData();
var photoFolder = args.Length >= 2 && args[0] == "--photos" ? args[1] : Path.Combine(Path.GetTempPath(), $"mnistps-bench-photos-{Environment.ProcessId}");
if (args.Length >= 1 && args[0] == "--train-run")
{
    var set = IdxFile.Load(Path.Combine(data, "train-images-idx3-ubyte.gz"), Path.Combine(data, "train-labels-idx1-ubyte.gz"));
    var wide = args.Length >= 3 && args[2] == "large";
    var network = Network.Create(new NetworkOptions { HiddenSizes = wide ? [800] : [20], Seed = 1 });
    foreach (var _ in new Trainer(network, new TrainingOptions { Epochs = wide ? 2 : 10, BatchSize = wide ? 64 : 32, Seed = 1 }).Train(set))
    {
    }

    Console.WriteLine(Process.GetCurrentProcess().PeakWorkingSet64);
    return 0;
}

var results = new Dictionary<string, object>();
if (args.Length >= 1 && args[0] == "--large")
{
    var trainSet = IdxFile.Load(Path.Combine(data, "train-images-idx3-ubyte.gz"), Path.Combine(data, "train-labels-idx1-ubyte.gz"));
    LargeNetworks(trainSet, IdxFile.Load(Path.Combine(data, "t10k-images-idx3-ubyte.gz"), Path.Combine(data, "t10k-labels-idx1-ubyte.gz")), results);
    results["simd_bits"] = Kernels.VectorBits;
    Console.WriteLine(JsonSerializer.Serialize(results));
    return 0;
}

var trainPath = Path.Combine(data, "train-images-idx3-ubyte.gz");
var labelPath = Path.Combine(data, "train-labels-idx1-ubyte.gz");

results["idx_gzip_60k_import_seconds"] = Math.Round(Median(5, () => IdxFile.Load(trainPath, labelPath)), 4);
var train = IdxFile.Load(trainPath, labelPath);
var test = IdxFile.Load(Path.Combine(data, "t10k-images-idx3-ubyte.gz"), Path.Combine(data, "t10k-labels-idx1-ubyte.gz"));

var csv = Path.Combine(Path.GetTempPath(), $"mnistps-bench-{Environment.ProcessId}.csv");
KaggleCsv.Write(train.Slice(0, 42000).AsSamples(), csv, includeLabels: true);
results["csv_42k_import_seconds"] = Math.Round(Median(5, () => KaggleCsv.Load(csv)), 4);
File.Delete(csv);

foreach (var (name, batch, epochs) in new[] { ("batch32", 32, 11), ("batch128", 128, 11), ("full_batch", 0, 11) })
{
    var network = Network.Create(new NetworkOptions { Seed = 1 });
    var options = new TrainingOptions { Epochs = epochs, BatchSize = batch, LearningRate = batch == 0 ? 0.5f : 0.1f, Seed = 1 };
    var rates = new Trainer(network, options).Train(train).Select(r => r.SamplesPerSecond).ToList();
    results[$"train_{name}_samples_per_second"] = Math.Round(MedianOf(rates));
}

// Training time grows linearly with the data on both paths (#17): 300,000 images (the 60,000 five times over) are
// past the compressed-image cache, so they are compressed batch by batch; 60,000 are timed with the cache refused
// too, so the two epochs differ only in size. Second epochs, once the code is compiled.
foreach (var (name, copies) in new[] { ("60k", 1), ("300k", 5) })
{
    var set = copies == 1 ? train : MnistDataset.FromSamples(Enumerable.Range(0, copies).SelectMany(_ => train.AsSamples()));
    var options = new TrainingOptions { Epochs = 2, Seed = 1 };
    var epochs = new Trainer(Network.Create(new NetworkOptions { Seed = 1 }), options) { MaxCachedPixels = 0 }.Train(set).ToList();
    results[$"train_{name}_uncached_epoch_seconds"] = Math.Round(epochs[^1].Duration.TotalSeconds, 3);
}

LargeNetworks(train, test, results);

var trained = Network.Create(new NetworkOptions { Seed = 1 });
foreach (var _ in new Trainer(trained, new TrainingOptions { Epochs = 1, Seed = 1 }).Train(train))
{
}

// Inference is timed once the JIT has settled: a second of warm-up lets tiered compilation replace the first, unoptimised
// code of the kernels (training no longer runs the pixel compressor, so it reaches inference cold).
// A pass takes a few milliseconds, so many are timed: on a shared machine the median of a few can land in a moment when
// the other core is taken.
WarmUp(() => trained.PredictProbabilities(test));
results["inference_batched_samples_per_second"] = Math.Round(test.Count / Median(41, () => trained.PredictProbabilities(test)));
var probabilities = new float[10];
const int singles = 20000;
WarmUp(() => trained.Predict(test.GetImage(0), probabilities));
results["inference_single_predictions_per_second"] = Math.Round(singles / Median(9, () =>
{
    for (var i = 0; i < singles; i++)
    {
        trained.Predict(test.GetImage(i % test.Count), probabilities);
    }
}));

// Images: 1,000 photos of test digits (200x200 JPEG, ink on paper) read and normalised one after another, and one 3000x2400 photo.
Directory.CreateDirectory(photoFolder);
var photos = Enumerable.Range(0, 1000).Select(i =>
{
    var file = Path.Combine(photoFolder, $"photo{i:D4}.jpg");
    File.WriteAllBytes(file, DigitPhotos.InkOnPaper(test.GetImage(i), seed: i, width: 200, height: 200, scale: 5));
    return file;
}).ToList();
var large = Path.Combine(photoFolder, "large-3000x2400.jpeg");
File.WriteAllBytes(large, DigitPhotos.InkOnPaper(test.GetImage(0), seed: 1, width: 3000, height: 2400, scale: 60));
WarmUp(() => DigitImage.Read(photos[0]));
results["images_200x200_jpeg_per_second"] = Math.Round(photos.Count / Median(5, () => photos.ForEach(file => DigitImage.Read(file))));
results["image_3000x2400_jpeg_seconds"] = Math.Round(Median(9, () => DigitImage.Read(large)), 4);
var allocated = GC.GetAllocatedBytesForCurrentThread();
DigitImage.Read(large);
results["image_3000x2400_jpeg_managed_mb"] = Math.Round((GC.GetAllocatedBytesForCurrentThread() - allocated) / 1048576.0, 1);
if (args.Length < 2 || args[0] != "--photos")
{
    Directory.Delete(photoFolder, recursive: true);
}

results["train_10_epochs_peak_working_set_mb"] = PeakWorkingSetMegabytes(data, "small");
results["train_large_peak_working_set_mb"] = PeakWorkingSetMegabytes(data, "large");

results["cores"] = Environment.ProcessorCount;
results["simd_bits"] = Kernels.VectorBits;
results["threads"] = Environment.ProcessorCount;
results["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
results["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
Console.WriteLine(JsonSerializer.Serialize(results));
return 0;

// The large networks (#19): 784-800-10 at batch 64, plain SGD, and the same with every augmentation at once (shifts,
// turns, dropout, elastic distortion), their epochs taken in turns so that each augmented epoch has a plain one beside
// it on a VM whose speed drifts: what augmentation costs is the median of the pairs' ratios. Then 784-1000-500-10 plain.
static void LargeNetworks(MnistDataset train, MnistDataset test, Dictionary<string, object> results)
{
    var plain = new TrainingOptions { Epochs = 6, BatchSize = 64, LearningRate = 0.05f, Seed = 1 };
    var augmented = plain with { MaxShift = 2, MaxRotation = 10, Dropout = 0.25f, ElasticAlpha = 34, ElasticSigma = 4 };
    var largeNetwork = Network.Create(new NetworkOptions { HiddenSizes = [800], Seed = 1 });
    var (plainTimes, augmentedTimes, ratios) = (new List<double>(), new List<double>(), new List<double>());
    using (var plainEpochs = new Trainer(largeNetwork, plain).Train(train).GetEnumerator())
    using (var augmentedEpochs = new Trainer(Network.Create(new NetworkOptions { HiddenSizes = [800], Seed = 1 }), augmented).Train(train).GetEnumerator())
    {
        // Each pair takes its two epochs in the other order from the pair before.
        for (var epoch = 1; epoch <= plain.Epochs; epoch++)
        {
            var (first, second) = epoch % 2 == 1 ? (plainEpochs, augmentedEpochs) : (augmentedEpochs, plainEpochs);
            first.MoveNext();
            second.MoveNext();
            var (p, a) = (plainEpochs.Current.Duration.TotalSeconds, augmentedEpochs.Current.Duration.TotalSeconds);
            if (epoch > 1) // the first epoch compiles and caches
            {
                plainTimes.Add(p);
                augmentedTimes.Add(a);
                ratios.Add(a / p);
            }
        }
    }

    results["train_large_plain_epoch_seconds"] = Math.Round(MedianOf(plainTimes), 3);
    results["train_large_augmented_epoch_seconds"] = Math.Round(MedianOf(augmentedTimes), 3);
    results["train_large_augmented_epoch_ratio"] = Math.Round(MedianOf(ratios), 2);
    var deep = Network.Create(new NetworkOptions { HiddenSizes = [1000, 500], Seed = 1 });
    results["train_deep_plain_epoch_seconds"] = Math.Round(MedianOf(new Trainer(deep, plain with { Epochs = 3 }).Train(train).Skip(1).Select(r => r.Duration.TotalSeconds).ToList()), 3);
    results["train_large_batch64_samples_per_second"] = Math.Round(train.Count / (double)results["train_large_plain_epoch_seconds"]);
    results["train_deep_batch64_samples_per_second"] = Math.Round(train.Count / (double)results["train_deep_plain_epoch_seconds"]);
    WarmUp(() => largeNetwork.PredictProbabilities(test));
    results["inference_large_batched_samples_per_second"] = Math.Round(test.Count / Median(9, () => largeNetwork.PredictProbabilities(test)));
}

// Peak working set of a training run in a process of its own (see --train-run).
static double PeakWorkingSetMegabytes(string data, string size)
{
    var host = Environment.ProcessPath!;
    string[] runArguments = Path.GetFileNameWithoutExtension(host) == "dotnet"
        ? [Path.Combine(AppContext.BaseDirectory, "MnistPS.Benchmarks.dll"), "--train-run", data, size]
        : ["--train-run", data, size];
    using var run = Process.Start(new ProcessStartInfo(host, runArguments) { UseShellExecute = false, RedirectStandardOutput = true })!;
    var peak = long.Parse(run.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
    run.WaitForExit();
    return Math.Round(peak / 1048576.0, 1);
}

static double Median(int runs, Action action)
{
    action();
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        action();
        times.Add(clock.Elapsed.TotalSeconds);
    }

    return MedianOf(times);
}

static void WarmUp(Action action)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < 1)
    {
        action();
    }
}

static double MedianOf(List<double> values)
{
    values.Sort();
    return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
}

static string FindData()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "data", "train-images-idx3-ubyte.gz")))
        {
            return Path.Combine(dir.FullName, "data");
        }
    }

    throw new InvalidOperationException("data/ not found");
}
