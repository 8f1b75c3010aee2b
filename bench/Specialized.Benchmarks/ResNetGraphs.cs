using Specialized.Runtime.Graph;

namespace Specialized.Benchmarks;

/// <summary>
/// ResNet-18 topologies built directly as <see cref="ModelGraph"/> with random weights (BatchNorm folded, ReLU
/// fused), so end-to-end timings do not depend on the ONNX importer: torchvision's 224×224 ImageNet model and the
/// Fashion-MNIST variant (3×3 stride-1 stem, no max pool, 10 classes).
/// </summary>
public static class ResNetGraphs
{
    public static ModelGraph TorchVision224() => Build("tv_resnet18_224", inChannels: 3, size: 224, imagenetStem: true, classes: 1000);

    public static ModelGraph FashionMnist() => Build("fmnist_resnet18", inChannels: 1, size: 28, imagenetStem: false, classes: 10);

    /// <summary>The four 3×3 body convolutions that dominate ResNet-18@224: (channels, spatial size).</summary>
    public static IReadOnlyList<(int Channels, int Size)> LargeConvShapes { get; } = [(64, 56), (128, 28), (256, 14), (512, 7)];

    /// <summary>One of <see cref="LargeConvShapes"/> as a single-conv graph (3×3, stride 1, pad 1, ReLU), and its FLOP per image.</summary>
    public static (ModelGraph Graph, double Flop) LargeConv(int channels, int size)
    {
        var node = Conv(new Random(1), "conv", "x", "y", Geometry(channels, channels, 3, 1, 1), FusedActivation.Relu);
        return (new ModelGraph("conv", "x", [1, channels, size, size], [node], ["y"]), 2.0 * node.Geometry.MacsPerImage(size, size));
    }

    public static Conv2dGeometry Geometry(int cin, int cout, int k, int stride, int pad) =>
        new(cin, cout, k, k, stride, stride, pad, pad, pad, pad, 1, 1, 1);

    public static ConvNode Conv(Random random, string name, string input, string output, Conv2dGeometry g, FusedActivation activation)
    {
        // He-style scale keeps activations in a sane range through 18 layers of random weights.
        float scale = MathF.Sqrt(2f / g.ReductionSize);
        var weight = new float[g.WeightCount];
        for (int i = 0; i < weight.Length; i++)
        {
            weight[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        }

        return new ConvNode(name, input, output, g, weight, new float[g.OutChannels], activation);
    }

    private static ModelGraph Build(string name, int inChannels, int size, bool imagenetStem, int classes)
    {
        var random = new Random(2026);
        var nodes = new List<Node>();
        string x = "input";
        if (imagenetStem)
        {
            nodes.Add(Conv(random, "conv1", x, "conv1", Geometry(inChannels, 64, 7, 2, 3), FusedActivation.Relu));
            nodes.Add(new MaxPoolNode("maxpool", "conv1", "maxpool", new Pool2dGeometry(3, 3, 2, 2, 1, 1, 1, 1, 1, 1, false)));
            x = "maxpool";
        }
        else
        {
            nodes.Add(Conv(random, "conv1", x, "conv1", Geometry(inChannels, 64, 3, 1, 1), FusedActivation.Relu));
            x = "conv1";
        }

        int channels = 64;
        int[] widths = [64, 128, 256, 512];
        for (int stage = 0; stage < 4; stage++)
        {
            for (int block = 0; block < 2; block++)
            {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                int width = widths[stage];
                string p = $"layer{stage + 1}.{block}";
                nodes.Add(Conv(random, $"{p}.conv1", x, $"{p}.conv1", Geometry(channels, width, 3, stride, 1), FusedActivation.Relu));
                nodes.Add(Conv(random, $"{p}.conv2", $"{p}.conv1", $"{p}.conv2", Geometry(width, width, 3, 1, 1), FusedActivation.None));
                string skip = x;
                if (stride != 1 || channels != width)
                {
                    nodes.Add(Conv(random, $"{p}.downsample", x, $"{p}.downsample", Geometry(channels, width, 1, stride, 0), FusedActivation.None));
                    skip = $"{p}.downsample";
                }

                nodes.Add(new AddNode($"{p}.add", $"{p}.conv2", skip, $"{p}.out", FusedActivation.Relu));
                x = $"{p}.out";
                channels = width;
            }
        }

        nodes.Add(new GlobalAveragePoolNode("avgpool", x, "avgpool"));
        nodes.Add(new FlattenNode("flatten", "avgpool", "flatten", 1));
        var fc = new float[classes * 512];
        for (int i = 0; i < fc.Length; i++)
        {
            fc[i] = (float)(random.NextDouble() * 2 - 1) * 0.05f;
        }

        nodes.Add(new GemmNode("fc", "flatten", "logits", 512, classes, fc, new float[classes], FusedActivation.None));
        return new ModelGraph(name, "input", [-1, inChannels, size, size], nodes, ["logits"]);
    }

    /// <summary>Total multiply-accumulates of the Conv and Gemm nodes for one image.</summary>
    public static long Macs(ModelGraph graph, int[] inputShape)
    {
        var shapes = graph.InferShapes(inputShape);
        long macs = 0;
        foreach (var node in graph.Nodes)
        {
            var x = shapes[node.Inputs[0]];
            macs += node switch
            {
                ConvNode conv => conv.Geometry.MacsPerImage(x[2], x[3]),
                GemmNode gemm => (long)gemm.InFeatures * gemm.OutFeatures,
                _ => 0,
            };
        }

        return macs;
    }
}
