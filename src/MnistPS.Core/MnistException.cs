namespace MnistPS;

/// <summary>
/// An error the user can fix, raised by the engine: a data or image file (<see cref="MnistDataException"/> and its
/// kinds), a model file (<see cref="ModelFileException"/>) or training that diverged
/// (<see cref="TrainingDivergedException"/>). The message says what is wrong and what to do; <see cref="Path"/> names
/// the file when there is one. The constructors live here once; each kind adds only the one it is raised with.
/// </summary>
public abstract class MnistException : Exception
{
    protected MnistException()
    {
    }

    protected MnistException(string message)
        : base(message)
    {
    }

    protected MnistException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An error about the file <paramref name="path"/>: the message is "path: location: problem" (no location, no middle part).</summary>
    private protected MnistException(string path, string location, string problem, Exception? innerException)
        : base($"{path}: {(location.Length > 0 ? location + ": " : string.Empty)}{problem}", innerException)
    {
        Path = path;
    }

    /// <summary>The file at fault, when there is one.</summary>
    public string? Path { get; }
}
