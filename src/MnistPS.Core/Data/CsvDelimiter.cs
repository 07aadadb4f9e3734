namespace MnistPS;

/// <summary>
/// The character that separates the fields of a Kaggle-style CSV: ',' by default, ';' in files written by Excel in cultures
/// whose list separator is ';' (such as de-DE, fr-FR), or another the user names.
/// </summary>
public static class CsvDelimiter
{
    /// <summary>The delimiter of Kaggle's files, and of the files MnistPS writes unless told otherwise.</summary>
    public const char Default = ',';

    /// <summary>The delimiter Excel uses in cultures whose list separator is ';'.</summary>
    public const char Semicolon = ';';

    /// <summary>How much of a file's start <see cref="Detect"/> looks at: more than a header (about 7 KB) or a row (at most 3 KB).</summary>
    private const int DetectionBytes = 16 << 10;

    /// <summary>
    /// Why <paramref name="delimiter"/> cannot separate the fields of an MNIST CSV, or null when it can: it must be an ASCII
    /// punctuation mark or symbol other than the quote, or a tab (digits, letters, spaces and line ends are part of the data).
    /// </summary>
    public static string? Problem(char delimiter) =>
        delimiter == '\t' || (char.IsAscii(delimiter) && (char.IsPunctuation(delimiter) || char.IsSymbol(delimiter)) && delimiter != '"')
            ? null
            : $"{Show(delimiter)} cannot separate the fields of an MNIST CSV: use a punctuation mark such as ',' or ';', or a tab.";

    /// <summary>Throws <see cref="ArgumentException"/> with the <see cref="Problem"/> of <paramref name="delimiter"/>, if it has one.</summary>
    internal static void Check(char delimiter, string parameterName)
    {
        if (Problem(delimiter) is { } problem)
        {
            throw new ArgumentException(problem, parameterName);
        }
    }

    /// <summary>
    /// The delimiter of the CSV file <paramref name="path"/> (gzip or not), from its first line: ';' when that line has a ';'
    /// and no ',', as Excel writes it in cultures such as de-DE (header or not); ',' otherwise.
    /// </summary>
    /// <exception cref="MnistReadException">The file cannot be read.</exception>
    public static char Detect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = InputFile.Open(path, out _);
        var head = new byte[DetectionBytes];
        var start = head.AsSpan(0, InputFile.ReadFully(stream, head, path, "line 1")).TrimStart("\r\n"u8);
        var end = start.IndexOfAny((byte)'\r', (byte)'\n');
        var line = end < 0 ? start : start[..end];
        return line.Contains((byte)Semicolon) && !line.Contains((byte)Default) ? Semicolon : Default;
    }

    /// <summary>
    /// For a first record read as a single field: the delimiter the record seems to use instead of <paramref name="used"/>,
    /// or null when it has none of ',', ';', tab or '|'.
    /// </summary>
    internal static char? Other(ReadOnlySpan<byte> record, char used)
    {
        foreach (var b in record)
        {
            if (b is (byte)',' or (byte)';' or (byte)'\t' or (byte)'|' && b != used)
            {
                return (char)b;
            }
        }

        return null;
    }

    /// <summary>A delimiter quoted as a user types it in PowerShell (';', or "`t" for a tab); another control character by its code.</summary>
    internal static string Show(char delimiter) =>
        delimiter == '\t' ? "\"`t\"" : char.IsControl(delimiter) ? $"U+{(int)delimiter:X4}" : $"'{delimiter}'";
}
