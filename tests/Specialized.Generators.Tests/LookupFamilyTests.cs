using Specialized.Manifest;
using Specialized.Runtime.Execution;
using Specialized.Testing;

namespace Specialized.Generators.Tests;

/// <summary>
/// The lookup-table families forced (manifest <c>kernelFamily</c>) on every layer of a seeded model, for every width
/// pair each family claims, against the reference executor bit for bit. The claims are written here from the
/// documented rules (docs/generator.md), not read from the generator, and a second test checks the generator accepts
/// exactly those pairs (SP0025 for the rest). The model's layers cover the kernels' edges: full and partial pixel tiles
/// (rows of 11 and 6 pixels), full and edge channel slabs (70 = 64 + 6), N = 1, K = 1, K not a multiple of any table
/// group or quad (7, 70, 630), long reductions with narrow-stage flushes inside segments, 1×1 stride 2 (subsampled
/// tables), padding, asymmetric pads, grouped and depthwise convs with dilation, two channel groups of different
/// widths, a codebook (product table), and gemms with an accumulator output.
/// </summary>
public sealed class LookupFamilyTests
{
    /// <summary>ProductTable's claim: index bits (weight + activation) ≤ 6 and every product fits int8 (uniform |w| ≤ 2^(b−1); binary 1).</summary>
    private static bool ProductTableClaims(int w, int a, int maxAbsWeight) => w + a <= 6 && maxAbsWeight * ((1 << a) - 1) <= 127;

    /// <summary>BitPlane's claim: uniform weights of 1–4 bits (one lookup per plane or plane pair), any activation width.</summary>
    private static bool BitPlaneClaims(int w, bool codebook) => w <= 4 && !codebook;

    private static int UniformMaxAbs(int w) => w == 1 ? 1 : 1 << (w - 1);

