using Specialized.Runtime.Kernels;
using Specialized.Runtime.Kernels.Float;

namespace Specialized.Runtime.Execution.Steps;

/// <summary>
/// Fully connected layer y[n, o] = clamp(Σ_k x[n, k]·W[o, k] + b[o]) computed as yᵀ = W·xᵀ, so the packed weights
/// are the A operand as in convolutions: B reads x transposed (row stride 1, column stride K) and C writes y
/// transposed (row stride 1, column stride O). Workers split the weight panels.
/// </summary>
internal sealed unsafe class GemmStep(int batch, int inFeatures, int outFeatures, float* input, float* output, Scratch scratch) : PlanStep
{
    private PreparedGemm _prepared = null!;

    public override void Run(WorkerPool pool, PreparedNode? prepared)
    {
        _prepared = (PreparedGemm)prepared!;
        pool.Run(this);
    }

    public override void Execute(int worker, int workerCount)
    {
        var a = _prepared.Weight;
        Share(a.PanelCount, worker, workerCount, out int begin, out int end);
        if (begin < end)
        {
            var b = new StridedMatrix(input, 1, inFeatures);
            Sgemm.Multiply(a, begin, end, b, 0, batch, output, 1, outFeatures, _prepared.Activation.Min, _prepared.Activation.Max, scratch.Panel(worker));
        }
    }
}
