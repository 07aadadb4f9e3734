namespace MnistPS;

/// <summary>
/// The one bad-record policy of every reader (CSV rows, IDX labels): a bad record goes to the caller's handler and is
/// skipped, and reading goes on; without a handler it is thrown, and reading stops.
/// </summary>
internal static class BadRecords
{
    /// <summary>Throws <paramref name="error"/> when there is no handler; otherwise hands it over (the caller then skips the record).</summary>
    public static void Skip(MnistRecordException error, Action<MnistRecordException>? onBadRecord)
    {
        if (onBadRecord is null)
        {
            throw error;
        }

        onBadRecord(error);
    }
}
