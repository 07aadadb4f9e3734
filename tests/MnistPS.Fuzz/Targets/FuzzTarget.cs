namespace MnistPS.Fuzzing;

/// <summary>
/// One reader under fuzzing: how arbitrary bytes become the file(s) it reads, the call a cmdlet makes on them, which
/// exceptions are the reader's typed errors, how much it may allocate, and the small valid files that seed the corpus.
/// Shared by the harness (MnistPS.Fuzz, run by afl-fuzz) and the xunit tests, which replay kept inputs through it.
/// </summary>
internal sealed class FuzzTarget
{
    /// <summary>The name given to <c>./build.ps1 Fuzz -Target</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What the harness does with the bytes, in one sentence (printed by <c>MnistPS.Fuzz targets</c>).</summary>
    public required string Description { get; init; }

    /// <summary>Writes the input as the file(s) the reader reads, in <c>folder</c>; returns the path the cmdlet would be given.</summary>
    public required Func<byte[], string, string> Write { get; init; }

    /// <summary>Reads the path as the cmdlet does. Throws the reader's typed error when the file is refused.</summary>
    public required Func<string, FuzzOutcome> Read { get; init; }

    /// <summary>Whether an exception is one of the reader's typed errors about the file's content (not about reading it).</summary>
    public required Func<Exception, bool> IsTypedError { get; init; }

    /// <summary>Small valid files (the input bytes, before <see cref="Write"/>), which the reader reads without error.</summary>
    public required Func<IReadOnlyList<FuzzSeed>> Seeds { get; init; }

    /// <summary>Tokens for afl-fuzz's dictionary (-x): magic numbers, names and numbers of the format, one byte per character (Latin-1).</summary>
    public IReadOnlyList<string> Dictionary { get; init; } = [];

    /// <summary>The managed bytes a read may allocate for an input of the given length (see the README's Fuzzing section).</summary>
    public required Func<long, long> AllocationBound { get; init; }

    /// <summary>A check made after the read and outside the allocation measurement (e.g. a loaded network saves and loads back equal).</summary>
    public Action<FuzzOutcome, string>? Verify { get; init; }

    /// <summary>
    /// Runs one input: writes it, reads it, and fails with <see cref="FuzzFailureException"/> (so afl-fuzz records a crash)
    /// when the read allocates beyond <see cref="AllocationBound"/>, when a typed error does not name the file, or when
    /// <see cref="Verify"/> finds a fault. Any exception that is not the reader's typed error propagates: a crash too.
    /// </summary>
    public FuzzOutcome Execute(byte[] input, string folder)
    {
        var path = Write(input, folder);
        // The readers run on the calling thread: what this thread allocates is what the read cost (Skia's pixels are native memory,
        // bounded by ImageOptions.MaxDecodedPixels before they are allocated).
        var before = GC.GetAllocatedBytesForCurrentThread();
        FuzzOutcome outcome;
        try
        {
            outcome = Read(path);
        }
        catch (Exception e) when (IsTypedError(e))
        {
            if (!e.Message.StartsWith(folder, StringComparison.Ordinal))
            {
                throw new FuzzFailureException($"{Name}: the {e.GetType().Name} does not name the file: {e.Message}", e);
            }

            outcome = new FuzzOutcome { Error = e };
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var bound = AllocationBound(input.Length);
        if (allocated > bound)
        {
            throw new FuzzFailureException($"{Name}: reading a {input.Length:N0}-byte input allocated {allocated:N0} bytes; the bound is {bound:N0}.");
        }

        Verify?.Invoke(outcome, folder);
        return outcome with { Allocated = allocated };
    }
}

/// <summary>What a read gave: the samples or network read, the bad records reported, or the typed error that refused the file.</summary>
internal sealed record FuzzOutcome
{
    public IReadOnlyList<MnistSample> Samples { get; init; } = [];

    public int BadRecords { get; init; }

    public Network? Network { get; init; }

    public Exception? Error { get; init; }

    public long Allocated { get; init; }

    public override string ToString() =>
        Error is not null ? $"refused ({Error.GetType().Name}): {Error.Message}"
        : Network is not null ? $"read a {Network.Architecture} network"
        : $"read {Samples.Count} sample(s), {BadRecords} bad record(s)";
}

/// <summary>A small valid file for the seed corpus.</summary>
internal sealed record FuzzSeed(string Name, byte[] Bytes);

/// <summary>A fault the harness found that is not an exception of the reader's own (too much memory, an error that names no file, a disagreement).</summary>
internal sealed class FuzzFailureException : Exception
{
    public FuzzFailureException()
    {
    }

    public FuzzFailureException(string message)
        : base(message)
    {
    }

    public FuzzFailureException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
