using Specialized.Manifest;
using Specialized.Runtime.Execution;
using Specialized.Testing;

namespace Specialized.Generators.Tests;

/// <summary>
/// Single conv/gemm layers whose shapes hit every part of the conv/gemm kernels, against the reference executor bit
/// for bit, on 1 and 2 threads: full 7-pixel × 32-channel tiles and every edge (pixels, channel vectors, partial
/// vectors, edge slabs), int16 flushes inside segments, every few segments and only at the end, K = 1, N = 1, 1×1
/// and 7×7 stride 2, padding, dilation, groups and depthwise, and each family's width pairs (W8A8 takes the exact
/// VNNI / split path, W7A8 and W8A7 the int8 path, the rest int16 accumulation). The fixed cases are listed by what
/// they cover; SPECIALIZED_SHAPE_CASES=n adds n random shapes (default 12, fixed seeds).
/// </summary>
public sealed class KernelShapeTests
{
    /// <summary>A conv (kernel ≥ 1) or a gemm (kernel 0: in = features, h = w = 1).</summary>
    public sealed record Shape(string Covers, int In, int Out, int Kernel, int Stride, int Pad, int Dilation, int Groups, int H, int W, int WeightBits, int ActivationBits)
    {
        public override string ToString() => $"{Covers}: {In}->{Out} k{Kernel} s{Stride} p{Pad} d{Dilation} g{Groups} {H}x{W} w{WeightBits}a{ActivationBits}";
    }

    private static readonly Shape[] Fixed =
    [
        new("int16 flush every 8 quads inside 48-quad segments, edge slab of 6, pixel edge of 2", 64, 70, 3, 1, 1, 1, 1, 5, 16, 4, 8),
        new("flush in two chunks of 24, stride 2", 64, 33, 3, 2, 1, 1, 1, 11, 11, 2, 8),
        new("flush every 2 segments (144 quads > depth 136)", 64, 64, 3, 1, 1, 1, 1, 8, 8, 4, 4),
        new("chunked 384-quad segments at 4 bits, full slab", 512, 32, 3, 1, 1, 1, 1, 4, 4, 4, 4),
        new("K = 1, N = 1, exact 8x8", 1, 1, 1, 1, 0, 1, 1, 3, 9, 8, 8),
        new("stem-like 7x7 stride 2, 21-code rows, 8x8", 3, 47, 7, 2, 3, 1, 1, 20, 20, 8, 8),
        new("depthwise", 32, 32, 3, 1, 1, 1, 32, 6, 9, 3, 5),
        new("groups with dilation 2 (tap segments)", 48, 40, 3, 1, 2, 2, 4, 7, 10, 1, 8),
        new("1x1 stride 2 without halo, int8 path at a = 7", 128, 16, 1, 2, 0, 1, 1, 9, 9, 8, 7),
        new("int8 path at w = 7, a = 8", 40, 36, 3, 1, 1, 1, 1, 6, 15, 7, 8),
        new("end-only flush at w2a4, K = 1170", 130, 20, 3, 1, 1, 1, 1, 5, 8, 2, 4),
        new("gemm 300 -> 70 at w2a2 (accumulator output)", 300, 70, 0, 1, 0, 1, 1, 1, 1, 2, 2),
        new("gemm 5 -> 1 at w8a8", 5, 1, 0, 1, 0, 1, 1, 1, 1, 8, 8),
        new("gemm 512 -> 40 at w1a8", 512, 40, 0, 1, 0, 1, 1, 1, 1, 1, 8),
        new(SlabMajorCase, 160, 100, 3, 1, 1, 1, 1, 4, 6, 4, 8),
    ];

    /// <summary>
    /// 7 blocks × 360 quads × 64 bytes = 161 KB of quad panels, above the 128 KB up to which work units go row-major:
    /// the only fixed case whose units go slab-major (4 slabs, the last of 4 channels), so the 2-thread run splits slabs.
    /// </summary>
    private const string SlabMajorCase = "slab-major units (161 KB of panels), 4 slabs with an edge of 4";

