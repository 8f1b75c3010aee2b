namespace Specialized.Runtime.Kernels;

/// <summary>
/// One parallel phase run by <see cref="WorkerPool"/>: every worker calls <see cref="Execute"/> once with its index,
/// and splits the work statically by (worker, workerCount). Implementations are long-lived objects (plan steps), so
/// dispatching a phase allocates nothing.
/// </summary>
public interface IParallelWork
{
    /// <summary>Does worker <paramref name="worker"/>'s share (0 ≤ worker &lt; workerCount) of the phase.</summary>
    void Execute(int worker, int workerCount);
}
