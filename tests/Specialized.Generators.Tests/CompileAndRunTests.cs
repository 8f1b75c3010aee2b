using Specialized.Generators.Tests.TestSupport;
using Specialized.Manifest;
using Specialized.Testing;
using Specialized.Runtime.Execution;

namespace Specialized.Generators.Tests;

/// <summary>
/// Generated models against the reference manifest executor, bit for bit, on seeded random models covering every
/// (weight, activation) width pair in {1..8}² (cases 0..15 once each; the default 32 cases twice, with different shapes).
/// SPECIALIZED_GENERATOR_CASES=n runs n cases instead.
/// </summary>
public sealed class CompileAndRunTests
{
    public static TheoryData<int> Cases()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("SPECIALIZED_GENERATOR_CASES"), out int n) && n > 0 ? n : 32;
        var data = new TheoryData<int>();
        for (int i = 0; i < count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void The_default_cases_cover_every_width_pair()
    {
        var pairs = Enumerable.Range(0, 16 * RandomModels.PairsPerCase).Select(RandomModels.Pair).ToHashSet();
        Assert.Equal(64, pairs.Count);
        Assert.All(pairs, p => Assert.InRange(p.WeightBits, 1, 8));
        Assert.All(pairs, p => Assert.InRange(p.ActivationBits, 1, 8));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_Run_equals_the_reference_executor_bit_for_bit(int caseIndex)
    {
        var (spec, blob) = RandomModels.Create(caseIndex);
        string json = ManifestWriter.Write(spec);
        var parsed = ManifestParser.Parse(json);
        Assert.True(parsed.Success, $"case {caseIndex}: builder made an invalid manifest: {string.Join("; ", parsed.Errors)}");
        var reference = ManifestExecutor.Create(parsed.Spec!, blob);
        using var compiled = CompiledModel.Create(json, blob);
        var model = compiled.Model;
        Assert.Equal(reference.InputLength, model.InputLength);
        Assert.Equal(reference.OutputLength, model.OutputLength);

        var rng = new Random(caseIndex);
        for (int trial = 0; trial < 4; trial++)
        {
            float[] input = RandomModels.Input(rng, model.InputLength, extreme: trial == 3);
            var expected = new float[model.OutputLength];
            var actual = new float[model.OutputLength];
            reference.Run(input, expected);
            model.Run(input, actual);
            for (int i = 0; i < expected.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                {
                    Assert.Fail($"case {caseIndex} (seed {1000 + caseIndex}), trial {trial}: output {i} reference {expected[i]:R} generated {actual[i]:R}");
                }
            }
        }
    }
}
