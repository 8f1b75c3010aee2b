using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Reference;
using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Tests.Reference;

/// <summary>The executor on hand-built graphs against the same kernels called by hand, step by step.</summary>
public class ReferenceGraphExecutorTests
{
    private static ConvNode Conv(Random random, string name, string input, string output, int inC, int outC, FusedActivation act)
    {
        var g = new Conv2dGeometry(inC, outC, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        return new ConvNode(name, input, output, g, TestData.Floats(random, g.WeightCount), TestData.Floats(random, outC), act);
    }

    [Fact]
    public void ResidualBlock_MatchesKernelsCalledByHand()
    {
        var random = new Random(2024);
        var c1 = Conv(random, "c1", "x", "c1_out", 2, 4, FusedActivation.Relu);
        var pool = new MaxPoolNode("pool", "c1_out", "pool_out", new Pool2dGeometry(2, 2, 2, 2, 0, 0, 0, 0, 1, 1, false));
        var c2 = Conv(random, "c2", "pool_out", "c2_out", 4, 4, FusedActivation.None);
        var add = new AddNode("add", "pool_out", "c2_out", "add_out", FusedActivation.Relu);
        var gap = new GlobalAveragePoolNode("gap", "add_out", "gap_out");
        var flatten = new FlattenNode("flatten", "gap_out", "flat", 1);
        var fc = new GemmNode("fc", "flat", "logits", 4, 3, TestData.Floats(random, 12), TestData.Floats(random, 3), FusedActivation.None);
        var graph = new ModelGraph("block", "x", [-1, 2, 6, 6], [c1, pool, c2, add, gap, flatten, fc], ["logits", "pool_out"]);

        var input = new DenseTensor<float>([2, 2, 6, 6], TestData.Floats(random, 2 * 2 * 6 * 6));
        var outputs = ReferenceGraphExecutor.Run(graph, input);

        var h1 = new float[2 * 4 * 6 * 6];
        FloatReference.Conv2d(input.Data, 2, 6, 6, c1.Geometry, c1.Weight, c1.Bias, FusedActivation.Relu, h1);
        var p = new float[2 * 4 * 3 * 3];
        FloatReference.MaxPool2d(h1, 2, 4, 6, 6, pool.Geometry, p);
        var h2 = new float[p.Length];
        FloatReference.Conv2d(p, 2, 3, 3, c2.Geometry, c2.Weight, c2.Bias, FusedActivation.None, h2);
        var sum = new float[p.Length];
        FloatReference.Add(p, h2, FusedActivation.Relu, sum);
        var pooled = new float[2 * 4];
        FloatReference.GlobalAveragePool(sum, 2, 4, 3, 3, pooled);
        var logits = new float[2 * 3];
        FloatReference.Gemm(pooled, 2, 4, 3, fc.Weight, fc.Bias, FusedActivation.None, logits);

        Assert.Equal(2, outputs.Count);
        Assert.Equal([2, 3], outputs[0].Shape);
        Assert.Equal(logits, outputs[0].Data);
        Assert.Equal([2, 4, 3, 3], outputs[1].Shape);
        Assert.Equal(p, outputs[1].Data);
    }

    [Fact]
    public void Concat_JoinsAlongAnyAxis_AndReshapeKeepsData()
    {
        // Two [1, 2, 1, 2] tensors from 1×1 convs with identity/negating weights: a = x, b = −x.
        var x = new DenseTensor<float>([1, 2, 1, 2], [1, 2, 3, 4]);
        var g = new Conv2dGeometry(2, 2, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1);
        var a = new ConvNode("a", "x", "a", g, [1, 0, 0, 1], [0, 0], FusedActivation.None);
        var b = new ConvNode("b", "x", "b", g, [-1, 0, 0, -1], [0, 0], FusedActivation.None);
        var nodes = new Node[]
        {
            a, b,
            new ConcatNode("cat1", ["a", "b"], "cat1", 1),
            new ConcatNode("cat3", ["a", "b"], "cat3", -1),
            new ReshapeNode("r", "cat3", "r", [0, -1]),
        };
        var outputs = ReferenceGraphExecutor.Run(new ModelGraph("cat", "x", [1, 2, 1, 2], nodes, ["cat1", "cat3", "r"]), x);

        Assert.Equal([1, 4, 1, 2], outputs[0].Shape);
        Assert.Equal([1f, 2f, 3f, 4f, -1f, -2f, -3f, -4f], outputs[0].Data);
        // Along width: each channel row is a's row then b's row.
        Assert.Equal([1, 2, 1, 4], outputs[1].Shape);
        Assert.Equal([1f, 2f, -1f, -2f, 3f, 4f, -3f, -4f], outputs[1].Data);
        Assert.Equal([1, 8], outputs[2].Shape);
        Assert.Equal(outputs[1].Data, outputs[2].Data);
        Assert.NotSame(outputs[1].Data, outputs[2].Data);
    }

    [Fact]
    public void AveragePoolAndClampNodes_UseTheirAttributes()
    {
        var x = new DenseTensor<float>([1, 1, 1, 4], [1, 2, 3, 4]);
        var g = new Pool2dGeometry(1, 3, 1, 2, 0, 1, 0, 1, 1, 1, CeilMode: true);
        var nodes = new Node[]
        {
            new AveragePoolNode("inc", "x", "inc", g, countIncludePad: true),
            new AveragePoolNode("exc", "x", "exc", g, countIncludePad: false),
            new ClampNode("clamp", "exc", "clamped", new FusedActivation(0, 3.5f)),
        };
        var outputs = ReferenceGraphExecutor.Run(new ModelGraph("pools", "x", [1, 1, 1, 4], nodes, ["inc", "clamped"]), x);
        Assert.Equal([1f, 3f, 2f], outputs[0].Data);
        Assert.Equal([1.5f, 3f, 3.5f], outputs[1].Data);
    }

    [Fact]
    public void UnknownNodeType_IsGraphExceptionNamingTheNode()
    {
        var graph = new ModelGraph("odd", "x", [1, 1], [new OddNode()], ["y"]);
        var ex = Assert.Throws<GraphException>(() => ReferenceGraphExecutor.Run(graph, new DenseTensor<float>([1, 1])));
        Assert.Equal("odd", ex.NodeName);
    }

    [Fact]
    public void WrongInputShape_IsGraphException()
    {
        var graph = new ModelGraph("gap", "x", [-1, 2, 3, 3], [new GlobalAveragePoolNode("gap", "x", "y")], ["y"]);
        Assert.Throws<GraphException>(() => ReferenceGraphExecutor.Run(graph, new DenseTensor<float>([1, 3, 3, 3])));
    }

    private sealed class OddNode() : Node("odd", ["x"], "y")
    {
        public override string OpType => "Odd";

        public override int[] InferShape(IReadOnlyList<int[]> inputShapes) => inputShapes[0];
    }
}
