using Specialized.Runtime.Graph;
using Specialized.Runtime.Kernels;
using Specialized.Runtime.Kernels.Float;

namespace Specialized.Runtime.Execution.Steps;

/// <summary>Residual add with its fused clamp, split into equal contiguous ranges per worker.</summary>
internal sealed unsafe class AddStep(float* left, float* right, float* output, int length, FusedActivation activation) : PlanStep
{
    public override void Run(WorkerPool pool, PreparedNode? prepared) => pool.Run(this);

    public override void Execute(int worker, int workerCount)
    {
        Share(length, worker, workerCount, out int begin, out int end);
        Elementwise.AddClamp(left, right, output, begin, end, activation);
    }
}

/// <summary>A standalone ReLU/Clip, split into equal contiguous ranges per worker.</summary>
internal sealed unsafe class ClampStep(float* input, float* output, int length, FusedActivation activation) : PlanStep
{
    public override void Run(WorkerPool pool, PreparedNode? prepared) => pool.Run(this);

    public override void Execute(int worker, int workerCount)
    {
        Share(length, worker, workerCount, out int begin, out int end);
        Elementwise.Clamp(input, output, begin, end, activation);
    }
}

/// <summary>Concat: the outer index range (dimensions before the axis) is split across workers.</summary>
internal sealed unsafe class ConcatStep(nint[] inputs, int[] chunks, float* output, int outer) : PlanStep
{
    public override void Run(WorkerPool pool, PreparedNode? prepared) => pool.Run(this);

    public override void Execute(int worker, int workerCount)
    {
        Share(outer, worker, workerCount, out int begin, out int end);
        Concat.Run(inputs, chunks, output, begin, end);
    }
}
