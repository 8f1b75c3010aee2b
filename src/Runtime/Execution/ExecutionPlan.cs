using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Specialized.Runtime.Execution.Steps;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Kernels;
using Specialized.Runtime.Kernels.Float;
using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Execution;

/// <summary>
/// Everything shape-dependent about running a graph for one input shape, computed once: every tensor's shape,
/// its place in a pinned arena (tensors share memory when their lifetimes do not overlap; Flatten/Reshape
/// outputs are views of their input's memory), per-worker scratch and one bound <see cref="PlanStep"/> per node.
/// A plan depends only on the graph's topology and shapes, so executors derived with
/// <see cref="FloatExecutor.WithReplacedNode"/> share it; weights come from the caller on each run.
/// </summary>
/// <remarks>
/// Tensor ids: 0 is the graph input, i + 1 the output of node i. Step boundary i is "just before node i runs".
/// </remarks>
internal sealed unsafe class ExecutionPlan
{
    private readonly float[] _arena;
    private readonly float* _base;
    private readonly long[] _offset;
    private readonly int[] _length;
    private readonly int[] _producer;
    private readonly int[] _lastRead;
    private readonly PlanStep?[] _steps;
    private readonly int _outputTensor;
    private readonly Dictionary<int, int[]> _boundaries = [];

    public ExecutionPlan(ModelGraph graph, int[] inputShape, GemmKernel kernel, int workers)
    {
        InputShape = inputShape;
        var shapes = graph.InferShapes(inputShape);
        var nodes = graph.Nodes;
        int tensors = nodes.Count + 1;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal) { [graph.InputName] = 0 };
        Names = new string[tensors];
        Shapes = new int[tensors][];
        _length = new int[tensors];
        _producer = new int[tensors];
        _lastRead = new int[tensors];
        var storage = new int[tensors];
        Names[0] = graph.InputName;
        _producer[0] = -1;
        for (int t = 0; t < tensors; t++)
        {
            if (t > 0)
            {
                Names[t] = nodes[t - 1].Output;
                ids[Names[t]] = t;
                _producer[t] = t - 1;
            }

            Shapes[t] = shapes[Names[t]];
            _length[t] = ShapeText.ElementCount(Shapes[t]);
            _lastRead[t] = _producer[t];
            storage[t] = t;
        }

        for (int i = 0; i < nodes.Count; i++)
        {
            foreach (var input in nodes[i].Inputs)
            {
                _lastRead[ids[input]] = i;
            }

            if (nodes[i] is FlattenNode or ReshapeNode)
            {
                storage[i + 1] = storage[ids[nodes[i].Inputs[0]]];
            }
        }

        _outputTensor = ids[graph.OutputNames[0]];
        _lastRead[_outputTensor] = nodes.Count;
        OutputShape = Shapes[_outputTensor];

        // A storage lives from its producer to the last read of any tensor viewing it.
        var storageLast = new int[tensors];
        for (int t = 0; t < tensors; t++)
        {
            storageLast[storage[t]] = Math.Max(storageLast[storage[t]], Math.Max(_lastRead[t], _producer[t]));
        }

        var layout = new ArenaLayout();
        _offset = new long[tensors];
        for (int t = 0; t < tensors; t++)
        {
            _offset[t] = storage[t] == t ? layout.Place(_length[t], _producer[t], storageLast[t]) : _offset[storage[t]];
        }

