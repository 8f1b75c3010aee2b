using Specialized.Runtime.Kernels;

namespace Specialized.Runtime.Execution;

/// <summary>
/// One node of an <see cref="ExecutionPlan"/>, bound to arena pointers for one input shape. <see cref="Run"/>
/// dispatches one or more parallel phases to the pool; between phases the step keeps its state in fields, which
/// is why a plan serves one run at a time.
/// </summary>
internal abstract unsafe class PlanStep : IParallelWork
{
    public abstract void Run(WorkerPool pool, PreparedNode? prepared);

    public abstract void Execute(int worker, int workerCount);

    /// <summary>The contiguous share [begin, end) of <paramref name="count"/> items for one worker.</summary>
    protected static void Share(int count, int worker, int workerCount, out int begin, out int end)
    {
        begin = (int)((long)count * worker / workerCount);
        end = (int)((long)count * (worker + 1) / workerCount);
    }
}
