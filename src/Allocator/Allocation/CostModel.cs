using Specialized.Allocator.Sensitivity.Measurement;
using Specialized.Allocator.Solver;
using Specialized.Runtime.Graph;

namespace Specialized.Allocator.Allocation;

/// <summary>
/// What each (layer, option) costs under every budget kind, as exact integers: weight bits (parameters × width),
/// packed bytes (what the weights file stores: one byte-aligned row of ⌈K·w/8⌉ bytes per output channel, see
/// docs/manifest.md) and bit operations per image (MACs × weight bits × input activation bits).
/// </summary>
/// <remarks>
/// BOPs need the width of each layer's input. A layer's activation option sets the width of the tensor it writes, so
/// with several candidate activation widths a layer's BOPs would depend on its producer's choice (a quadratic cost
/// the solver's linear budgets cannot express); BOPs are therefore offered only with a single activation width,
/// where every input is at that width except the graph input (<see cref="InputBits"/>).
/// </remarks>
public sealed class CostModel
{
    private readonly LayerShape[] _shapes;
    private readonly CandidatePrecisions _candidates;

    public CostModel(ModelGraph graph, IReadOnlyList<QuantizableLayer> layers, CandidatePrecisions candidates, int inputBits = 8)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(layers);
        _candidates = candidates ?? throw new ArgumentNullException(nameof(candidates));
        InputBits = inputBits;
        Layers = layers;
        var shapes = graph.InferShapes(graph.InputShapeForBatch(1));
        _shapes = layers.Select(layer => Shape(graph, graph.Nodes[layer.NodeIndex], shapes)).ToArray();
        TotalParameters = layers.Sum(l => l.ParameterCount);
    }

    public IReadOnlyList<QuantizableLayer> Layers { get; }

    public int InputBits { get; }

    public long TotalParameters { get; }

    public bool SupportsBops => _candidates.ActivationBits.Count == 1;

    public long MacsPerImage(int layer) => _shapes[layer].Macs;

    /// <summary>Parameters × weight width.</summary>
    public long WeightBits(int layer, int option) => Layers[layer].ParameterCount * _candidates.Options[option].WeightBits;

    /// <summary>Bytes the weights file holds for this layer at this option.</summary>
    public long PackedBytes(int layer, int option)
    {
        var shape = _shapes[layer];
        return shape.Channels * ((shape.ReductionSize * (long)_candidates.Options[option].WeightBits + 7) / 8);
    }

    /// <summary>MACs × weight bits × input activation bits (single activation width only, see remarks).</summary>
    public long Bops(int layer, int option)
    {
        if (!SupportsBops)
        {
            throw new InvalidOperationException("BOPs need a single candidate activation width");
        }

        int inputBits = _shapes[layer].ReadsGraphInput ? InputBits : _candidates.ActivationBits[0];
        return _shapes[layer].Macs * _candidates.Options[option].WeightBits * inputBits;
    }

    public long Cost(BudgetKind kind, int layer, int option) => kind switch
    {
        BudgetKind.AverageWeightBits => WeightBits(layer, option),
        BudgetKind.WeightKilobytes => PackedBytes(layer, option),
        BudgetKind.GigaBops => Bops(layer, option),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The limit in the cost's integer unit, rounded down (the budget is inclusive).</summary>
    public long Limit(BudgetLimit budget) => budget.Kind switch
    {
        BudgetKind.AverageWeightBits => (long)Math.Floor(budget.Value * TotalParameters + 1e-9),
        BudgetKind.WeightKilobytes => (long)Math.Floor(budget.Value * 1024 + 1e-9),
        BudgetKind.GigaBops => (long)Math.Floor(budget.Value * 1e9 + 1e-9),
        _ => throw new ArgumentOutOfRangeException(nameof(budget), budget.Kind, null),
    };

    /// <summary>The solver's constraint for <paramref name="budget"/>.</summary>
    public Budget ToBudget(BudgetLimit budget, OptionLayout layout)
    {
        var costs = new long[layout.VariableCount];
        for (int l = 0; l < Layers.Count; l++)
        {
            for (int s = 0; s < layout.OptionCount(l); s++)
            {
                costs[layout.Index(l, s)] = Cost(budget.Kind, l, s);
            }
        }

        return new Budget(budget.ToString(), costs, Limit(budget));
    }

    public long Total(BudgetKind kind, IReadOnlyList<int> choices)
    {
        long total = 0;
        for (int l = 0; l < choices.Count; l++)
        {
            total += Cost(kind, l, choices[l]);
        }

        return total;
    }

    /// <summary>The value of <paramref name="kind"/>'s measure for an assignment, in the budget's unit.</summary>
    public double Measure(BudgetKind kind, IReadOnlyList<int> choices) => kind switch
    {
        BudgetKind.AverageWeightBits => (double)Total(kind, choices) / TotalParameters,
        BudgetKind.WeightKilobytes => Total(kind, choices) / 1024.0,
        BudgetKind.GigaBops => Total(kind, choices) / 1e9,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public bool Fits(IReadOnlyList<BudgetLimit> budgets, IReadOnlyList<int> choices) =>
        budgets.All(b => Total(b.Kind, choices) <= Limit(b));

    private static LayerShape Shape(ModelGraph graph, Node node, Dictionary<string, int[]> shapes)
    {
        bool readsInput = node.Inputs[0] == graph.InputName;
        switch (node)
        {
            case ConvNode conv:
                int[] x = shapes[conv.Inputs[0]];
                return new LayerShape(conv.Geometry.OutChannels, conv.Geometry.ReductionSize, conv.Geometry.MacsPerImage(x[2], x[3]), readsInput);
            case GemmNode gemm:
                return new LayerShape(gemm.OutFeatures, gemm.InFeatures, (long)gemm.InFeatures * gemm.OutFeatures, readsInput);
            default:
                throw new ArgumentException($"node '{node.Name}' ({node.OpType}) has no weights");
        }
    }

    private readonly record struct LayerShape(int Channels, int ReductionSize, long Macs, bool ReadsGraphInput);
}
