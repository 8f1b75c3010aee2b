using System.Diagnostics;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Kernels.Float;

namespace Specialized.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Specialized.Benchmarks -- pack</c>: the time one thread spends packing
/// every B micro-panel of the large ResNet-18 convolutions from the image (<see cref="ImageColumns"/>), channel-major
/// (NR = 32) and pixel-major (7-pixel panels); min and median of 50 passes. Compare with the layer times.
/// </summary>
public static unsafe class PackCost
{
    public static void Run()
    {
        Console.WriteLine("Implicit im2col packing, 1 thread, all panels of one image      min ms   median ms");
        foreach (var (channels, size) in ResNetGraphs.LargeConvShapes)
        {
            var g = ResNetGraphs.Geometry(channels, channels, 3, 1, 1);
            int columns = size * size, depth = g.ReductionSize;
            var image = GC.AllocateArray<float>(channels * size * size, pinned: true);
            var panel = GC.AllocateArray<float>(depth * 32, pinned: true);
            fixed (float* x = image)
            fixed (float* dst = panel)
            {
                var source = new ImageColumns(x, g, size, size);
                foreach (int width in new[] { 32, 7 })
                {
                    var times = new double[50];
                    for (int pass = 0; pass < times.Length; pass++)
                    {
                        long start = Stopwatch.GetTimestamp();
                        for (int n0 = 0; n0 < columns; n0 += width)
                        {
                            source.Pack(0, depth, n0, Math.Min(width, columns - n0), width, dst);
                        }

                        times[pass] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    }

                    Array.Sort(times);
                    Console.WriteLine($"  {channels}→{channels} @{size}², panels of {width,2} columns {"",24} {times[0],8:F3} {times[25],10:F3}");
                }
            }
        }
    }
}
