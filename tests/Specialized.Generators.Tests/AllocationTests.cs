using Specialized.Generators.Tests.TestSupport;
using Specialized.Manifest;
using Specialized.Testing;

namespace Specialized.Generators.Tests;

/// <summary>
/// Generated Run allocates nothing: all buffers live in the arena allocated by the constructor. The class runs in
/// a collection of its own with parallelization off: the two-thread test counts every thread's allocations, and
/// other test classes compiling models in parallel in the same process would be counted too.
/// </summary>
[Collection(nameof(AllocationTests))]
public sealed class AllocationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_allocates_nothing_after_warmup(int caseIndex)
    {
        var (spec, blob) = RandomModels.Create(caseIndex);
        AssertSingleThreadRunAllocatesNothing(spec, blob, caseIndex, $"case {caseIndex}");
    }

    /// <summary>The lookup-table families too: the bit-plane preparation phase builds its tables in the arena.</summary>
    [Theory]
    [InlineData("ProductTable", 2, 2)]
    [InlineData("BitPlane", 2, 4)]
    [InlineData("BitPlane", 1, 8)]
    public void Lookup_family_Run_allocates_nothing_after_warmup(string family, int w, int a)
    {
        var (spec, blob) = LookupFamilyTests.ForcedModel(family, w, a);
        AssertSingleThreadRunAllocatesNothing(spec, blob, w, $"{family} w{w}a{a}");
    }

    private static void AssertSingleThreadRunAllocatesNothing(ManifestSpec spec, byte[] blob, int seed, string label)
    {
        using var compiled = CompiledModel.Create(ManifestWriter.Write(spec), blob);
        var model = compiled.Model;
        var input = RandomModels.Input(new Random(seed), model.InputLength, extreme: false);
        var output = new float[model.OutputLength];
        model.Run(input, output); // first call: JIT and static data
        model.Run(input, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            model.Run(input, output);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{label}: 10 runs allocated {allocated} bytes");
    }

    [Fact]
    public void Two_thread_Run_allocates_nothing_on_any_thread()
    {
        var (spec, blob) = RandomModels.Create(5);
        using var compiled = CompiledModel.Create(ManifestWriter.Write(spec), blob, threads: 2);
        var model = compiled.Model;
        var input = RandomModels.Input(new Random(5), model.InputLength, extreme: false);
        var output = new float[model.OutputLength];
        model.Run(input, output);
        model.Run(input, output);
        // GetTotalAllocatedBytes counts every thread (the pool's worker too). The test host and the tiered JIT may
        // allocate now and then in the same process, so take the best of several short windows.
        long best = long.MaxValue;
        for (int window = 0; window < 5 && best != 0; window++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < 10; i++)
            {
                model.Run(input, output);
            }

            best = Math.Min(best, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        Assert.True(best == 0, $"10 two-thread runs allocated {best} bytes in the best window");
    }

    [Fact]
    public void Run_validates_span_lengths_and_the_batch_overload_matches_single_runs()
    {
        var (spec, blob) = FixtureModels.Create("tiny");
        using var compiled = CompiledModel.Create(ManifestWriter.Write(spec), blob);
        var model = compiled.Model;
        var wrongInput = Assert.Throws<ArgumentException>(() => model.Run(new float[model.InputLength - 1], new float[model.OutputLength]));
        Assert.Equal("input", wrongInput.ParamName);
        Assert.Contains($"takes {model.InputLength}", wrongInput.Message);
        var wrongOutput = Assert.Throws<ArgumentException>(() => model.Run(new float[model.InputLength], new float[model.OutputLength + 1]));
        Assert.Equal("output", wrongOutput.ParamName);

        // The batch overload is not on the interface; reach it through the concrete type.
        var batchRun = model.GetType().GetMethod("Run", [typeof(ReadOnlySpan<float>), typeof(Span<float>), typeof(int)])!;
        var run = batchRun.CreateDelegate<BatchRun>(model);
        var rng = new Random(5);
        var inputs = RandomModels.Input(rng, 3 * model.InputLength, extreme: false);
        var batch = new float[3 * model.OutputLength];
        run(inputs, batch, 3);
        for (int i = 0; i < 3; i++)
        {
            var single = new float[model.OutputLength];
            model.Run(inputs.AsSpan(i * model.InputLength, model.InputLength), single);
            Assert.Equal(single, batch.AsSpan(i * model.OutputLength, model.OutputLength).ToArray());
        }

        var mismatch = Assert.Throws<ArgumentException>(() => run(inputs, batch, 2));
        Assert.Equal("inputs", mismatch.ParamName);
    }

    private delegate void BatchRun(ReadOnlySpan<float> inputs, Span<float> outputs, int batchSize);
}

/// <summary>Runs <see cref="AllocationTests"/> alone, after the parallel collections.</summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationTestsCollection
{
}
