using Specialized.Allocator.Calibration;
using Specialized.Allocator.Manifest;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Tests.Manifest;

/// <summary>Small seeded float graphs covering every manifest op, plus calibration by the float reference executor.</summary>
internal static class RandomGraphs
{
    /// <summary>
    /// conv 3×3 + ReLU → depthwise 3×3 + ReLU → pointwise 1×1 → residual add + ReLU → maxpool 2×2/2 → avgpool 3×3/1
    /// pad 1 → {conv 3×3/2 + ReLU6, conv 1×1/2} → concat → clamp (ReLU) → flatten [6, 2, 2] → gemm 24→5.
    /// </summary>
    public static ModelGraph Residual(Random random)
    {
        bool includePad = random.Next(2) == 0;
        Node[] nodes =
        [
            Conv(random, "c1", "x", "t1", 3, 6, 3, 1, 1, 1, FusedActivation.Relu),
            Conv(random, "dw", "t1", "t2", 6, 6, 3, 1, 1, 6, FusedActivation.Relu),
            Conv(random, "pw", "t2", "t3", 6, 6, 1, 1, 0, 1, FusedActivation.None),
            new AddNode("add", "t1", "t3", "t4", FusedActivation.Relu),
            new MaxPoolNode("mp", "t4", "t5", Pool(2, 2, 0)),
            new AveragePoolNode("ap", "t5", "t6", Pool(3, 1, 1), includePad),
            Conv(random, "c2", "t6", "t7", 6, 4, 3, 2, 1, 1, FusedActivation.Relu6),
            Conv(random, "c3", "t6", "t8", 6, 2, 1, 2, 0, 1, FusedActivation.None),
            new ConcatNode("cat", ["t7", "t8"], "t9", 1),
            new ClampNode("relu", "t9", "t10", FusedActivation.Relu),
            new FlattenNode("flat", "t10", "t11", 1),
            Gemm(random, "fc", "t11", "logits", 24, 5),
        ];
        return new ModelGraph("residual", "x", [-1, 3, 8, 8], nodes, ["logits"]);
    }

    /// <summary>
    /// conv 3×3/2 + ReLU → conv 3×3 dilation 2 pad 2 + ReLU → maxpool 3×3/2 pad 1 ceil mode → global average pool →
    /// reshape [0, −1] → gemm 5→3.
    /// </summary>
    public static ModelGraph GlobalPoolHead(Random random)
    {
        var dilated = new Conv2dGeometry(5, 5, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1);
        Node[] nodes =
        [
            Conv(random, "c1", "x", "t1", 2, 5, 3, 2, 1, 1, FusedActivation.Relu),
            new ConvNode("dil", "t1", "d1", dilated, Uniform(random, dilated.WeightCount, 0.5f), Uniform(random, 5, 0.2f), FusedActivation.Relu),
            new MaxPoolNode("mp", "d1", "p1", new Pool2dGeometry(3, 3, 2, 2, 1, 1, 1, 1, 1, 1, true)),
            new GlobalAveragePoolNode("gap", "p1", "t2"),
            new ReshapeNode("flat", "t2", "t3", [0, -1]),
            Gemm(random, "fc", "t3", "logits", 5, 3),
        ];
        return new ModelGraph("gap", "x", [-1, 2, 7, 7], nodes, ["logits"]);
    }

    public static ConvNode Conv(Random random, string name, string input, string output, int inChannels, int outChannels, int kernel, int stride, int pad, int groups, FusedActivation activation)
    {
        var geometry = new Conv2dGeometry(inChannels, outChannels, kernel, kernel, stride, stride, pad, pad, pad, pad, 1, 1, groups);
        float bound = 1.5f / MathF.Sqrt(geometry.ReductionSize);
        return new ConvNode(name, input, output, geometry, Uniform(random, geometry.WeightCount, bound), Uniform(random, outChannels, 0.2f), activation);
    }

    public static GemmNode Gemm(Random random, string name, string input, string output, int inFeatures, int outFeatures) =>
        new(name, input, output, inFeatures, outFeatures, Uniform(random, inFeatures * outFeatures, 1.5f / MathF.Sqrt(inFeatures)), Uniform(random, outFeatures, 0.2f), FusedActivation.None);

    public static Pool2dGeometry Pool(int kernel, int stride, int pad) => new(kernel, kernel, stride, stride, pad, pad, pad, pad, 1, 1, false);

    public static DenseTensor<float> Images(Random random, ModelGraph graph, int count)
    {
        var shape = graph.InputShapeForBatch(count);
        return new DenseTensor<float>(shape, Uniform(random, shape.Aggregate(1, (a, b) => a * b), 2f));
    }

    /// <summary>Min/max of every tensor over the batch, observed while the float reference runs it.</summary>
    public static Dictionary<string, ActivationRange> Calibrate(ModelGraph graph, DenseTensor<float> images)
    {
        var ranges = new Dictionary<string, ActivationRange>(StringComparer.Ordinal);
        ReferenceGraphExecutor.Run(graph, images, (name, tensor) => ranges[name] = new ActivationRange(tensor.Data.Min(), tensor.Data.Max()));
        return ranges;
    }

    private static float[] Uniform(Random random, int count, float bound) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * bound)).ToArray();
}
