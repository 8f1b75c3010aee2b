using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Quantization;
using Specialized.Runtime.Tests.Kernels;

namespace Specialized.Runtime.Tests.Execution;

/// <summary>
/// The allocator's hooks: snapshots before a node, resuming from them, and replacing one node's weights must give
/// the same output as a full run of an executor built from scratch on the modified graph.
/// </summary>
public sealed class AllocatorHooksTests
{
    private static readonly int[] Shape = [2, 3, 11, 13];

    [Fact]
    public void SnapshotHoldsTheNodeInputAndTheSkipBranch()
    {
        var graph = TestGraphs.MiniResNet(seed: 2);
        using var executor = new FloatExecutor(graph, 2);
        var x = Input();

        // Node 4 (b1c2) reads b1a; the block's add still needs p6 after it. Nothing else is alive.
        var snapshot = executor.CreateSnapshot(4, Shape);
        executor.Run(x, Shape, new float[2 * 5], [snapshot]);
        Assert.Equal(["b1a", "p6"], snapshot.TensorNames.Order(StringComparer.Ordinal));
        Assert.Equal([2, 8, 6, 7], snapshot.GetShape("b1a"));

        // The captured input equals a run of the prefix graph whose output is that tensor.
        var prefix = new ModelGraph("prefix", "x", graph.InputShape, graph.Nodes.Take(4).ToArray(), ["b1a"]);
        var (expected, _) = NaiveGraph.Evaluate(prefix, x, Shape);
        NaiveGraph.AssertClose(expected, snapshot.GetTensor("b1a"), "captured b1a");
        Assert.Throws<KeyNotFoundException>(() => snapshot.GetTensor("s"));
    }

    [Fact]
    public void RunFromEverySnapshotEqualsFullRun()
    {
        var graph = TestGraphs.MiniResNet(seed: 3);
        using var executor = new FloatExecutor(graph, 2);
        var x = Input();
        var full = new float[2 * 5];
        var snapshots = Enumerable.Range(0, graph.Nodes.Count).Select(i => executor.CreateSnapshot(i, Shape)).ToArray();
        executor.Run(x, Shape, full, snapshots);
        foreach (var snapshot in snapshots)
        {
            var resumed = new float[full.Length];
            executor.RunFrom(snapshot, resumed);

            // Same kernels on the same data in the same order: bit-identical.
            Assert.True(full.AsSpan().SequenceEqual(resumed), $"resumed from node {snapshot.NodeIndex} differs");
        }
    }

    [Fact]
    public void ReplacedNodeEqualsFreshExecutorAndLeavesTheOriginalUnchanged()
    {
        var graph = TestGraphs.MiniResNet(seed: 4);
        var x = Input();
        using var original = new FloatExecutor(graph, 2);
        var before = new float[2 * 5];
        original.Run(x, Shape, before);

        foreach (int index in new[] { 3, 7, 16 })
        {
            var replacement = Perturb(graph.Nodes[index], new Random(index));
            var nodes = graph.Nodes.ToArray();
            nodes[index] = replacement;
            using var fresh = new FloatExecutor(graph.WithNodes(nodes), 2);
            var expected = new float[2 * 5];
            fresh.Run(x, Shape, expected);

            using var derived = original.WithReplacedNode(index, replacement);
            var full = new float[2 * 5];
            derived.Run(x, Shape, full);
            Assert.True(expected.AsSpan().SequenceEqual(full), $"replaced node {index}: full run differs from a fresh executor");

            // The allocator's pattern: capture once with the original weights, then replay only the suffix.
            var snapshot = original.CreateSnapshot(index, Shape);
            original.Run(x, Shape, new float[2 * 5], [snapshot]);
            var resumed = new float[2 * 5];
            derived.RunFrom(snapshot, resumed);
            Assert.True(expected.AsSpan().SequenceEqual(resumed), $"replaced node {index}: resumed run differs");
            Assert.False(expected.AsSpan().SequenceEqual(before), $"replacing node {index} changed nothing: the test would not detect a stale weight");
        }

        var after = new float[2 * 5];
        original.Run(x, Shape, after);
        Assert.True(before.AsSpan().SequenceEqual(after), "the original executor changed after deriving others");
    }

