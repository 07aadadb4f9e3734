using System.Numerics;
using System.Runtime.ExceptionServices;

namespace MnistPS;

/// <summary>
/// Helper threads that stay hot for the length of a training run, so that even a batch of 32 can be split across
/// cores: handing work to a sleeping thread-pool thread costs more than such a batch takes. Helpers spin between
/// phases (pausing, then yielding), doze when idle for longer, and exit when disposed.
/// </summary>
/// <remarks>
/// Each thread claims its own parts first (part p belongs to thread p mod threads, so the data a part works on stays
/// in that thread's cache from one batch to the next), then any part still unclaimed. A thread that the machine
/// has not scheduled in time (a shared VM lends its cores out) therefore delays nothing: the others take its parts.
/// Which thread runs a part never changes what the part computes.
/// </remarks>
internal sealed class WorkerThreads : IDisposable
{
    /// <summary>Waiting steps spent pausing before yielding (about 35 ns each).</summary>
    private const int PauseSpins = 1000;

    /// <summary>Most parts of one run: one bit each in <see cref="_state"/>.</summary>
    private const int MaxParts = 32;

    private readonly Thread[] _helpers;
    private Action<int>? _body;

    /// <summary>
    /// The run's number in the high 32 bits, the parts not yet claimed as a bit mask in the low 32: one word, so that
    /// a thread still looking at a finished run cannot claim anything in it.
    /// </summary>
    private long _state;
    private int _done;
    private volatile bool _stopped;
    private Exception? _failure;

    public WorkerThreads(int threads)
    {
        _helpers = new Thread[Math.Max(0, threads - 1)];
        for (var h = 0; h < _helpers.Length; h++)
        {
            var thread = h + 1;
            _helpers[h] = new Thread(() => Loop(thread)) { IsBackground = true, Name = $"MnistPS worker {thread}" };
            _helpers[h].Start();
        }
    }

    /// <summary>The calling thread plus the helpers.</summary>
    public int Threads => _helpers.Length + 1;

    /// <summary>Runs body(0) .. body(parts - 1) on the threads and returns when all are done; rethrows a part's exception.</summary>
    public void Run(int parts, Action<int> body)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parts, MaxParts);
        if (_helpers.Length == 0 || parts == 1)
        {
            for (var s = 0; s < parts; s++)
            {
                body(s);
            }

            return;
        }

        _body = body;
        _failure = null;
        Volatile.Write(ref _done, 0);
        var run = (int)(Volatile.Read(ref _state) >> 32) + 1;
        Interlocked.Exchange(ref _state, ((long)run << 32) | (uint.MaxValue >> (MaxParts - parts)));
        Work(0, run);
        var wait = new SpinWait();
        for (var spins = 0; Volatile.Read(ref _done) != parts; spins++)
        {
            Pause(spins, ref wait);
        }

        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure);
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

    /// <summary>Runs parts of run <paramref name="run"/> as long as this thread can claim one.</summary>
    private void Work(int thread, int run)
    {
        var own = 0u;
        for (var p = thread; p < MaxParts; p += Threads)
        {
            own |= 1u << p;
        }

        while (TryClaim(own, run, out var part))
        {
            try
            {
                _body!(part);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
            finally
            {
                Interlocked.Increment(ref _done);
            }
        }
    }

    /// <summary>
    /// Claims an unclaimed part of run <paramref name="run"/>: one of the thread's own parts (<paramref name="own"/>)
    /// if any is left, else the lowest left. False once all are claimed or the run is over.
    /// </summary>
    private bool TryClaim(uint own, int run, out int part)
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            var free = (uint)state;
            if ((int)(state >> 32) != run || free == 0)
            {
                part = -1;
                return false;
            }

            part = BitOperations.TrailingZeroCount((free & own) != 0 ? free & own : free);
            if (Interlocked.CompareExchange(ref _state, state & ~(1L << part), state) == state)
            {
                return true;
            }
        }
    }

    private void Loop(int thread)
    {
        // Start from run 0, not from whatever the counter holds when this thread gets going: a Run that began before
        // the thread was scheduled must still be seen as new work.
        var seen = 0;
        while (true)
        {
            // Spin (yielding) for up to 2 ms, which covers the gap between batches; after that, check once a
            // millisecond, so that a pause between epochs or in the consumer does not keep a core busy.
            var wait = new SpinWait();
            var idleSince = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var spins = 0; (int)(Volatile.Read(ref _state) >> 32) == seen; spins++)
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

            seen = (int)(Volatile.Read(ref _state) >> 32);
            Work(thread, seen);
        }
    }
}
