using Specialized.Allocator.Datasets;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Tensors;

namespace Specialized.Allocator.Tests.Measurement;

/// <summary>
/// A small residual CNN built in memory, with seeded random weights, and a seeded labeled data set for it:
/// x[N,2,6,6] → conv1 3×3 ReLU (a) → conv2 3×3 ReLU (b) → Add(a, b) ReLU → conv3 1×1 stride 2 → GAP → Flatten → Gemm → logits[N,5].
/// Four quantizable layers (nodes 0, 1, 3, 6); the skip branch makes snapshots carry two tensors.
/// </summary>
internal static class TinyModel
{
    public const int Classes = 5;

    public static ModelGraph Build(int seed = 7)
    {
        var random = new Random(seed);
        float[] Weights(int count, double scale) => Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();

        var g3 = new Conv2dGeometry(2, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        var g3b = g3 with { InChannels = 4 };
        var g1 = new Conv2dGeometry(4, 4, 1, 1, 2, 2, 0, 0, 0, 0, 1, 1, 1);
        Node[] nodes =
        [
            new ConvNode("conv1", "x", "a", g3, Weights(g3.WeightCount, 0.6), Weights(4, 0.1), FusedActivation.Relu),
            new ConvNode("conv2", "a", "b", g3b, Weights(g3b.WeightCount, 0.4), Weights(4, 0.1), FusedActivation.Relu),
            new AddNode("add", "a", "b", "c", FusedActivation.Relu),
            new ConvNode("conv3", "c", "d", g1, Weights(g1.WeightCount, 0.8), Weights(4, 0.1), FusedActivation.None),
            new GlobalAveragePoolNode("gap", "d", "e"),
            new FlattenNode("flatten", "e", "f", 1),
            new GemmNode("fc", "f", "logits", 4, Classes, Weights(4 * Classes, 1.5), Weights(Classes, 0.2), FusedActivation.None),
        ];
        return new ModelGraph("tiny", "x", [-1, 2, 6, 6], nodes, ["logits"]);
    }

    public static LabeledSamples Data(int count = 10, bool labeled = true, int seed = 11)
    {
        var random = new Random(seed);
        var inputs = new DenseTensor<float>([count, 2, 6, 6], Enumerable.Range(0, count * 72).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray());
        int[]? labels = labeled ? Enumerable.Range(0, count).Select(_ => random.Next(Classes)).ToArray() : null;
        return new LabeledSamples($"tiny data seed {seed}", inputs, labels);
    }
}