    public static TheoryData<string, int, int> ClaimedPairs()
    {
        var data = new TheoryData<string, int, int>();
        for (int w = 1; w <= 8; w++)
        {
            for (int a = 1; a <= 8; a++)
            {
                if (ProductTableClaims(w, a, UniformMaxAbs(w)))
                {
                    data.Add("ProductTable", w, a);
                }

                if (BitPlaneClaims(w, codebook: false))
                {
                    data.Add("BitPlane", w, a);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_claimed_pairs_are_the_documented_ones()
    {
        var pairs = ClaimedPairs().Select(row => ((string)row[0], (int)row[1], (int)row[2])).ToList();
        // w + a ≤ 6: 5 + 4 + 3 + 2 + 1 pairs, all with int8 products.
        Assert.Equal(15, pairs.Count(p => p.Item1 == "ProductTable"));
        Assert.Contains(("ProductTable", 2, 2), pairs);
        Assert.Contains(("ProductTable", 2, 4), pairs);
        Assert.DoesNotContain(("ProductTable", 4, 4), pairs);
        // 1–4-bit weights on every activation width.
        Assert.Equal(32, pairs.Count(p => p.Item1 == "BitPlane"));
        Assert.Contains(("BitPlane", 1, 8), pairs);
        Assert.DoesNotContain(("BitPlane", 5, 4), pairs);
    }

    [Theory]
    [MemberData(nameof(ClaimedPairs))]
    public void Forced_family_equals_the_reference(string family, int w, int a)
    {
        int threads = (w + a) % 2 + 1;
        var (spec, blob) = ForcedModel(family, w, a);
        string json = ManifestWriter.Write(spec);
        var reference = ManifestExecutor.Create(ManifestParser.Parse(json).Spec!, blob);
        using var compiled = CompiledModel.Create(json, blob, threads: threads);
        int weighted = spec.Layers.Count(l => l.Weights is not null);
        Assert.Equal(weighted, compiled.Run.Sources.Count(s => s.HintName.EndsWith("__" + family + ".g.cs", StringComparison.Ordinal)));
        var rng = new Random(w * 16 + a);
        for (int t = 0; t < 3; t++)
        {
            float[] input = TestSupport.RandomModels.Input(rng, reference.InputLength, extreme: t == 2);
            var expected = new float[reference.OutputLength];
            var actual = new float[reference.OutputLength];
            reference.Run(input, expected);
            compiled.Model.Run(input, actual);
            for (int i = 0; i < expected.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                {
                    Assert.Fail($"{family} w{w}a{a}, {threads} thread(s), input {t}: output {i} reference {expected[i]:R} generated {actual[i]:R}");
                }
            }
        }
    }

    /// <summary>
    /// The narrow stages at their proven limits: every weight at the most negative code (−2^(b−1), the largest
    /// magnitude the packing holds; −1 for binary) or at −1 (every bit plane set), every activation at its largest
    /// code, a long reduction (K = 9·80), the conv's int32 accumulators as the output (requantized codes would saturate
    /// and hide a wrapped sum).
    /// </summary>
    [Theory]
    [MemberData(nameof(ClaimedPairs))]
    public void Sums_at_the_proven_limits_stay_exact(string family, int w, int a)
    {
        foreach (int code in new[] { w == 1 ? -1 : -(1 << (w - 1)), -1 })
        {
            var b = new TestModelBuilder(w * 10 + a, "limits");
            string x = b.Input(80, 3, 9, a);
            b.Output(b.Conv(x, 40, 3, 1, [1, 1, 1, 1], 1, 1, [w], a, relu: false), OutputSource.Accumulators);
            var (spec, blob) = b.Build();
            var range = spec.Layers[0].Weights!.Blob;
            byte[] packed = Specialized.Runtime.Quantization.BitPacking.PackSigned(Enumerable.Repeat((sbyte)code, 9 * 80).ToArray(), w);
            for (int c = 0; c < 40; c++)
            {
                packed.CopyTo(blob, range.Offset + c * packed.Length);
            }

            spec = Force(spec with { Weights = spec.Weights with { Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(blob)) } }, family);
            string json = ManifestWriter.Write(spec);
            var reference = ManifestExecutor.Create(ManifestParser.Parse(json).Spec!, blob);
            using var compiled = CompiledModel.Create(json, blob);
            var input = Enumerable.Repeat(1000f, reference.InputLength).ToArray();
            var expected = new float[reference.OutputLength];
            var actual = new float[reference.OutputLength];
            reference.Run(input, expected);
            compiled.Model.Run(input, actual);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{family} w{w}a{a}, all weights {code}: first difference at {expected.AsSpan().CommonPrefixLength(actual)}");
            Assert.Contains(expected, v => v != 0);
        }
    }

    /// <summary>Every pair in {1..8}², uniform and with a wide codebook: the generator warns SP0025 exactly where the family does not claim the layer.</summary>
    [Theory]
    [InlineData("ProductTable")]
    [InlineData("BitPlane")]
    public void The_family_is_rejected_exactly_where_it_does_not_claim_the_layer(string family)
    {
        for (int w = 1; w <= 8; w++)
        {
            for (int a = 1; a <= 8; a++)
            {
                foreach (int codebookLimit in new[] { 0, 5, 128 })
                {
                    var b = new TestModelBuilder(w * 100 + a, "claim");
                    string x = b.Input(5, 4, 4, a);
                    b.Output(b.Conv(x, 6, 3, 1, [1, 1, 1, 1], 1, 1, [w], a, relu: false, codebook: codebookLimit > 0, codebookLimit: Math.Max(codebookLimit, 1)), OutputSource.Codes);
                    var (spec, blob) = b.Build();
                    int maxAbs = codebookLimit > 0 ? spec.Layers[0].Weights!.Codebook.Max(Math.Abs) : UniformMaxAbs(w);
                    bool claimed = family switch
                    {
                        "ProductTable" => ProductTableClaims(w, a, maxAbs),
                        "BitPlane" => BitPlaneClaims(w, codebookLimit > 0),
                        _ => throw new ArgumentOutOfRangeException(nameof(family)),
                    };
                    var run = SpecializedGeneratorRunner.Run(null, new ManifestFile("/models/claim.manifest.json", ManifestWriter.Write(Force(spec, family)), WeightsMetadata.Of(spec.Weights.File, blob)));
                    bool rejected = run.Diagnostics.Any(d => d.Id == "SP0025");
                    Assert.True(claimed != rejected, $"{family} w{w}a{a} codebook limit {codebookLimit} (max |level| {maxAbs}): claimed {claimed}, generator rejected {rejected}");
                }
            }
        }
    }

    /// <summary>The test model of (<paramref name="w"/>, <paramref name="a"/>) with <paramref name="family"/> recorded on every weighted layer.</summary>
    internal static (ManifestSpec Spec, byte[] Blob) ForcedModel(string family, int w, int a)
    {
        var (spec, blob) = Model(family, w, a);
        return (Force(spec, family), blob);
    }

    private static ManifestSpec Force(ManifestSpec spec, string family) =>
        spec with { Layers = spec.Layers.Select(l => l.Weights is null ? l : l with { KernelFamily = family }).ToEquatableArray() };

    private static (ManifestSpec Spec, byte[] Blob) Model(string family, int w, int a)
    {
        var b = new TestModelBuilder(7000 + w * 16 + a, $"lut-w{w}a{a}");
        int[] same = [1, 1, 1, 1];
        string x = b.Input(7, 9, 11, a);
        string t = b.Conv(x, 70, 3, 1, same, 1, 1, [w], a, relu: false);                       // K = 63; 70 channels: a full and an edge slab
        t = b.Conv(t, 40, 3, 1, same, 1, 1, [w], a, relu: true);                                // K = 630: narrow-stage flushes
        t = b.Conv(t, 33, 1, 2, [0, 0, 0, 0], 1, 1, [w, w > 1 ? w - 1 : 1], a, relu: true);    // 1×1 stride 2, two channel groups
        t = b.Conv(t, 12, 3, 2, [1, 0, 1, 1], 1, 3, [w], a, relu: false);                       // grouped, asymmetric pads
        t = b.Conv(t, 12, 3, 1, [2, 2, 2, 2], 2, 12, [w], a, relu: true);                       // depthwise, dilation 2
        if (family == "ProductTable")
        {
            int limit = Math.Max(1, 127 / ((1 << a) - 1));
            t = b.Conv(t, 9, 2, 1, [0, 1, 1, 0], 1, 1, [w], a, relu: false, codebook: true, codebookLimit: Math.Min(limit, 128)); // codebook
        }

        string one = b.Conv(t, 1, 3, 1, same, 1, 1, [w], a, relu: false);                       // N = 1
        b.Output(b.Conv(one, 5, 1, 1, [0, 0, 0, 0], 1, 1, [w], a, relu: true), OutputSource.Codes); // K = 1
        b.Output(b.Gemm(b.Unary(t, LayerOp.Flatten), 37, w, a, relu: false), OutputSource.Accumulators);
        b.Output(b.Gemm(b.Unary(b.Unary(t, LayerOp.GlobalAvgPool), LayerOp.Flatten), 3, w, a, relu: false), OutputSource.Accumulators);
        return b.Build();
    }
}
