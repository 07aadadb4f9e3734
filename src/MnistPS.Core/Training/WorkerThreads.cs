namespace MnistPS;

/// <summary>
/// Helper threads that stay hot for the length of a training run, so that even a batch of 32 can be split across
/// cores: handing work to a sleeping thread-pool thread costs more than such a batch takes. Helpers spin between
/// phases (pausing, then yielding), doze when idle for longer, and exit when disposed.
/// </summary>
internal sealed class WorkerThreads : IDisposable
{
    /// <summary>Waiting steps spent pausing before yielding (about 35 ns each).</summary>
    private const int PauseSpins = 1000;

    private readonly Thread[] _helpers;
    private Action<int>? _body;
    private int _parts;
    private long _generation;
    private int _pending;
    private volatile bool _stopped;
    private Exception? _failure;

    public WorkerThreads(int threads)
    {
        _helpers = new Thread[Math.Max(0, threads - 1)];
        for (var h = 0; h < _helpers.Length; h++)
        {
            var first = h + 1;
            _helpers[h] = new Thread(() => Loop(first)) { IsBackground = true, Name = $"MnistPS worker {first}" };
            _helpers[h].Start();
        }
    }

    /// <summary>The calling thread plus the helpers.</summary>
    public int Threads => _helpers.Length + 1;

    /// <summary>Runs body(0) .. body(parts - 1), part p on thread p mod threads, and returns when all are done.</summary>
    public void Run(int parts, Action<int> body)
    {
        if (_helpers.Length == 0 || parts == 1)
        {
            for (var s = 0; s < parts; s++)
            {
                body(s);
            }

            return;
        }

        _body = body;
        _parts = parts;
        _failure = null;
        Volatile.Write(ref _pending, _helpers.Length);
        Interlocked.Increment(ref _generation);
        try
        {
            for (var s = 0; s < parts; s += _helpers.Length + 1)
            {
                body(s);
            }
        }
        finally
        {
            var wait = new SpinWait();
            for (var spins = 0; Volatile.Read(ref _pending) != 0; spins++)
            {
                Pause(spins, ref wait);
            }
        }

        if (_failure is not null)
        {
            throw new AggregateException(_failure);
        }
    }

    /// <summary>
    /// One step of waiting: a processor pause for the first <see cref="PauseSpins"/> steps (tens of microseconds, the
    /// length of a phase, without the system calls that yielding costs), then yielding the core to other threads.
    /// </summary>
    private static void Pause(int spins, ref SpinWait wait)
    {
        if (spins < PauseSpins)
        {
            Thread.SpinWait(1);
        }
        else
        {
            wait.SpinOnce(sleep1Threshold: -1);
        }
    }

    public void Dispose()
    {
        _stopped = true;
        foreach (var helper in _helpers)
        {
            helper.Join();
        }
    }

    private void Loop(int first)
    {
        // Start from generation 0, not from whatever the counter holds when this thread gets going: a Run that
        // began before the thread was scheduled must still be seen as new work.
        var seen = 0L;
        while (true)
        {
            // Spin (yielding) for up to 2 ms, which covers the gap between batches; after that, check once a
            // millisecond, so that a pause between epochs or in the consumer does not keep a core busy.
            var wait = new SpinWait();
            var idleSince = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var spins = 0; Volatile.Read(ref _generation) == seen; spins++)
            {
                if (_stopped)
                {
                    return;
                }

                if (spins < PauseSpins || System.Diagnostics.Stopwatch.GetElapsedTime(idleSince).TotalMilliseconds < 2)
                {
                    Pause(spins, ref wait);
                }
                else
                {
                    Thread.Sleep(1);
                }
            }

            seen = Volatile.Read(ref _generation);
            try
            {
                for (var s = first; s < _parts; s += _helpers.Length + 1)
                {
                    _body!(s);
                }
            }
            catch (Exception e)
            {
                _failure = e;
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }
}
