using Specialized.Runtime.Graph;
using Specialized.Runtime.Tests.Kernels;

namespace Specialized.Runtime.Tests.Execution;

/// <summary>Small hand-built graphs with random (seeded) weights.</summary>
public static class TestGraphs
{
    public static ConvNode Conv(Random random, string name, string input, string output, Conv2dGeometry g, FusedActivation activation) =>
        new(name, input, output, g, Naive.RandomArray(random, g.WeightCount, 0.5f), Naive.RandomArray(random, g.OutChannels, 0.1f), activation);

    public static Conv2dGeometry Geometry(int cin, int cout, int k, int stride = 1, int pad = 0, int groups = 1, int dilation = 1) =>
        new(cin, cout, k, k, stride, stride, pad, pad, pad, pad, dilation, dilation, groups);

    /// <summary>
    /// A miniature ResNet with every op the executor supports: stem conv+relu, max pool, a residual block (add+relu),
    /// a strided block with a 1×1 downsample, a grouped conv, a depthwise conv, a standalone clamp, average pool,
    /// concat, global average pool, flatten, reshape and two Gemm layers. Node 3 is the block's first conv.
    /// </summary>
    public static ModelGraph MiniResNet(int seed)
    {
        var r = new Random(seed);
        var relu = FusedActivation.Relu;
        var none = FusedActivation.None;
        Node[] nodes =
        [
            Conv(r, "stem", "x", "s", Geometry(3, 8, 3, stride: 1, pad: 1), relu),
            new MaxPoolNode("pool", "s", "p", new Pool2dGeometry(3, 3, 2, 2, 1, 1, 1, 1, 1, 1, false)),
            new ClampNode("clip", "p", "p6", FusedActivation.Relu6),
            Conv(r, "b1c1", "p6", "b1a", Geometry(8, 8, 3, pad: 1), relu),
            Conv(r, "b1c2", "b1a", "b1b", Geometry(8, 8, 3, pad: 1), none),
            new AddNode("b1add", "b1b", "p6", "b1", relu),
            Conv(r, "b2c1", "b1", "b2a", Geometry(8, 16, 3, stride: 2, pad: 1), relu),
            Conv(r, "b2c2", "b2a", "b2b", Geometry(16, 16, 3, pad: 1, groups: 4), none),
            Conv(r, "b2down", "b1", "b2d", Geometry(8, 16, 1, stride: 2), none),
            new AddNode("b2add", "b2b", "b2d", "b2", relu),
            Conv(r, "dw", "b2", "dwo", Geometry(16, 16, 3, pad: 1, groups: 16, dilation: 1), relu),
            new AveragePoolNode("avg", "b2", "ap", new Pool2dGeometry(2, 2, 2, 2, 1, 1, 1, 1, 1, 1, true), countIncludePad: true),
            Conv(r, "pw", "dwo", "pwo", Geometry(16, 8, 1), none),
            new ConcatNode("cat", ["b2", "pwo"], "c", 1),
            new GlobalAveragePoolNode("gap", "c", "g"),
            new FlattenNode("flat", "g", "f", 1),
            new GemmNode("fc1", "f", "h", 24, 12, Naive.RandomArray(r, 24 * 12, 0.3f), Naive.RandomArray(r, 12, 0.1f), relu),
            new ReshapeNode("reshape", "h", "h2", [0, -1]),
            new GemmNode("fc2", "h2", "y", 12, 5, Naive.RandomArray(r, 12 * 5, 0.3f), Naive.RandomArray(r, 5, 0.1f), none),
        ];
        return new ModelGraph("mini", "x", [-1, 3, 11, 13], nodes, ["y", "ap"]);
    }
}
