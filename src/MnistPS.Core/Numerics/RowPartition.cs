namespace MnistPS.Numerics;

/// <summary>
/// Splits [0, count) into contiguous ranges run on up to <c>maxThreads</c> threads. Every kernel computes each
/// output element entirely inside one range, so the results are the same whatever the thread count.
/// </summary>
internal static class RowPartition
{
    /// <summary>Below this many multiply-adds a parallel split costs more than it saves.</summary>
    private const long MinParallelWork = 1 << 18;

    public static void Run(int count, long workPerRow, int maxThreads, Action<int, int> body)
    {
        var parts = (int)Math.Min(Math.Min(maxThreads, count), Math.Max(1, count * workPerRow / MinParallelWork));
        if (parts <= 1)
        {
            body(0, count);
            return;
        }

        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            var start = (int)((long)count * part / parts);
            var end = (int)((long)count * (part + 1) / parts);
            body(start, end);
        });
    }
}
