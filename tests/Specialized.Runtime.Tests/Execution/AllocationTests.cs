using Specialized.Runtime.Execution;
using Specialized.Runtime.Tests.Kernels;

namespace Specialized.Runtime.Tests.Execution;

/// <summary>Process-wide allocation counters are only meaningful when no other test runs at the same time.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>The span API allocates nothing after warm-up, on the calling thread and on the worker threads.</summary>
[Collection(nameof(AllocationCollection))]
public sealed class AllocationTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(2, 3)]
    public void SpanRunAllocatesNothingAfterWarmUp(int threads, int batch)
    {
        var graph = TestGraphs.MiniResNet(seed: 8);
        using var executor = new FloatExecutor(graph, threads);
        int[] shape = [batch, 3, 11, 13];
        var x = Naive.RandomArray(new Random(1), shape.Aggregate(1, (a, b) => a * b));
        var y = new float[batch * 5];
        var snapshot = executor.CreateSnapshot(6, shape);
        for (int i = 0; i < 3; i++)
        {
            executor.Run(x, shape, y, [snapshot]);
            executor.RunFrom(snapshot, y);
        }

        // Other runtime threads (tiered JIT, the test host) may allocate now and then; a leak in our code would
        // show on every attempt, so the best of a few attempts must be exactly zero.
        long bestThread = long.MaxValue, bestTotal = long.MaxValue;
        for (int attempt = 0; attempt < 5 && bestTotal > 0; attempt++)
        {
            long thread0 = GC.GetAllocatedBytesForCurrentThread();
            long total0 = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < 10; i++)
            {
                executor.Run(x, shape, y);
                executor.Run(x, shape, y, [snapshot]);
                executor.RunFrom(snapshot, y);
            }

            long total1 = GC.GetTotalAllocatedBytes(precise: true);
            long thread1 = GC.GetAllocatedBytesForCurrentThread();
            bestThread = Math.Min(bestThread, thread1 - thread0);
            bestTotal = Math.Min(bestTotal, total1 - total0);
        }

        Assert.Equal(0, bestThread);
        Assert.Equal(0, bestTotal);
    }
}
