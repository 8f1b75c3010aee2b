using System.CommandLine;
using System.Diagnostics;
using Specialized.Allocator.Output;
using Specialized.Runtime.Data;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx;
using Specialized.Runtime.Tensors;

namespace Specialized.Allocator.Commands;

/// <summary>
/// <c>specialized infer --model M.onnx --input X.npy --out Y.npy</c>: runs the float32 executor on an N×C×H×W
/// float32 NPY batch and writes the model's first output as float32 NPY.
/// </summary>
public static class InferCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "ONNX model (PyTorch export, opset 11–17)", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "float32 NPY input, N×C×H×W, already normalized", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "where to write the output as float32 NPY", Required = true };
        var threads = new Option<int?>("--threads") { Description = "worker threads (default: all cores)" };

        var command = new Command("infer", "Run a model in float32 on an NPY batch and write its outputs as NPY.")
        {
            model, input, output, threads,
        };
        command.SetAction(parsed => Run(
            parsed.GetRequiredValue(model),
            parsed.GetRequiredValue(input),
            parsed.GetRequiredValue(output),
            parsed.GetValue(threads),
            parsed.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(FileInfo modelFile, FileInfo inputFile, FileInfo outputFile, int? threads, TextWriter log)
    {
        if (threads is < 1)
        {
            throw new UserInputException($"--threads must be at least 1, got {threads}");
        }

        RequireFile(modelFile, "--model");
        RequireFile(inputFile, "--input");
        if (outputFile.Directory is { Exists: false } folder)
        {
            throw new UserInputException($"--out: folder does not exist: {folder.FullName}");
        }

        ModelGraph graph = OnnxImporter.Load(modelFile.FullName);
        DenseTensor<float> batch = NpyFile.ReadFloat32(inputFile.FullName);
        if (batch.Rank != 4)
        {
            throw new UserInputException($"{inputFile.Name}: expected an N×C×H×W float32 array, got shape {ShapeText.Format(batch.Shape)}");
        }

        // Validates the input against the model before any work, with a message naming the mismatch.
        graph.InferShapes(batch.Shape);

        using var executor = new FloatExecutor(graph, threads);
        var clock = Stopwatch.StartNew();
        DenseTensor<float> result = executor.Run(batch);
        clock.Stop();

        AtomicFile.Write(outputFile.FullName, stream => NpyFile.Write(stream, result));
        log.WriteLine($"{graph.Name}: {ShapeText.Format(batch.Shape)} → {ShapeText.Format(result.Shape)} in {clock.Elapsed.TotalMilliseconds:F1} ms; wrote {outputFile.Name}");
        return CliApp.Success;
    }

    private static void RequireFile(FileInfo file, string option)
    {
        if (!file.Exists)
        {
            throw new UserInputException($"{option}: file not found: {file.FullName}");
        }
    }
}
