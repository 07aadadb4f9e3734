namespace MnistPS.Fuzzing;

/// <summary>The data readers (CSV, IDX, gzip or not), called as Import-MnistData calls them, and checked against the engine's loaders.</summary>
internal static class DataRead
{
    /// <summary>
    /// Samples from a CSV or IDX file: a sample holds 784 pixels, which take at least 784 bytes of IDX or 1,568 of CSV, so
    /// the samples read and a packed copy (grown by doubling) stay within a few times the input; the constant covers the
    /// delimiter detector's 16 KiB, the CSV and gzip buffers, and the loader's first chunk (4,096 images, 3.2 MB).
    /// </summary>
    public static long AllocationBound(long length) => (8L << 20) + (8 * length);

    /// <summary>A broken file or a bad record; never a read failure (the harness's files are ordinary, readable files).</summary>
    public static bool IsTypedError(Exception e) => e is MnistFormatException or MnistRecordException;

    /// <summary>
    /// Reads <paramref name="path"/> as Import-MnistData does (ImportMnistDataCommand.Emit: DataFile.Detect, CsvDelimiter.Detect
    /// for CSV, then DataFile.ReadSamples with bad records going to a handler; IDX labels from the sibling file), then again
    /// with the engine's loader (IdxFile.Load or KaggleCsv.Load). When both read the file they must give the same samples
    /// and the same bad records; when one refuses it, so must the other, with the same kind of error.
    /// </summary>
    public static FuzzOutcome AsImportMnistData(string path)
    {
        var format = DataFile.Detect(path);
        var delimiter = format == DataFormat.Csv ? CsvDelimiter.Detect(path) : (char?)null;
        var streamed = Attempt(path, onBadRecord => DataFile.ReadSamples(path, null, format, onBadRecord, delimiter).ToList());
        var loaded = Attempt(path, onBadRecord => (format == DataFormat.Idx
            ? IdxFile.Load(path, IdxFile.FindLabelsFile(path), onBadRecord)
            : KaggleCsv.Load(path, onBadRecord, delimiter)).AsSamples().ToList());

        if (streamed.Error is not null || loaded.Error is not null)
        {
            if (streamed.Error?.GetType() != loaded.Error?.GetType())
            {
                throw new FuzzFailureException($"{path}: Import-MnistData's reader {Describe(streamed)} but the loader {Describe(loaded)}.");
            }

            throw streamed.Error!;
        }

        if (streamed.BadRecords != loaded.BadRecords || !SameSamples(streamed.Samples, loaded.Samples))
        {
            throw new FuzzFailureException($"{path}: Import-MnistData's reader {Describe(streamed)} but the loader {Describe(loaded)}, or other samples.");
        }

        return streamed;
    }

    private static FuzzOutcome Attempt(string path, Func<Action<MnistRecordException>, List<MnistSample>> read)
    {
        var bad = 0;
        try
        {
            var samples = read(e =>
            {
                // The images file or its labels file, then the record: "folder/file: record 4 (index 3): ...".
                if (!e.Message.StartsWith(Path.GetDirectoryName(path)!, StringComparison.Ordinal) || string.IsNullOrEmpty(e.Location))
                {
                    throw new FuzzFailureException($"a bad record does not name its file and record: {e.Message}", e);
                }

                bad++;
            });
            return new FuzzOutcome { Samples = samples, BadRecords = bad };
        }
        catch (Exception e) when (IsTypedError(e))
        {
            return new FuzzOutcome { Error = e, BadRecords = bad };
        }
    }

    private static bool SameSamples(IReadOnlyList<MnistSample> a, IReadOnlyList<MnistSample> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Label != b[i].Label || !a[i].GetPixelSpan().SequenceEqual(b[i].GetPixelSpan()))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(FuzzOutcome outcome) => outcome.Error is { } e
        ? $"refused it ({e.GetType().Name}: {e.Message})"
        : $"read {outcome.Samples.Count} sample(s) and {outcome.BadRecords} bad record(s)";
}
