using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Kernels.Float;
using Specialized.Runtime.Tensors;
using Specialized.Runtime.Tests.Kernels;

namespace Specialized.Runtime.Tests.Execution;

/// <summary>Whole hand-built graphs against node-by-node naive evaluation, and argument checking.</summary>
public sealed class FloatExecutorTests
{
    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var kernel in Enum.GetNames<GemmKernel>())
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                data.Add(kernel, threads, 1);
                data.Add(kernel, threads, 3);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MiniResNetMatchesNaiveEvaluation(string kernelName, int threads, int batch)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        var graph = TestGraphs.MiniResNet(seed: 5);
        int[] shape = [batch, 3, 11, 13];
        var x = Naive.RandomArray(new Random(batch), shape.Aggregate(1, (a, b) => a * b));
        var (expected, expectedShape) = NaiveGraph.Evaluate(graph, x, shape);
        using var executor = new FloatExecutor(graph, threads, kernel);
        Assert.Equal(expectedShape, executor.OutputShape(shape));

        // Twice: the second run reuses the cached plan and arena, which must not leak state between runs.
        for (int run = 0; run < 2; run++)
        {
            var y = executor.Run(new DenseTensor<float>(shape, x));
            Assert.Equal(expectedShape, y.Shape);
            NaiveGraph.AssertClose(expected, y.Data, $"{kernel} threads {threads} batch {batch} run {run}");
        }
    }

    [Fact]
    public void PlansForDifferentShapesCoexist()
    {
        var graph = TestGraphs.MiniResNet(seed: 6);
        using var executor = new FloatExecutor(graph, 2);
        foreach (int batch in new[] { 2, 1, 2, 4 })
        {
            int[] shape = [batch, 3, 11, 13];
            var x = Naive.RandomArray(new Random(batch * 31), shape.Aggregate(1, (a, b) => a * b));
            var (expected, _) = NaiveGraph.Evaluate(graph, x, shape);
            NaiveGraph.AssertClose(expected, executor.Run(new DenseTensor<float>(shape, x)).Data, $"batch {batch}");
        }
    }

    [Fact]
    public void WrongLengthsAndShapesAreRejectedWithClearMessages()
    {
        using var executor = new FloatExecutor(TestGraphs.MiniResNet(seed: 1), 1);
        int[] shape = [1, 3, 11, 13];
        var output = new float[5];
        var input = new float[3 * 11 * 13];
        var wrongInput = Assert.Throws<ArgumentException>(() => executor.Run(new float[10], shape, output));
        Assert.Contains("input has 10 values", wrongInput.Message);
        var wrongOutput = Assert.Throws<ArgumentException>(() => executor.Run(input, shape, new float[4]));
        Assert.Contains("output has 4 values", wrongOutput.Message);
        var wrongChannels = Assert.Throws<GraphException>(() => executor.Run(input, [1, 4, 11, 13], output));
        Assert.Contains("expects", wrongChannels.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FloatExecutor(TestGraphs.MiniResNet(seed: 1), 0));
    }
}
