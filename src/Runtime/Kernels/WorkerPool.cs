using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Specialized.Runtime.Kernels;

/// <summary>
/// A fixed set of worker threads for fork-join phases that allocate nothing per dispatch. The calling thread is
/// worker 0 and does its own share; workers 1..n−1 are dedicated background threads.
/// </summary>
/// <remarks>
/// Why not Parallel.For: it allocates per call (closures, task state), and the executor must run allocation-free;
/// a ResNet-18 pass is also ~50 short phases, where Parallel.For's scheduling latency shows. Here a dispatch is a
/// generation bump under a lock. Idle workers spin on the generation for a while (phases follow each other
/// within microseconds during a forward pass) and then block on the monitor, so an idle pool costs no CPU.
/// The caller spins (with yields) until all workers report done — its own share is about as long as theirs.
/// Not re-entrant: one <see cref="Run"/> at a time. Public because generated models (in the user's assembly) use it
/// for their layer phases too.
/// </remarks>
public sealed class WorkerPool : IDisposable
{
    /// <summary>
    /// Spin iterations (each <c>Thread.SpinWait(20)</c>) before an idle worker blocks: about 1.5 ms on the Zen 5 of
    /// PERFORMANCE.md, where one iteration measured 0.74 µs. Long enough to bridge the gaps between the phases of a
    /// pass and between passes of a caller's loop; a worker that does block costs the next dispatch a wake-up, which
    /// on a VM whose idle vCPU halts took 0.1–1.6 ms there.
    /// </summary>
    private const int SpinIterations = 2000;

    private readonly object _gate = new();
    private readonly Thread[] _threads;
    private IParallelWork? _work;
    private long _generation;
    private int _pending;
    private bool _disposed;
    private Exception? _error;

    /// <summary>Starts <paramref name="workerCount"/> − 1 background threads (the caller is worker 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workerCount"/> is less than 1.</exception>
    public WorkerPool(int workerCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workerCount, 1);
        WorkerCount = workerCount;
        _threads = new Thread[workerCount - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int worker = i + 1;
            _threads[i] = new Thread(() => WorkerLoop(worker)) { IsBackground = true, Name = $"Specialized worker {worker}" };
            _threads[i].Start();
        }
    }

    /// <summary>Workers taking part in every <see cref="Run"/>, the caller included.</summary>
    public int WorkerCount { get; }

    /// <summary>Runs <paramref name="work"/> on every worker and returns when all are done; rethrows a worker's exception.</summary>
    public void Run(IParallelWork work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_threads.Length == 0)
        {
            work.Execute(0, 1);
            return;
        }

        _work = work;
        _error = null;
        Volatile.Write(ref _pending, _threads.Length);
        lock (_gate)
        {
            _generation++;
            Monitor.PulseAll(_gate);
        }

        Exception? own = null;
        try
        {
            work.Execute(0, WorkerCount);
        }
        catch (Exception e)
        {
            own = e;
        }

        var spinner = default(SpinWait);
        while (Volatile.Read(ref _pending) != 0)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        _work = null;
        var error = own ?? _error;
        if (error is not null)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    /// <summary>Stops and joins the background threads.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Monitor.PulseAll(_gate);
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }
    }

    // Fully optimized from the start: this loop never returns, so under tiering it would run as tier-0 code until
    // an on-stack replacement fires at an unpredictable moment (observed as stray allocations during a run).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WorkerLoop(int worker)
    {
        long seen = 0;
        while (true)
        {
            for (int spin = 0; spin < SpinIterations && Volatile.Read(ref _generation) == seen && !Volatile.Read(ref _disposed); spin++)
            {
                Thread.SpinWait(20);
            }

            lock (_gate)
            {
                while (_generation == seen && !_disposed)
                {
                    Monitor.Wait(_gate);
                }

                if (_disposed)
                {
                    return;
                }

                seen = _generation;
            }

            try
            {
                _work!.Execute(worker, WorkerCount);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }

            Interlocked.Decrement(ref _pending);
        }
    }
}
