using Specialized.Allocator.Calibration;
using Specialized.Allocator.Manifest;
using Specialized.Manifest;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Tests.Manifest;

/// <summary>Builder → manifest → reference executor, against the float reference executor on the same graph.</summary>
public class BuilderRoundTripTests
{
    public static TheoryData<string, int> Cases() => new()
    {
        { "residual", 1 }, { "residual", 2 }, { "residual", 3 }, { "gap", 4 }, { "gap", 5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void W8A8_MatchesTheFloatGraph_WithinThePropagatedQuantizationBound(string kind, int seed)
    {
        var random = new Random(seed);
        var graph = Graph(kind, random);
        var images = RandomGraphs.Images(random, graph, 6);
        var ranges = RandomGraphs.Calibrate(graph, images);
        var built = ManifestBuilder.Build(graph, new ManifestBuildOptions { Ranges = ranges });
        var executor = ManifestExecutor.Create(built.Spec, built.Blob);
        var expected = ReferenceGraphExecutor.Run(graph, images)[0];
        var actual = executor.Run(images);

        Assert.Equal(expected.Shape, actual.Shape);
        double bound = ErrorBound.Compute(graph, built.Spec, ranges)[graph.OutputNames[0]];
        double worst = expected.Data.Zip(actual.Data, (e, a) => Math.Abs(e - a)).Max();
        double magnitude = expected.Data.Max(Math.Abs);
        Assert.True(worst <= bound, $"{kind} seed {seed}: max error {worst} exceeds the bound {bound} (outputs up to {magnitude})");
        // The hard bound is loose after a few layers, so also hold the RMS error to 3σ of the propagated estimate.
        double sigma = ErrorBound.Rms(graph, built.Spec, ranges)[graph.OutputNames[0]];
        double rms = Math.Sqrt(expected.Data.Zip(actual.Data, (e, a) => (double)(e - a) * (e - a)).Average());
        Assert.True(rms <= 3 * sigma, $"{kind} seed {seed}: RMS error {rms} exceeds 3σ = {3 * sigma} (outputs up to {magnitude})");
        Assert.True(sigma < 0.05 * magnitude, $"{kind} seed {seed}: σ {sigma} is not small against outputs up to {magnitude}, so the check means little");
    }

    [Fact]
    public void LowerWidths_GiveLargerErrorOnAverage()
    {
        int[] widths = [8, 6, 4, 3];
        var meanErrors = new double[widths.Length];
        for (int seed = 10; seed < 16; seed++)
        {
            var random = new Random(seed);
            var graph = RandomGraphs.Residual(random);
            var images = RandomGraphs.Images(random, graph, 6);
            var ranges = RandomGraphs.Calibrate(graph, images);
            var expected = ReferenceGraphExecutor.Run(graph, images)[0];
            for (int i = 0; i < widths.Length; i++)
            {
                var options = new ManifestBuildOptions { Ranges = ranges, DefaultPrecision = new LayerPrecision(widths[i], widths[i]), InputBits = widths[i] };
                var built = ManifestBuilder.Build(graph, options);
                var actual = ManifestExecutor.Create(built.Spec, built.Blob).Run(images);
                meanErrors[i] += expected.Data.Zip(actual.Data, (e, a) => Math.Abs(e - a)).Average();
            }
        }

        for (int i = 1; i < widths.Length; i++)
        {
            Assert.True(meanErrors[i] > meanErrors[i - 1], $"mean error at {widths[i]} bits ({meanErrors[i]}) is not above {widths[i - 1]} bits ({meanErrors[i - 1]}): [{string.Join(", ", meanErrors)}]");
        }
    }

    [Fact]
    public void RangesByWidth_QuantizeEachTensorWithTheRangeCalibratedAtItsWidth()
    {
        var random = new Random(31);
        var conv1 = RandomGraphs.Conv(random, "c1", "x", "a", 2, 4, 3, 1, 1, 1, FusedActivation.Relu);
        var pool = new MaxPoolNode("pool", "a", "p", new Pool2dGeometry(2, 2, 2, 2, 0, 0, 0, 0, 1, 1, false));
        var conv2 = RandomGraphs.Conv(random, "c2", "p", "y", 4, 3, 1, 1, 0, 1, FusedActivation.None);
        var graph = new ModelGraph("w", "x", [-1, 2, 6, 6], [conv1, pool, conv2], ["y"]);
        var observed = RandomGraphs.Calibrate(graph, RandomGraphs.Images(random, graph, 1));
        // A different (shrunk) range at each width, so a lookup at the wrong width shows.
        var byWidth = new ActivationRangesByWidth(ClippingMethod.Mse, new[] { 4, 8 }.ToDictionary(
            bits => bits,
            bits => (IReadOnlyDictionary<string, ActivationRange>)observed.ToDictionary(p => p.Key, p => new ActivationRange(p.Value.Min * bits / 10f, p.Value.Max * bits / 10f))));

        var spec = ManifestBuilder.Build(graph, new ManifestBuildOptions
        {
            RangesByWidth = byWidth,
            Layers = new Dictionary<string, LayerPrecision> { ["c1"] = new(4, 4), ["c2"] = new(4, 8) },
        }).Spec;

        void AssertQuantized(string tensor, int bits, ActivationRange range)
        {
            var expected = range.ToQuantization(bits);
            var actual = spec.FindTensor(tensor)!;
            Assert.True((expected.Bits, expected.Scale, expected.ZeroPoint) == (actual.Bits, actual.Scale, actual.ZeroPoint), $"{tensor}: expected {expected}, got u{actual.Bits} {actual.Scale} {actual.ZeroPoint}");
        }

        AssertQuantized("x", 8, byWidth.Range("x", 8));
        // The pool shares c1's output quantization: one set at c1's 4 bits over the union of both ranges.
        var union = new ActivationRange(Math.Min(byWidth.Range("a", 4).Min, byWidth.Range("p", 4).Min), Math.Max(byWidth.Range("a", 4).Max, byWidth.Range("p", 4).Max));
        AssertQuantized("a", 4, union);
        AssertQuantized("p", 4, union);
        AssertQuantized("y", 8, byWidth.Range("y", 8));
        Assert.Contains("at 4 bits", Assert.Throws<ManifestBuildException>(() => ManifestBuilder.Build(graph, new ManifestBuildOptions
        {
            RangesByWidth = new ActivationRangesByWidth(ClippingMethod.MinMax, new Dictionary<int, IReadOnlyDictionary<string, ActivationRange>> { [8] = observed }),
            Layers = new Dictionary<string, LayerPrecision> { ["c1"] = new(4, 4) },
        })).Message);
    }

    [Fact]
    public void ChannelGroups_EqualTheLayerComputedAtEachGroupsWidth()
    {
        var random = new Random(21);
        var conv = RandomGraphs.Conv(random, "conv", "x", "y", 3, 5, 3, 1, 1, 1, FusedActivation.None);
        var graph = new ModelGraph("groups", "x", [-1, 3, 5, 5], [conv], ["y"]);
        var images = RandomGraphs.Images(random, graph, 3);
        var ranges = RandomGraphs.Calibrate(graph, images);
        DenseTensor<float> RunAt(LayerPrecision precision)
        {
            var options = new ManifestBuildOptions { Ranges = ranges, Layers = new Dictionary<string, LayerPrecision> { ["conv"] = precision } };
            var built = ManifestBuilder.Build(graph, options);
            return ManifestExecutor.Create(built.Spec, built.Blob).Run(images);
        }

        var grouped = RunAt(new LayerPrecision(8, 8, [new(0, 2, 3), new(2, 3, 6)]));
        var at3 = RunAt(new LayerPrecision(3, 8));
        var at6 = RunAt(new LayerPrecision(6, 8));
        int area = 25;
        for (int n = 0; n < 3; n++)
        {
            for (int c = 0; c < 5; c++)
            {
                var reference = c < 2 ? at3 : at6;
                var slice = grouped.Data.AsSpan((n * 5 + c) * area, area).ToArray();
                var want = reference.Data.AsSpan((n * 5 + c) * area, area).ToArray();
                Assert.True(want.SequenceEqual(slice), $"image {n} channel {c} differs from the {(c < 2 ? 3 : 6)}-bit layer");
            }
        }

        Assert.False(at3.Data.SequenceEqual(at6.Data), "3- and 6-bit layers should differ, or the test proves nothing");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FlattenThenGemm_ReadsFeaturesInTheModelsNchwOrder(bool asReshape)
    {
        // An identity gemm after the flatten returns the input itself in the float model's NCHW order; a wrong
        // column permutation would return it shuffled (the values are distinct and far apart).
        var identity = new float[64];
        for (int i = 0; i < 8; i++)
        {
            identity[i * 9] = 1f;
        }

        Node flatten = asReshape ? new ReshapeNode("flat", "x", "f", [0, -1]) : new FlattenNode("flat", "x", "f", 1);
        var graph = new ModelGraph("flat", "x", [-1, 2, 2, 2], [flatten, new GemmNode("fc", "f", "y", 8, 8, identity, new float[8], FusedActivation.None)], ["y"]);
        var image = new DenseTensor<float>([1, 2, 2, 2], [-4f, -3f, -2f, -1f, 1f, 2f, 3f, 4f]);
        var ranges = RandomGraphs.Calibrate(graph, image);
        var built = ManifestBuilder.Build(graph, new ManifestBuildOptions { Ranges = ranges });
        var output = ManifestExecutor.Create(built.Spec, built.Blob).Run(image);
        float step = built.Spec.FindTensor("x")!.Scale;
        for (int i = 0; i < 8; i++)
        {
            Assert.True(Math.Abs(output.Data[i] - image.Data[i]) <= step / 2 + 1e-5, $"feature {i}: {output.Data[i]} vs {image.Data[i]} (step {step})");
        }
    }

    [Fact]
    public void FinalGemmWithoutActivation_OutputsAccumulators_OtherwiseCodes()
    {
        var random = new Random(3);
        var graph = RandomGraphs.GlobalPoolHead(random);
        var ranges = RandomGraphs.Calibrate(graph, RandomGraphs.Images(random, graph, 2));
        var spec = ManifestBuilder.Build(graph, new ManifestBuildOptions { Ranges = ranges }).Spec;
        Assert.Equal(OutputSource.Accumulators, Assert.Single(spec.Outputs).Source);

        var pooled = new ModelGraph("pool", "x", [-1, 2, 7, 7], graph.Nodes.Take(4).ToArray(), ["t2"]);
        var pooledSpec = ManifestBuilder.Build(pooled, new ManifestBuildOptions { Ranges = ranges }).Spec;
        Assert.Equal(OutputSource.Codes, Assert.Single(pooledSpec.Outputs).Source);
    }

    private static ModelGraph Graph(string kind, Random random) => kind == "gap" ? RandomGraphs.GlobalPoolHead(random) : RandomGraphs.Residual(random);
}