    [Fact]
    public void OutputQuantizationRoundsTheReplacedNodesOutputAndDownstreamReadsIt()
    {
        var graph = TestGraphs.MiniResNet(seed: 5);
        var x = Input();
        using var original = new FloatExecutor(graph, 2);
        foreach (int index in new[] { 3, 6, 16 })
        {
            string tensor = graph.Nodes[index].Output;
            var floatSnapshot = original.CreateSnapshot(index + 1, Shape);
            var floatOutput = new float[2 * 5];
            original.Run(x, Shape, floatOutput, [floatSnapshot]);
            float[] exact = floatSnapshot.GetTensor(tensor).ToArray();

            // 3 bits over a range a little narrower than the data, so both rounding and clipping happen.
            var q = ActivationQuantization.FromRange(exact.Min() * 0.8f, exact.Max() * 0.8f, 3);
            using var derived = original.WithReplacedNode(index, graph.Nodes[index], q);
            var snapshot = derived.CreateSnapshot(index + 1, Shape);
            var output = new float[2 * 5];
            derived.Run(x, Shape, output, [snapshot]);

            float[] seen = snapshot.GetTensor(tensor).ToArray();
            for (int i = 0; i < exact.Length; i++)
            {
                float expected = q.Scale * (Math.Clamp(q.ZeroPoint + (int)Math.Round(exact[i] / (double)q.Scale, MidpointRounding.ToEven), 0, 7) - q.ZeroPoint);
                Assert.True(expected == seen[i], $"node {index} element {i}: float {exact[i]} -> expected {expected}, got {seen[i]}");
            }

            Assert.True(seen.Distinct().Count() <= 8, $"node {index}: more than 2^3 distinct values after 3-bit quantization");
            Assert.False(floatOutput.AsSpan().SequenceEqual(output), $"node {index}: quantizing its output changed nothing downstream");

            // The float executor resumed from the quantized snapshot computes the same suffix: later nodes read the rounded tensor.
            var resumed = new float[2 * 5];
            original.RunFrom(snapshot, resumed);
            Assert.True(output.AsSpan().SequenceEqual(resumed), $"node {index}: downstream of the quantized output differs from a float suffix run on it");
        }
    }

    [Fact]
    public void IncompatibleReplacementIsRejected()
    {
        var graph = TestGraphs.MiniResNet(seed: 4);
        using var executor = new FloatExecutor(graph, 1);
        var other = TestGraphs.Conv(new Random(1), "b1c1", "p6", "b1a", TestGraphs.Geometry(8, 8, 1), FusedActivation.Relu);
        var e = Assert.Throws<ArgumentException>(() => executor.WithReplacedNode(3, other));
        Assert.Contains("same inputs, output and geometry", e.Message);
        Assert.Throws<ArgumentException>(() => executor.WithReplacedNode(1, graph.Nodes[3]));
    }

    [Fact]
    public void SnapshotFromAnotherFamilyIsRejected()
    {
        var graph = TestGraphs.MiniResNet(seed: 4);
        using var a = new FloatExecutor(graph, 1);
        using var b = new FloatExecutor(graph, 1);
        var snapshot = a.CreateSnapshot(2, Shape);
        Assert.Throws<ArgumentException>(() => b.RunFrom(snapshot, new float[2 * 5]));
    }

    private static Node Perturb(Node node, Random random) => node switch
    {
        ConvNode conv => conv.WithParameters(conv.Weight.Select(w => w + (float)(random.NextDouble() - 0.5) * 0.2f).ToArray(), conv.Bias),
        GemmNode gemm => gemm.WithParameters(gemm.Weight.Select(w => w + (float)(random.NextDouble() - 0.5) * 0.2f).ToArray(), gemm.Bias),
        _ => throw new ArgumentException(node.OpType),
    };

    private static float[] Input() => Naive.RandomArray(new Random(99), Shape.Aggregate(1, (a, b) => a * b));
}
