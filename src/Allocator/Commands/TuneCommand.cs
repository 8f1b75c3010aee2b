using System.CommandLine;
using Specialized.Allocator.Output;
using Specialized.Allocator.Tuning;
using Specialized.Manifest;
using Specialized.Runtime.Manifest;

namespace Specialized.Allocator.Commands;

/// <summary>
/// <c>specialized tune --manifest M.manifest.json [--threads N] [--runs R] [--out T.manifest.json]</c>: times every
/// kernel family that can run each conv/gemm layer, on that layer's shape, widths and weights, on this machine, and
/// records the fastest as the layer's <c>kernelFamily</c> (docs/manifest.md), which the generator then uses instead
/// of its heuristic. Only that field changes, so the weights file and its hash stay valid. Without --out the manifest
/// is rewritten in place (atomically).
/// </summary>
public static class TuneCommand
{
    public static Command Create()
    {
        var manifest = new Option<FileInfo>("--manifest") { Description = "manifest to tune (weights file beside it)", Required = true };
        var threads = new Option<int>("--threads") { Description = "threads the generated model will run on (default 1)", DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "timed runs per family and layer, after 3 warm-up runs (default 15)", DefaultValueFactory = _ => 15 };
        var output = new Option<FileInfo?>("--out") { Description = "where to write the tuned manifest (default: rewrite --manifest)" };
        var command = new Command("tune", "Time each kernel family on each conv/gemm layer on this machine and record the fastest per layer in the manifest.")
        {
            manifest, threads, runs, output,
        };
        command.SetAction(parsed => Run(
            parsed.GetRequiredValue(manifest),
            parsed.GetValue(threads),
            parsed.GetValue(runs),
            parsed.GetValue(output),
            parsed.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(FileInfo manifestFile, int threads, int runs, FileInfo? outputFile, TextWriter log)
    {
        CommandFiles.Require(manifestFile, "--manifest");
        if (threads < 1 || threads > 256)
        {
            throw new UserInputException($"--threads: {threads} is not in 1..256");
        }

        if (runs < 1)
        {
            throw new UserInputException($"--runs: {runs} must be at least 1");
        }

        string target = (outputFile ?? manifestFile).FullName;
        if (outputFile is not null && Path.GetDirectoryName(Path.GetFullPath(target)) != Path.GetDirectoryName(manifestFile.FullName))
        {
            // The manifest names its weights file relative to its own folder.
            throw new UserInputException("--out: the tuned manifest must be in the same folder as --manifest (it names the weights file beside it)");
        }

        var loaded = ManifestFile.Load(manifestFile.FullName);
        var layers = loaded.Spec.Layers.ToArray();
        log.WriteLine($"{loaded.Spec.Name}: timing kernel families per conv/gemm layer, {threads} thread(s), {runs} runs each");
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i].Weights is null)
            {
                continue;
            }

            var (spec, blob) = SingleLayerModel.Extract(loaded.Spec, loaded.Blob, layers[i]);
            var timings = FamilyTimer.Time(spec, blob, threads, runs);
            if (timings.Count == 0)
            {
                continue;
            }

            var best = timings.MinBy(t => t.MedianMs)!;
            layers[i] = layers[i] with { KernelFamily = best.Family };
            log.WriteLine($"  {layers[i].Name,-24} " + string.Join("  ", timings.Select(t => $"{t.Family} {t.MedianMs:F4} ms ({t.P10Ms:F4}–{t.P90Ms:F4})")) + $"  → {best.Family}");
        }

        string text = ManifestWriter.Write(loaded.Spec with { Layers = layers.ToEquatableArray() });
        AtomicFile.Write(target, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });
        log.WriteLine($"wrote {Path.GetFileName(target)}");
        return CliApp.Success;
    }
}