    public static TheoryData<Shape> Shapes()
    {
        var data = new TheoryData<Shape>();
        foreach (var shape in Fixed)
        {
            data.Add(shape);
        }

        int count = int.TryParse(Environment.GetEnvironmentVariable("SPECIALIZED_SHAPE_CASES"), out int n) && n >= 0 ? n : 12;
        var rng = new Random(606);
        for (int i = 0; i < count; i++)
        {
            int kernel = rng.Next(0, 4) switch { 0 => 0, 1 => 1, _ => 3 };
            int groups = kernel == 3 && rng.Next(4) == 0 ? rng.Next(1, 5) : 1;
            int inChannels = groups * rng.Next(1, 40);
            int outChannels = groups * rng.Next(1, 45);
            int bits = rng.Next(0, 7);
            (int wb, int ab) = bits switch { 0 => (8, 8), 1 => (4, 8), 2 => (2, 8), 3 => (4, 4), 4 => (2, 4), 5 => (2, 2), _ => (1, 8) };
            data.Add(kernel == 0
                ? new Shape($"random {i}", rng.Next(1, 400), outChannels, 0, 1, 0, 1, 1, 1, 1, wb, ab)
                : new Shape($"random {i}", inChannels, outChannels, kernel, rng.Next(1, 3), kernel == 3 ? rng.Next(0, 2) : 0, 1, groups, rng.Next(3, 12), rng.Next(3, 20), wb, ab));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Layer_equals_the_reference_on_one_and_two_threads(Shape shape)
    {
        var (spec, blob) = Build(shape);
        AssertExact(shape.ToString(), spec, blob);
    }

    /// <summary>
    /// The int8 family claims every width pair, so a recorded <c>kernelFamily: Int8</c> on a layer the heuristic gives
    /// to int16 accumulation (its depth-1 pair-sum path) must be exact too.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Layer_recorded_as_Int8_equals_the_reference(Shape shape)
    {
        var (spec, blob) = Build(shape);
        spec = spec with { Layers = spec.Layers.Select(l => l.Weights is null ? l : l with { KernelFamily = "Int8" }).ToEquatableArray() };
        AssertExact(shape + " as Int8", spec, blob);
    }

    [Fact]
    public void Work_units_go_slab_major_only_when_the_panels_outgrow_the_limit()
    {
        foreach (var shape in Fixed)
        {
            var (spec, blob) = Build(shape);
            var manifest = new ManifestFile("/models/shape.manifest.json", ManifestWriter.Write(spec), WeightsMetadata.Of(spec.Weights.File, blob));
            string kernel = SpecializedGeneratorRunner.Run(null, manifest).Sources.Single(s => s.HintName.Contains(".Conv_", StringComparison.Ordinal) || s.HintName.Contains(".Gemm_", StringComparison.Ordinal)).Source;
            bool slabMajor = shape.Covers == SlabMajorCase || shape.Covers.StartsWith("chunked 384-quad", StringComparison.Ordinal);
            string order = slabMajor ? "slab-major: a worker's weights stay in cache" : "row-major: the panels fit in L2";
            Assert.True(kernel.Contains(order, StringComparison.Ordinal), $"{shape}: expected '{order}'");
        }
    }

    private static void AssertExact(string label, ManifestSpec spec, byte[] blob)
    {
        string json = ManifestWriter.Write(spec);
        var reference = ManifestExecutor.Create(ManifestParser.Parse(json).Spec!, blob);
        var rng = new Random(label.Length * 31 + spec.Layers.Count);
        var inputs = Enumerable.Range(0, 3).Select(t => TestSupport.RandomModels.Input(rng, reference.InputLength, extreme: t == 2)).ToArray();
        foreach (int threads in new[] { 1, 2 })
        {
            using var compiled = CompiledModel.Create(json, blob, threads: threads);
            Assert.Equal(threads, compiled.Model.ThreadCount);
            Assert.DoesNotContain(compiled.Run.Diagnostics, d => d.Id.StartsWith("SP", StringComparison.Ordinal));
            for (int t = 0; t < inputs.Length; t++)
            {
                var expected = new float[reference.OutputLength];
                var actual = new float[reference.OutputLength];
                reference.Run(inputs[t], expected);
                compiled.Model.Run(inputs[t], actual);
                for (int i = 0; i < expected.Length; i++)
                {
                    if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                    {
                        Assert.Fail($"{label}, {threads} thread(s), input {t}: output {i} reference {expected[i]:R} generated {actual[i]:R}");
                    }
                }
            }
        }
    }

    private static (ManifestSpec Spec, byte[] Blob) Build(Shape s)
    {
        var b = new TestModelBuilder(s.In * 1000 + s.Out * 7 + s.WeightBits, "shape");
        if (s.Kernel == 0)
        {
            string features = b.Input(s.In, 1, 1, s.ActivationBits);
            string flat = b.Unary(features, LayerOp.Flatten);
            string logits = b.Gemm(flat, s.Out, s.WeightBits, 8, relu: false);
            b.Output(logits, OutputSource.Accumulators);
            return b.Build();
        }

        string x = b.Input(s.In, s.H, s.W, s.ActivationBits);
        string y = b.Conv(x, s.Out, s.Kernel, s.Stride, [s.Pad, s.Pad, s.Pad, s.Pad], s.Dilation, s.Groups, [s.WeightBits], 8, relu: s.Out % 2 == 0);
        b.Output(y, OutputSource.Codes);
        return b.Build();
    }
}
