using System.Diagnostics;
using Specialized.Manifest;
using Specialized.Testing;

namespace Specialized.Benchmarks.Generator;

/// <summary>
/// <c>dotnet run -c Release --project bench/Specialized.Benchmarks -- e2e-generated [runs] [breakdown] [w8|mixed|mixed-a4]</c>: torchvision
/// ResNet-18 at 1×3×224×224, batch 1, through the generated kernels (compiled in memory like a consumer's build), for
/// an all-8-bit manifest, a mixed one (8-bit stem and fc, stages 1–3 at 4 bits, stage 4 at 2 bits: 2.74 average
/// weight bits, 8-bit activations) and a mixed one with narrow activations late (stages 3–4 at 2-bit weights and
/// 4-bit activations, where the bit-plane lookup family pays: 2.38 average weight bits), each on 1 and 2 threads. They run in alternating blocks so machine noise falls on all
/// alike; <c>breakdown</c> adds each step's median. bench/ort/run.sh gives ONNX Runtime's figures for the same
/// network and is meant to be run right before or after.
/// </summary>
public static class GeneratedEndToEnd
{
    /// <summary>All three manifests, or with <paramref name="only"/> (<c>w8</c>, <c>mixed</c>, <c>mixed-a4</c>) just that one (its 1- and 2-thread models alternate with nothing else between them).</summary>
    public static void Run(int runs, bool breakdown, string? only = null)
    {
        (ManifestSpec Spec, byte[] Blob)[] manifests =
        [
            BenchmarkModels.ResNet18(224, new ResNet18Widths(8, [8, 8, 8, 8], 8), "resnet18-224-w8"),
            BenchmarkModels.ResNet18(224, new ResNet18Widths(8, [4, 4, 4, 2], 8), "resnet18-224-mixed"),
            BenchmarkModels.ResNet18(224, new ResNet18Widths(8, [4, 4, 2, 2], 8, [8, 8, 4, 4]), "resnet18-224-mixed-a4"),
        ];
        var chosen = manifests.Where(m => only is null || m.Spec.Name == "resnet18-224-" + only).ToArray();
        if (chosen.Length == 0)
        {
            throw new ArgumentException($"no manifest named resnet18-224-{only} (w8, mixed, mixed-a4)");
        }

        Run(chosen, runs, breakdown);
    }

    /// <summary>
    /// <c>e2e-manifest PATH [runs] [breakdown]</c>: the same table for one manifest and its weights file (e.g. the
    /// sample's), so a user's own model can be timed layer by layer the way it will run.
    /// </summary>
    public static void RunManifest(string path, int runs, bool breakdown)
    {
        var file = Specialized.Runtime.Manifest.ManifestFile.Load(path);
        Run([(file.Spec, file.Blob)], runs, breakdown);
    }

    private static void Run((ManifestSpec Spec, byte[] Blob)[] manifests, int runs, bool breakdown)
    {
        var variants = (from m in manifests from threads in new[] { 1, 2 } select (Manifest: m, Threads: threads)).ToArray();
        var models = variants.Select(v => CompiledModel.Create(ManifestWriter.Write(v.Manifest.Spec), v.Manifest.Blob, threads: v.Threads)).ToArray();
        try
        {
            long macs = BenchmarkModels.MultiplyAccumulates(manifests[0].Spec);
            Console.WriteLine($"Generated {manifests[0].Spec.Name}{(manifests.Length > 1 ? " and variants" : string.Empty)}, batch 1, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
                $"{Environment.ProcessorCount} cores, load {LoadAverage()}, {AlternatingBlocks.Describe(runs, "model")}, {macs / 1e9:F3} GMAC/image");
            var input = new float[models[0].Model.InputLength];
            var rng = new Random(1);
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = (float)(rng.NextDouble() * 4 - 2);
            }

            var times = models.Select(_ => new List<double>()).ToArray();
            var outputs = models.Select(m => new float[m.Model.OutputLength]).ToArray();
            AlternatingBlocks.Run(models.Length, runs, (m, timed) =>
            {
                long start = Stopwatch.GetTimestamp();
                models[m].Model.Run(input, outputs[m]);
                if (timed)
                {
                    times[m].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            });

            Console.WriteLine("manifest                avg weight bits  threads  median ms   p10 ms   p90 ms   GMAC/s");
            for (int m = 0; m < models.Length; m++)
            {
                var sorted = times[m].Order().ToArray();
                double median = sorted[sorted.Length / 2];
                Console.WriteLine($"{variants[m].Manifest.Spec.Name,-23} {AverageWeightBits(variants[m].Manifest.Spec),15:F2} {variants[m].Threads,8} {median,10:F2} {sorted[sorted.Length / 10],8:F2} " +
                    $"{sorted[sorted.Length * 9 / 10],8:F2} {macs / median / 1e6,8:F1}");
            }

            if (breakdown)
            {
                Breakdown(variants.Select(v => $"{v.Manifest.Spec.Name} {v.Threads}t").ToArray(), models.Select(m => ModelSteps.Of(m.Model)).ToArray(), manifests[0].Spec, input, runs);
            }
        }
        finally
        {
            foreach (var model in models)
            {
                model.Dispose();
            }
        }
    }

    /// <summary>Median ms of every step of Run per variant (steps timed one by one, variants in alternating blocks).</summary>
    private static void Breakdown(string[] names, ModelSteps[] steps, ManifestSpec spec, float[] input, int runs)
    {
        int count = steps[0].Layers.Count + 2;
        var times = new List<double>[steps.Length, count];
        for (int m = 0; m < steps.Length; m++)
        {
            for (int s = 0; s < count; s++)
            {
                times[m, s] = [];
            }
        }

        var outputs = steps.Select(s => new float[s.Model.OutputLength]).ToArray();
        AlternatingBlocks.Run(steps.Length, runs, (m, timed) =>
        {
            long t = Stopwatch.GetTimestamp();
            steps[m].Quantize(input);
            Record(0);
            for (int l = 0; l < steps[m].Layers.Count; l++)
            {
                steps[m].Layers[l].Run();
                Record(l + 1);
            }

            steps[m].Write(outputs[m]);
            Record(count - 1);

            void Record(int step)
            {
                long now = Stopwatch.GetTimestamp();
                if (timed)
                {
                    times[m, step].Add(Stopwatch.GetElapsedTime(t, now).TotalMilliseconds);
                }

                t = now;
            }
        });

        Console.WriteLine();
        Console.WriteLine("step (median ms)                          " + string.Concat(names.Select(n => $"{n,24}")));
        for (int s = 0; s < count; s++)
        {
            string name = s == 0 ? "input quantization" : s == count - 1 ? "output conversion" : $"{steps[0].Layers[s - 1].Name} {spec.Layers[s - 1].Name}";
            Console.WriteLine($"{name,-42}" + string.Concat(Enumerable.Range(0, steps.Length).Select(m => $"{Median(times[m, s]),24:F3}")));
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
    /// <summary>Parameter-weighted average weight width over the layers that have weights.</summary>
    private static double AverageWeightBits(ManifestSpec spec)
    {
        double bits = 0, parameters = 0;
        foreach (var layer in spec.Layers)
        {
            if (layer.Weights is { } weights)
            {
                var input = spec.FindTensor(layer.Inputs[0])!;
                long perChannel = layer.Window is { } w ? (long)w.KernelH * w.KernelW * (input.Channels / w.Groups) : input.ElementCount;
                foreach (var group in weights.ChannelGroups)
                {
                    bits += (double)group.Count * perChannel * group.WeightBits;
                    parameters += (double)group.Count * perChannel;
                }
            }
        }

        return bits / parameters;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
