namespace MnistPS.Tests;

/// <summary>The real MNIST shipped in data/, loaded once per test run, and temporary folders.</summary>
internal static class TestData
{
    private static readonly Lazy<MnistDataset> TrainSet = new(() => IdxFile.Load(PathOf("train-images-idx3-ubyte.gz"), PathOf("train-labels-idx1-ubyte.gz")));
    private static readonly Lazy<MnistDataset> TestSet = new(() => IdxFile.Load(PathOf("t10k-images-idx3-ubyte.gz"), PathOf("t10k-labels-idx1-ubyte.gz")));

    public static MnistDataset Train => TrainSet.Value;

    public static MnistDataset Test => TestSet.Value;

    public static string DataFolder { get; } = FindDataFolder();

    public static string PathOf(string name) => Path.Combine(DataFolder, name);

    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mnistps-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string FindDataFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "train-images-idx3-ubyte.gz");
            if (File.Exists(candidate))
            {
                return Path.Combine(dir.FullName, "data");
            }
        }

        throw new InvalidOperationException("data/train-images-idx3-ubyte.gz not found above " + AppContext.BaseDirectory);
    }
}
