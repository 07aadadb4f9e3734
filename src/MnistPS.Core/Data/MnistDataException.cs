namespace MnistPS;

/// <summary>Something is wrong with a data file. The message names the file, the line or record, and the fix.</summary>
public abstract class MnistDataException : MnistException
{
    private protected MnistDataException(string path, string location, string problem, Exception? innerException = null)
        : base(path, location, problem, innerException)
    {
        Location = location;
        Problem = problem;
    }

    /// <summary>Where in the file, e.g. "line 12" or "record 5", or empty for the whole file.</summary>
    public string? Location { get; }

    /// <summary>What is wrong and how to fix it.</summary>
    public string? Problem { get; }
}

/// <summary>The file's structure is broken (bad header, truncated, not the format it claims): nothing more can be read.</summary>
public sealed class MnistFormatException : MnistDataException
{
    internal MnistFormatException(string path, string location, string problem, Exception? innerException = null)
        : base(path, location, problem, innerException)
    {
    }
}

/// <summary>One record is bad (wrong field count, pixel out of range, bad label); the records after it can still be read.</summary>
public sealed class MnistRecordException : MnistDataException
{
    internal MnistRecordException(string path, string location, string problem)
        : base(path, location, problem)
    {
    }
}

/// <summary>
/// The file cannot be read at all (it is missing, a folder, not readable, or the device fails mid-read): its content was
/// not judged. Nothing more can be read from it.
/// </summary>
public sealed class MnistReadException : MnistDataException
{
    internal MnistReadException(string path, string location, string problem, Exception? innerException = null)
        : base(path, location, problem, innerException)
    {
    }
}
