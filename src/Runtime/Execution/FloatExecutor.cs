using Specialized.Runtime.Graph;
using Specialized.Runtime.Kernels;
using Specialized.Runtime.Kernels.Float;
using Specialized.Runtime.Quantization;
using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Execution;

/// <summary>
/// Fast float32 execution of a <see cref="ModelGraph"/> (NCHW), for calibration and sensitivity measurement.
/// Convolutions run as implicit-im2col, cache-blocked, register-tiled SGEMM with bias and clamp fused; work is split over
/// <see cref="Threads"/> threads (the caller plus dedicated workers).
/// </summary>
/// <remarks>
/// <para>
/// Costs: the constructor packs every Conv/Gemm weight once. The first run for an input shape builds a plan
/// (shapes, one pinned arena with buffers reused by tensor liveness, packing scratch); later runs
/// with that shape allocate nothing, on any thread.
/// </para>
/// <para>
/// Designed for the allocator, which runs thousands of passes with one or two layers' weights perturbed:
/// (a) <see cref="CreateSnapshot"/> + <see cref="Run(ReadOnlySpan{float}, ReadOnlySpan{int}, Span{float}, ReadOnlySpan{ActivationSnapshot})"/>
///     capture the tensors alive before chosen nodes — a Conv/Gemm's input and any skip branch still needed;
/// (b) <see cref="RunFrom"/> finishes a pass from such a snapshot, skipping the unchanged prefix;
/// (c) <see cref="WithReplacedNode"/> gives an executor with one node's weights replaced that shares the packed
///     weights of every other node, the threads and the plans (so it packs one layer and allocates little).
/// Snapshots depend only on shapes, so a snapshot taken by one executor of a family can be replayed by any other.
/// </para>
/// <para>
/// Not thread-safe: an executor and all executors derived from it share buffers, so run them one at a time.
/// Dispose every executor of a family (the worker threads stop when the last one is disposed).
/// </para>
/// </remarks>
public sealed class FloatExecutor : IDisposable
{
    private readonly PreparedNode?[] _prepared;
    private readonly Family _family;
    private bool _disposed;

    /// <param name="graph">The model.</param>
    /// <param name="threads">Threads to use; default <see cref="Environment.ProcessorCount"/>.</param>
    public FloatExecutor(ModelGraph graph, int? threads = null)
        : this(graph, threads, GemmKernels.Best)
    {
    }

