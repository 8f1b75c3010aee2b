namespace Specialized.Runtime.Kernels;

/// <summary>
/// One parallel phase run by <see cref="WorkerPool"/>: every worker calls <see cref="Execute"/> once with its index,
/// and splits the work statically by (worker, workerCount). Implementations are long-lived objects (plan steps), so
/// dispatching a phase allocates nothing.
/// </summary>
internal interface IParallelWork
{
    void Execute(int worker, int workerCount);
}
