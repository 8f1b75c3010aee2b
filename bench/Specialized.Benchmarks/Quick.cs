using System.Diagnostics;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Kernels.Float;

namespace Specialized.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Specialized.Benchmarks -- quick [runs]</c>: a table in about a minute —
/// FMA peak, the large ResNet-18 convolutions per micro-kernel and thread count, and both end-to-end models —
/// each timing the median (and min–max) of repeated runs after warm-up.
/// </summary>
public static class Quick
{
    public static void Run(int runs)
    {
        Console.WriteLine($"Specialized float executor, {DateTime.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores, " +
            $"Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, kernel {GemmKernels.Best}, {runs} runs each");
        Console.WriteLine();
        var peak = new Dictionary<int, double>();
        Console.WriteLine("FMA peak (GFLOP/s)        1 thread   2 threads");
        foreach (bool wide in new[] { true, false })
        {
            double one = FmaPeak.Measure(wide, 1), two = FmaPeak.Measure(wide, 2);
            if (wide)
            {
                (peak[1], peak[2]) = (one, two);
            }

            Console.WriteLine($"  {(wide ? "Vector512" : "Vector256"),-22} {one,9:F1} {two,11:F1}");
        }

        Console.WriteLine();
        Console.WriteLine("3×3 conv, batch 1          kernel           threads  median ms  (min–max)        GFLOP/s  % peak");
        foreach (var (channels, size) in ResNetGraphs.LargeConvShapes)
        {
            var (graph, flop) = ResNetGraphs.LargeConv(channels, size);
            foreach (var kernel in new[] { GemmKernel.Tile8x32_V512, GemmKernel.Tile12x32_V512 })
            {
                foreach (int threads in new[] { 1, 2 })
                {
                    var (median, min, max) = Time(graph, [1, channels, size, size], threads, kernel, runs * 3);
                    Console.WriteLine($"  {channels}→{channels} @{size}²{"",-12} {kernel,-16} {threads,7} {median,10:F3}  ({min:F3}–{max:F3})  {flop / median / 1e6,9:F1} {100 * flop / median / 1e6 / peak[threads],6:F1}%");
                }
            }
        }

        Console.WriteLine();
        EndToEnd(runs);
    }

    /// <summary>Only the end-to-end table (<c>e2e [runs]</c>).</summary>
    public static void EndToEnd(int runs)
    {
        Console.WriteLine("End to end (random weights)   batch  threads  median ms  (min–max)          GMAC/image  GFLOP/s");
        foreach (var (graph, batch, count) in new[] { (ResNetGraphs.TorchVision224(), 1, runs), (ResNetGraphs.FashionMnist(), 64, Math.Max(3, runs / 4)) })
        {
            int[] shape = graph.InputShapeForBatch(batch);
            double macs = ResNetGraphs.Macs(graph, shape); // per image: Conv2dGeometry.MacsPerImage
            foreach (int threads in new[] { 1, 2 })
            {
                var (median, min, max) = Time(graph, shape, threads, GemmKernels.Best, count);
                Console.WriteLine($"  {graph.Name,-27} {batch,5} {threads,8} {median,10:F2}  ({min:F2}–{max:F2}) {macs / 1e9,12:F3} {2 * macs * batch / median / 1e6,8:F1}");
            }
        }
    }

    /// <summary>Median, min and max milliseconds of <paramref name="runs"/> span runs after two warm-up runs.</summary>
    internal static (double Median, double Min, double Max) Time(ModelGraph graph, int[] shape, int threads, GemmKernel kernel, int runs)
    {
        var times = Samples(graph, shape, threads, kernel, runs);
        Array.Sort(times);
        return (times[runs / 2], times[0], times[^1]);
    }

    /// <summary>Milliseconds of each of <paramref name="runs"/> span runs of a fresh executor, after two warm-up runs.</summary>
    internal static double[] Samples(ModelGraph graph, int[] shape, int threads, GemmKernel kernel, int runs)
    {
        using var executor = new FloatExecutor(graph, threads, kernel);
        var input = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (i % 17) / 17f - 0.5f;
        }

        var output = new float[executor.OutputShape(shape).Aggregate(1, (a, b) => a * b)];
        executor.Run(input, shape, output);
        executor.Run(input, shape, output);
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            executor.Run(input, shape, output);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return times;
    }
}
