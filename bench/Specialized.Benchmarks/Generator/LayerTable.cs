using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using Specialized.Manifest;
using Specialized.Testing;

namespace Specialized.Benchmarks.Generator;

/// <summary>
/// <c>layers [runs] [threads…] [filter]</c>: every conv/gemm shape of torchvision ResNet-18 at 224×224, batch 1, for
/// each (weight, activation) width pair and each kernel family that can run it, through the generated kernels (one
/// single-layer model per case, compiled in memory with the family recorded as its <c>kernelFamily</c>). Per case:
/// median and p10–p90 ms of the layer step (bordered-input copy + kernel phase, as inside a model), GMAC/s, the
/// fraction of the peak of the instruction sequence the family relies on (<see cref="IntegerPeak"/>, measured first;
/// × threads), and the speed relative to the same shape's W8A8 Int8 case. All cases of one shape alternate in blocks
/// (each case back to back within its block), so the ratios are measured in the same run. <c>filter</c> keeps shapes whose name contains it.
/// </summary>
public static class LayerTable
{
    /// <summary>A family row source: its manifest name and the peak sequence its path on this machine relies on.</summary>
    public sealed record Family(string Name, Func<int, int, IntegerPeak.Sequence> Peak);

    /// <summary>The families in the table; more families (lookup tables) are more entries here.</summary>
    public static List<Family> Families { get; } =
    [
        new("Int8", (_, _) => AvxVnni.IsSupported ? IntegerPeak.VnniYmm : IntegerPeak.Int32Zmm),
        new("Int16Accumulation", (_, _) => IntegerPeak.Int16Zmm),
        new("ProductTable", (_, _) => LookupPeak.ProductTable),
        new("BitPlane", LookupPeak.BitPlane),
    ];

    /// <summary>The width pairs (weight bits, activation bits) of the table.</summary>
    public static IReadOnlyList<(int W, int A)> WidthPairs { get; } = [(8, 8), (4, 8), (2, 8), (4, 4), (2, 4), (2, 2), (1, 8)];

    /// <summary>A ResNet-18 layer shape: kernel 0 is the fc gemm (In features → Out).</summary>
    public sealed record Shape(string Name, int In, int Out, int Kernel, int Stride, int Size)
    {
        public (ManifestSpec Spec, byte[] Blob) Build(int w, int a) =>
            Kernel == 0 ? BenchmarkModels.Gemm(In, Out, w, a) : BenchmarkModels.Conv(In, Out, Kernel, Stride, Size, w, a);

        public long Macs => Kernel == 0 ? (long)In * Out : (long)Kernel * Kernel * In * Out * (Size / Stride) * (Size / Stride);
    }

    /// <summary>Every distinct conv/gemm shape of ResNet-18 at 224×224 (input size before the stride).</summary>
    public static IReadOnlyList<Shape> Shapes { get; } =
    [
        new("stem 7x7/2 3->64 @224", 3, 64, 7, 2, 224),
        new("3x3 64->64 @56", 64, 64, 3, 1, 56),
        new("3x3/2 64->128 @56", 64, 128, 3, 2, 56),
        new("1x1/2 64->128 @56", 64, 128, 1, 2, 56),
        new("3x3 128->128 @28", 128, 128, 3, 1, 28),
        new("3x3/2 128->256 @28", 128, 256, 3, 2, 28),
        new("1x1/2 128->256 @28", 128, 256, 1, 2, 28),
        new("3x3 256->256 @14", 256, 256, 3, 1, 14),
        new("3x3/2 256->512 @14", 256, 512, 3, 2, 14),
        new("1x1/2 256->512 @14", 256, 512, 1, 2, 14),
        new("3x3 512->512 @7", 512, 512, 3, 1, 7),
        new("fc 512->1000", 512, 1000, 0, 1, 1),
    ];

    public static void Run(int runs, int[] threadCounts, string? filter)
    {
        var peaks = new Dictionary<IntegerPeak.Sequence, double>();
        Console.WriteLine($"ResNet-18@224 layers through generated kernels, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {GeneratedEndToEnd.LoadAverage()}, " +
            $"{AlternatingBlocks.Describe(runs, "case")}; peaks: best of 15 register-only runs, 1 thread, × threads");
        foreach (var family in Families)
        {
            foreach (var (w, a) in WidthPairs)
            {
                var sequence = family.Peak(w, a);
                if (!peaks.ContainsKey(sequence))
                {
                    peaks[sequence] = IntegerPeak.Measure(sequence, 1);
                    Console.WriteLine($"peak {sequence.Name}: {peaks[sequence]:F1} GMAC/s");
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"shape",-22} {"w/a",4} {"family",-18} {"thr",3} {"median ms",10} {"p10-p90 ms",15} {"GMAC/s",8} {"% peak",7} {"x W8A8",7}");
        foreach (var shape in Shapes.Where(s => filter is null || s.Name.Contains(filter, StringComparison.Ordinal)))
        {
            foreach (int threads in threadCounts)
            {
                RunShape(shape, threads, runs, peaks);
            }
        }
    }

    private static void RunShape(Shape shape, int threads, int runs, Dictionary<IntegerPeak.Sequence, double> peaks)
    {
        var cases = new List<(int W, int A, Family Family, CompiledModel Model, ModelSteps Steps)>();
        try
        {
            foreach (var (w, a) in WidthPairs)
            {
                var (spec, blob) = shape.Build(w, a);
                foreach (var family in Families)
                {
                    if (FamilyTrial.TryCompile(spec, blob, family.Name, threads) is { } model)
                    {
                        cases.Add((w, a, family, model, ModelSteps.Of(model.Model)));
                    }
                }
            }

            // The layer step only: input quantization and output conversion are not the kernel's work.
            var steps = cases.Select(c => c.Steps.Layers.First(l => l.Name.StartsWith("Layer", StringComparison.Ordinal) && HasWeights(c.Model, l.Name)).Run).ToArray();
            var times = cases.Select(_ => new List<double>()).ToArray();
            AlternatingBlocks.Run(cases.Count, runs, (c, timed) =>
            {
                long start = Stopwatch.GetTimestamp();
                steps[c]();
                if (timed)
                {
                    times[c].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            });

            double? baseline = null;
            for (int c = 0; c < cases.Count; c++)
            {
                var sorted = times[c].Order().ToArray();
                double median = sorted[sorted.Length / 2];
                var (w, a, family, _, _) = cases[c];
                baseline ??= w == 8 && a == 8 && family.Name == "Int8" ? median : null;
                double gmacs = shape.Macs / median / 1e6;
                double peak = peaks[family.Peak(w, a)] * threads;
                string relative = baseline is { } b ? $"{b / median,6:F2}x" : "      -";
                Console.WriteLine($"{shape.Name,-22} {w}/{a,-2} {family.Name,-18} {threads,3} {median,10:F3} {sorted[sorted.Length / 10],7:F3}-{sorted[sorted.Length * 9 / 10],-7:F3} {gmacs,8:F1} {100 * gmacs / peak,6:F0}% {relative}");
            }
        }
        finally
        {
            foreach (var c in cases)
            {
                c.Model.Dispose();
            }
        }
    }

    /// <summary>The conv/gemm layer's step: its kernel file is named after a conv/gemm kernel.</summary>
    private static bool HasWeights(CompiledModel model, string method) =>
        model.Run.Sources.Any(s => s.HintName.Contains("." + method + ".Conv_", StringComparison.Ordinal) || s.HintName.Contains("." + method + ".Gemm_", StringComparison.Ordinal));
}