    /// <summary>Executor with a chosen micro-kernel (tests run every kernel; benchmarks compare them).</summary>
    internal FloatExecutor(ModelGraph graph, int? threads, GemmKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int count = threads ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(threads));
        Graph = graph;
        _prepared = graph.Nodes.Select(node => PreparedNode.Create(node, kernel)).ToArray();
        _family = new Family(new WorkerPool(count), kernel);
    }

    private FloatExecutor(ModelGraph graph, PreparedNode?[] prepared, Family family)
    {
        Graph = graph;
        _prepared = prepared;
        _family = family;
        Interlocked.Increment(ref family.References);
    }

    public ModelGraph Graph { get; }

    public int Threads => _family.Pool.WorkerCount;

    /// <summary>Shape of the first graph output for <paramref name="inputShape"/>.</summary>
    public int[] OutputShape(ReadOnlySpan<int> inputShape) => (int[])PlanFor(inputShape).OutputShape.Clone();

    /// <summary>Runs the model on <paramref name="input"/> and returns its first output.</summary>
    public DenseTensor<float> Run(DenseTensor<float> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = PlanFor(input.Shape);
        var output = new DenseTensor<float>(plan.OutputShape);
        Run(input.Data, input.Shape, output.Data);
        return output;
    }

    /// <summary>
    /// Runs the model; <paramref name="output"/> receives the first graph output (length = product of
    /// <see cref="OutputShape"/>). Allocates nothing once this input shape has been seen.
    /// </summary>
    public void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputShape, Span<float> output) =>
        Run(input, inputShape, output, []);

    /// <summary>As <see cref="Run(ReadOnlySpan{float}, ReadOnlySpan{int}, Span{float})"/>, also filling each snapshot as its node is reached.</summary>
    public void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputShape, Span<float> output, ReadOnlySpan<ActivationSnapshot> captures)
    {
        var plan = PlanFor(inputShape);
        if (input.Length != plan.InputLength)
        {
            throw new ArgumentException($"input has {input.Length} values, shape {ShapeText.Format(plan.InputShape)} needs {plan.InputLength}", nameof(input));
        }

        CheckOutput(plan, output);
        foreach (var capture in captures)
        {
            if (capture.Plan != plan)
            {
                throw new ArgumentException($"snapshot before node {capture.NodeIndex} belongs to input shape {ShapeText.Format(capture.InputShape)} of another executor family or shape", nameof(captures));
            }
        }

        plan.LoadInput(input);
        plan.Run(_family.Pool, _prepared, 0, captures);
        plan.StoreOutput(output);
    }

    /// <summary>
    /// An empty snapshot of the tensors alive before node <paramref name="nodeIndex"/> for <paramref name="inputShape"/>;
    /// pass it to <c>Run</c> to fill it.
    /// </summary>
    public ActivationSnapshot CreateSnapshot(int nodeIndex, ReadOnlySpan<int> inputShape)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nodeIndex, Graph.Nodes.Count);
        return new ActivationSnapshot(PlanFor(inputShape), nodeIndex);
    }

    /// <summary>
    /// Restores <paramref name="snapshot"/> and runs nodes [snapshot.NodeIndex, end) with this executor's weights.
    /// Equal to a full run when every node before the snapshot is unchanged. Allocates nothing.
    /// </summary>
    public void RunFrom(ActivationSnapshot snapshot, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var plan = snapshot.Plan;
        if (!_family.Plans.Contains(plan))
        {
            throw new ArgumentException("the snapshot was created by an executor of another family (not derived from this one)", nameof(snapshot));
        }

        CheckOutput(plan, output);
        plan.Restore(snapshot);
        plan.Run(_family.Pool, _prepared, snapshot.NodeIndex, []);
        plan.StoreOutput(output);
    }

    /// <summary>
    /// An executor whose node <paramref name="index"/> is <paramref name="replacement"/> — a node of the same type,
    /// tensors and geometry (a Conv with equal <see cref="ConvNode.Geometry"/>, a Gemm with equal feature counts),
    /// typically <c>WithParameters(quantizedWeight, bias)</c>. Only the replacement is packed; everything else is shared.
    /// With <paramref name="outputQuantization"/>, the node's output is also fake-quantized (quantized and dequantized
    /// in place after the node runs), which simulates the integer model's activation width for that tensor.
    /// </summary>
    public FloatExecutor WithReplacedNode(int index, Node replacement, ActivationQuantization? outputQuantization = null)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Graph.Nodes.Count);
        var original = Graph.Nodes[index];
        bool compatible = (original, replacement) switch
        {
            (ConvNode a, ConvNode b) => a.Geometry == b.Geometry,
            (GemmNode a, GemmNode b) => a.InFeatures == b.InFeatures && a.OutFeatures == b.OutFeatures,
            _ => false,
        };
        if (!compatible || original.Output != replacement.Output || !original.Inputs.SequenceEqual(replacement.Inputs))
        {
            throw new ArgumentException(
                $"node {index} '{original.Name}' ({original.OpType}) can only be replaced by a Conv or Gemm node with the same inputs, output and geometry; got '{replacement.Name}' ({replacement.OpType})",
                nameof(replacement));
        }

        var nodes = Graph.Nodes.ToArray();
        nodes[index] = replacement;
        var prepared = (PreparedNode?[])_prepared.Clone();
        var node = PreparedNode.Create(replacement, _family.Kernel)!;
        node.OutputQuantization = outputQuantization;
        prepared[index] = node;
        return new FloatExecutor(Graph.WithNodes(nodes), prepared, _family);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Interlocked.Decrement(ref _family.References) == 0)
        {
            _family.Pool.Dispose();
        }
    }

    private static void CheckOutput(ExecutionPlan plan, Span<float> output)
    {
        if (output.Length != plan.OutputLength)
        {
            throw new ArgumentException($"output has {output.Length} values, output shape {ShapeText.Format(plan.OutputShape)} needs {plan.OutputLength}", nameof(output));
        }
    }

    private ExecutionPlan PlanFor(ReadOnlySpan<int> inputShape)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var plans = _family.Plans;
        for (int i = 0; i < plans.Count; i++)
        {
            if (plans[i].HasShape(inputShape))
            {
                return plans[i];
            }
        }

        var plan = new ExecutionPlan(Graph, inputShape.ToArray(), _family.Kernel, _family.Pool.WorkerCount);
        plans.Add(plan);
        return plan;
    }

    /// <summary>What an executor shares with those derived from it: threads, kernel choice and per-shape plans.</summary>
    private sealed class Family(WorkerPool pool, GemmKernel kernel)
    {
        public WorkerPool Pool { get; } = pool;

        public GemmKernel Kernel { get; } = kernel;

        public List<ExecutionPlan> Plans { get; } = [];

        public int References = 1;
    }
}
