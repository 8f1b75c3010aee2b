using System.CommandLine;
using System.Diagnostics;
using Specialized.Allocator.Output;
using Specialized.Runtime.Data;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Tensors;

namespace Specialized.Allocator.Commands;

/// <summary>
/// <c>specialized run --manifest M.manifest.json --input X.npy --out Y.npy</c>: runs the reference manifest executor
/// (integer kernels) on a normalized float32 NCHW batch and writes the dequantized outputs, [N, outputs], as float32 NPY.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var manifest = new Option<FileInfo>("--manifest") { Description = "manifest written by the allocator (weights file beside it)", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "float32 NPY input, N×C×H×W, already normalized", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "where to write the dequantized outputs as float32 NPY [N, outputs]", Required = true };
        var command = new Command("run", "Run a quantized model (manifest + weights) with the reference integer kernels on an NPY batch.")
        {
            manifest, input, output,
        };
        command.SetAction(parsed => Run(
            parsed.GetRequiredValue(manifest),
            parsed.GetRequiredValue(input),
            parsed.GetRequiredValue(output),
            parsed.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(FileInfo manifestFile, FileInfo inputFile, FileInfo outputFile, TextWriter log)
    {
        CommandFiles.Require(manifestFile, "--manifest");
        CommandFiles.Require(inputFile, "--input");
        if (outputFile.Directory is { Exists: false } folder)
        {
            throw new UserInputException($"--out: folder does not exist: {folder.FullName}");
        }

        var executor = ManifestExecutor.Load(manifestFile.FullName);
        DenseTensor<float> batch = NpyFile.ReadFloat32(inputFile.FullName);
        if (batch.Rank != executor.InputShape.Count + 1 || !batch.Shape.AsSpan(1).SequenceEqual(executor.InputShape.ToArray()))
        {
            throw new UserInputException($"{inputFile.Name}: shape {ShapeText.Format(batch.Shape)} does not match the model input [N, {string.Join(", ", executor.InputShape)}]");
        }

        var clock = Stopwatch.StartNew();
        DenseTensor<float> result = executor.Run(batch);
        clock.Stop();
        AtomicFile.Write(outputFile.FullName, stream => NpyFile.Write(stream, result));
        log.WriteLine($"{executor.Spec.Name}: {ShapeText.Format(batch.Shape)} → {ShapeText.Format(result.Shape)} in {clock.Elapsed.TotalMilliseconds:F1} ms (reference integer kernels); wrote {outputFile.Name}");
        return CliApp.Success;
    }
}
