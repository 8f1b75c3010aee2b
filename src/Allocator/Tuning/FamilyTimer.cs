using System.Diagnostics;
using Specialized.Manifest;
using Specialized.Testing;

namespace Specialized.Allocator.Tuning;

/// <summary>The measured speed of one kernel family on one layer.</summary>
internal sealed record FamilyTiming(string Family, double MedianMs, double P10Ms, double P90Ms);

/// <summary>
/// Times every conv/gemm kernel family that can run a single-layer model (<see cref="SingleLayerModel"/>): each is
/// generated and compiled in memory with the family recorded, then all run interleaved round by round — so machine
/// noise falls on every family alike — and each gets the median of its runs. A run is the model's whole Run (input
/// quantization and output conversion included); those parts are the same code for every family, so they shift the
/// times without changing the order.
/// </summary>
internal static class FamilyTimer
{
    public static List<FamilyTiming> Time(ManifestSpec spec, byte[] blob, int threads, int runs)
    {
        var models = new List<(string Family, CompiledModel Model)>();
        try
        {
            foreach (string family in FamilyTrial.ConvGemmFamilies)
            {
                if (FamilyTrial.TryCompile(spec, blob, family, threads) is { } model)
                {
                    models.Add((family, model));
                }
            }

            var input = new float[models.Count == 0 ? 0 : models[0].Model.Model.InputLength];
            var rng = new Random(1);
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = (float)(rng.NextDouble() * 4 - 2);
            }

            var outputs = models.Select(m => new float[m.Model.Model.OutputLength]).ToArray();
            var times = models.Select(_ => new List<double>()).ToArray();
            for (int round = -3; round < runs; round++)
            {
                for (int m = 0; m < models.Count; m++)
                {
                    long start = Stopwatch.GetTimestamp();
                    models[m].Model.Model.Run(input, outputs[m]);
                    if (round >= 0)
                    {
                        times[m].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }
            }

            return models.Select((m, i) =>
            {
                var sorted = times[i].Order().ToArray();
                return new FamilyTiming(m.Family, sorted[sorted.Length / 2], sorted[sorted.Length / 10], sorted[sorted.Length * 9 / 10]);
            }).ToList();
        }
        finally
        {
            foreach (var (_, model) in models)
            {
                model.Dispose();
            }
        }
    }
}
