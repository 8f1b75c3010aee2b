using Specialized.Runtime.Execution.Steps;
using Specialized.Runtime.Kernels.Float;

namespace Specialized.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Specialized.Benchmarks -- variants [rounds] [blocking|split]</c>: the
/// large ResNet-18 convolutions channel-major vs with the per-layer pixel-major choice (or, with <c>blocking</c>,
/// under several GEMM depth blocks; with <c>split</c>, the batch-1 work split with and without packing cost), interleaved round by round so that interference from
/// other processes spreads over all variants alike; prints median and min–max per variant.
/// </summary>
public static class Variants
{
    /// <summary>
    /// The settings compared: a name, the <see cref="Blocking"/> depth limit (int.MaxValue: K not split) and whether
    /// <see cref="PixelMajorConv"/> may be chosen. Pass <c>blocking</c> as the second argument for the depth-limit set.
    /// </summary>
    private static readonly (string Name, int DepthLimit, bool PixelMajor)[] LayoutSettings =
    [
        ("chan-major", 384, false),
        ("auto", 384, true),
    ];

    /// <summary>Pixel-major allowed (default), batch-1 split by tile count only vs counting packing.</summary>
    private static readonly (string Name, int DepthLimit, bool PixelMajor)[] SplitSettings =
    [
        ("split:tiles", 384, true),
        ("split:+pack", 384, true),
    ];

    private static readonly (string Name, int DepthLimit, bool PixelMajor)[] BlockingSettings =
    [
        ("KC=K", int.MaxValue, false),
        ("KC≤576", 576, false),
        ("KC≤384", 384, false),
        ("KC≤256", 256, false),
    ];

    public static void Run(int rounds, bool blocking, bool split = false)
    {
        var settings = blocking ? BlockingSettings : split ? SplitSettings : LayoutSettings;
        const int runsPerRound = 5;
        Console.WriteLine($"GEMM blocking variants, {DateTime.Now:yyyy-MM-dd HH:mm}, {rounds} rounds × {runsPerRound} runs, 2-thread peak = 2 × 1-thread");
        double peak = FmaPeak.Measure(wide: true, threads: 1);
        Console.WriteLine($"Vector512 FMA peak, 1 thread: {peak:F1} GFLOP/s");
        Console.WriteLine("3×3 conv, batch 1     kernel           threads  variant   median ms  (min–max)        GFLOP/s  % peak");
        int defaultLimit = Blocking.DepthLimit;
        foreach (var (channels, size) in ResNetGraphs.LargeConvShapes)
        {
            var (graph, flop) = ResNetGraphs.LargeConv(channels, size);
            foreach (var kernel in new[] { GemmKernel.Tile8x32_V512, GemmKernel.Tile12x32_V512 })
            {
                foreach (int threads in new[] { 1, 2 })
                {
                    var samples = settings.Select(_ => new List<double>()).ToArray();
                    for (int round = 0; round < rounds; round++)
                    {
                        for (int v = 0; v < settings.Length; v++)
                        {
                            // The plan sizes its packing scratch from the limit, so each variant gets its own executor.
                            Blocking.DepthLimit = blocking ? settings[v].DepthLimit : int.MaxValue;
                            PixelMajorConv.DepthLimit = settings[v].DepthLimit;
                            PixelMajorConv.Enabled = settings[v].PixelMajor;
                            ConvStep.SplitCountsPacking = !split || v == 1;
                            samples[v].AddRange(Quick.Samples(graph, [1, channels, size, size], threads, kernel, runsPerRound));
                        }
                    }

                    for (int v = 0; v < settings.Length; v++)
                    {
                        var t = samples[v].Order().ToArray();
                        double median = t[t.Length / 2];
                        Console.WriteLine($"  {channels}→{channels} @{size}²{"",-6} {kernel,-16} {threads,7}  {settings[v].Name,-8} {median,9:F3}  ({t[0]:F3}–{t[^1]:F3})  {flop / median / 1e6,9:F1} {100 * flop / median / 1e6 / (peak * threads),6:F1}%");
                    }
                }
            }
        }

        Blocking.DepthLimit = defaultLimit;
        PixelMajorConv.Enabled = true;
        PixelMajorConv.DepthLimit = 384;
        ConvStep.SplitCountsPacking = true;
    }
}