        _arena = GC.AllocateArray<float>(checked((int)layout.Size), pinned: true);
        _base = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_arena));

        int panel = 1;
        for (int i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is ConvNode conv)
            {
                var x = Shapes[ids[conv.Inputs[0]]];
                panel = checked((int)Math.Max(panel, ConvStep.ScratchLength(conv.Geometry, x[2], x[3], kernel)));
            }
            else if (nodes[i] is GemmNode gemm)
            {
                panel = Math.Max(panel, Sgemm.PackScratchLength(kernel, gemm.InFeatures));
            }
        }

        var scratch = new Scratch(workers, panel);
        _steps = new PlanStep?[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            int[] inputIds = node.Inputs.Select(name => ids[name]).ToArray();
            float* x = _base + _offset[inputIds[0]];
            float* y = _base + _offset[i + 1];
            int[] xShape = Shapes[inputIds[0]];
            _steps[i] = node switch
            {
                ConvNode conv => new ConvStep(conv, xShape, x, y, scratch, kernel),
                GemmNode gemm => new GemmStep(xShape[0], gemm.InFeatures, gemm.OutFeatures, x, y, scratch),
                AddNode add => new AddStep(x, _base + _offset[inputIds[1]], y, _length[i + 1], add.Activation),
                ClampNode clamp => new ClampStep(x, y, _length[i + 1], clamp.Activation),
                Pool2dNode pool => new PoolStep(pool, xShape, x, y),
                GlobalAveragePoolNode => new GlobalAveragePoolStep(xShape[0] * xShape[1], xShape[2] * xShape[3], x, y),
                FlattenNode or ReshapeNode => null,
                ConcatNode concat => CreateConcat(concat, inputIds, y),
                _ => throw new GraphException(node.Name, node.OpType, "the float executor has no kernel for this op"),
            };
        }
    }

    public int[] InputShape { get; }

    public int[] OutputShape { get; }

    public string[] Names { get; }

    public int[][] Shapes { get; }

    public int NodeCount => _steps.Length;

    public int InputLength => _length[0];

    public int OutputLength => _length[_outputTensor];

    /// <summary>Runs nodes [fromNode, NodeCount), first filling every snapshot whose boundary is reached.</summary>
    public void Run(WorkerPool pool, PreparedNode?[] prepared, int fromNode, ReadOnlySpan<ActivationSnapshot> captures)
    {
        for (int i = fromNode; i < _steps.Length; i++)
        {
            foreach (var capture in captures)
            {
                if (capture.NodeIndex == i)
                {
                    Capture(capture);
                }
            }

            _steps[i]?.Run(pool, prepared[i]);
            if (prepared[i]?.OutputQuantization is { } quantization)
            {
                FakeQuantize(Tensor(i + 1), quantization);
            }
        }
    }

    /// <summary><c>x ← Dequantize(Quantize(x))</c> in place, with the runtime's own rounding (half to even on x / scale in double).</summary>
    private static void FakeQuantize(Span<float> values, ActivationQuantization quantization)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = quantization.Dequantize(quantization.Quantize(values[i]));
        }
    }

    public void LoadInput(ReadOnlySpan<float> input) => input.CopyTo(Tensor(0));

    public void StoreOutput(Span<float> output) => Tensor(_outputTensor).CopyTo(output);

    /// <summary>Tensors alive at boundary <paramref name="nodeIndex"/>: produced before it and read at or after it.</summary>
    public int[] LiveTensors(int nodeIndex)
    {
        if (!_boundaries.TryGetValue(nodeIndex, out var live))
        {
            live = Enumerable.Range(0, _length.Length).Where(t => _producer[t] < nodeIndex && _lastRead[t] >= nodeIndex).ToArray();
            _boundaries[nodeIndex] = live;
        }

        return live;
    }

    public int TensorLength(int tensor) => _length[tensor];

    public void Capture(ActivationSnapshot snapshot)
    {
        for (int i = 0; i < snapshot.TensorIds.Length; i++)
        {
            Tensor(snapshot.TensorIds[i]).CopyTo(snapshot.Data.AsSpan(snapshot.Offsets[i], _length[snapshot.TensorIds[i]]));
        }
    }

    public void Restore(ActivationSnapshot snapshot)
    {
        for (int i = 0; i < snapshot.TensorIds.Length; i++)
        {
            snapshot.Data.AsSpan(snapshot.Offsets[i], _length[snapshot.TensorIds[i]]).CopyTo(Tensor(snapshot.TensorIds[i]));
        }
    }

    public bool HasShape(ReadOnlySpan<int> shape) => shape.SequenceEqual(InputShape);

    private Span<float> Tensor(int id) => new(_base + _offset[id], _length[id]);

    private ConcatStep CreateConcat(ConcatNode node, int[] inputIds, float* output)
    {
        int[] shape = Shapes[inputIds[0]];
        int axis = node.ResolveAxis(shape.Length);
        int outer = 1;
        for (int d = 0; d < axis; d++)
        {
            outer *= shape[d];
        }

        var pointers = inputIds.Select(id => (nint)(_base + _offset[id])).ToArray();
        var chunks = inputIds.Select(id => _length[id] / Math.Max(outer, 1)).ToArray();
        return new ConcatStep(pointers, chunks, output, outer);
    }
}
