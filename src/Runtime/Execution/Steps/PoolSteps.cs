using Specialized.Runtime.Graph;
using Specialized.Runtime.Kernels;
using Specialized.Runtime.Kernels.Float;

namespace Specialized.Runtime.Execution.Steps;

/// <summary>MaxPool or AveragePool; the N·C planes are split across workers.</summary>
internal sealed unsafe class PoolStep(Pool2dNode node, int[] inputShape, float* input, float* output) : PlanStep
{
    public override void Run(WorkerPool pool, PreparedNode? prepared) => pool.Run(this);

    public override void Execute(int worker, int workerCount)
    {
        Share(inputShape[0] * inputShape[1], worker, workerCount, out int begin, out int end);
        var g = node.Geometry;
        if (node is AveragePoolNode average)
        {
            Pooling.Average(g, average.CountIncludePad, input, inputShape[2], inputShape[3], output, begin, end);
        }
        else
        {
            Pooling.Max(g, input, inputShape[2], inputShape[3], output, begin, end);
        }
    }
}

/// <summary>GlobalAveragePool; the N·C planes are split across workers.</summary>
internal sealed unsafe class GlobalAveragePoolStep(int planes, int planeSize, float* input, float* output) : PlanStep
{
    public override void Run(WorkerPool pool, PreparedNode? prepared) => pool.Run(this);

    public override void Execute(int worker, int workerCount)
    {
        Share(planes, worker, workerCount, out int begin, out int end);
        GlobalAveragePool.Run(input, planeSize, output, begin, end);
    }
}
