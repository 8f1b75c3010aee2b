using Specialized.Allocator.Calibration;
using Specialized.Allocator.Manifest;
using Specialized.Manifest;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Tensors;
using Specialized.Testing;

namespace Specialized.Generators.Tests;

/// <summary>
/// Models made the way users make them — a float graph, calibrated by the float reference executor, quantized by the
/// allocator's ManifestBuilder with per-layer widths and channel groups — generated and compared with the reference
/// manifest executor bit for bit.
/// </summary>
public sealed class BuilderModelTests
{
    [Theory]
    [InlineData(1, 8, 8)]
    [InlineData(2, 4, 6)]
    [InlineData(3, 2, 3)]
    [InlineData(4, 1, 5)]
    [InlineData(5, 7, 2)]
    public void Builder_made_model_runs_bit_exact(int seed, int weightBits, int activationBits)
    {
        var random = new Random(seed);
        var graph = Graph(random);
        var images = new DenseTensor<float>(graph.InputShapeForBatch(8), Uniform(random, 8 * 3 * 9 * 9, 2f));
        var ranges = new Dictionary<string, ActivationRange>(StringComparer.Ordinal);
        ReferenceGraphExecutor.Run(graph, images, (name, tensor) => ranges[name] = new ActivationRange(tensor.Data.Min(), tensor.Data.Max()));
        var built = ManifestBuilder.Build(graph, new ManifestBuildOptions
        {
            Name = $"built-{seed}",
            Ranges = ranges,
            DefaultPrecision = new LayerPrecision(weightBits, activationBits),
            Layers = new Dictionary<string, LayerPrecision>
            {
                ["pw"] = new(weightBits, activationBits, [new ChannelGroupChoice(0, 3, weightBits), new ChannelGroupChoice(3, 5, 9 - weightBits)]),
                ["fc"] = new(8 - weightBits / 2, 8),
            },
        });

        string json = ManifestWriter.Write(built.Spec);
        var reference = ManifestExecutor.Create(ManifestParser.Parse(json).Spec!, built.Blob);
        using var compiled = CompiledModel.Create(json, built.Blob);
        var distinct = new HashSet<string>();
        for (int image = 0; image < 8; image++)
        {
            var input = images.Data.AsSpan(image * reference.InputLength, reference.InputLength);
            var expected = new float[reference.OutputLength];
            var actual = new float[reference.OutputLength];
            reference.Run(input, expected);
            compiled.Model.Run(input, actual);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"seed {seed} W{weightBits}A{activationBits} image {image}: reference [{string.Join(", ", expected)}] generated [{string.Join(", ", actual)}]");
            distinct.Add(string.Join(",", actual));
        }

        // A model that maps every image to the same output would make the comparison vacuous.
        Assert.True(distinct.Count > 1, $"seed {seed}: all 8 images gave the same output");
    }

    /// <summary>conv 3×3 + ReLU → depthwise 3×3/2 + ReLU6 → pointwise 1×1 → add + ReLU → max pool 2×2 → global pool → reshape → fc.</summary>
    private static ModelGraph Graph(Random random)
    {
        Node[] nodes =
        [
            Conv(random, "c1", "x", "t1", 3, 8, 3, 1, 1, 1, FusedActivation.Relu),
            Conv(random, "dw", "t1", "t2", 8, 8, 3, 2, 1, 8, FusedActivation.Relu6),
            Conv(random, "pw", "t2", "t3", 8, 8, 1, 1, 0, 1, FusedActivation.None),
            new AddNode("add", "t2", "t3", "t4", FusedActivation.Relu),
            new MaxPoolNode("mp", "t4", "t5", new Pool2dGeometry(2, 2, 2, 2, 0, 0, 1, 1, 1, 1, false)),
            new GlobalAveragePoolNode("gap", "t5", "t6"),
            new ReshapeNode("flat", "t6", "t7", [0, -1]),
            new GemmNode("fc", "t7", "logits", 8, 6, Uniform(random, 48, 0.5f), Uniform(random, 6, 0.2f), FusedActivation.None),
        ];
        return new ModelGraph("built", "x", [-1, 3, 9, 9], nodes, ["logits"]);
    }

    private static ConvNode Conv(Random random, string name, string input, string output, int inChannels, int outChannels, int kernel, int stride, int pad, int groups, FusedActivation activation)
    {
        var g = new Conv2dGeometry(inChannels, outChannels, kernel, kernel, stride, stride, pad, pad, pad, pad, 1, 1, groups);
        return new ConvNode(name, input, output, g, Uniform(random, g.WeightCount, 1.5f / MathF.Sqrt(g.ReductionSize)), Uniform(random, outChannels, 0.2f), activation);
    }

    private static float[] Uniform(Random random, int count, float bound) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * bound)).ToArray();
}
