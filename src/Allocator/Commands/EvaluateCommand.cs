using System.CommandLine;
using Specialized.Allocator.Evaluation;
using Specialized.Runtime.Data;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Tensors;

namespace Specialized.Allocator.Commands;

/// <summary>
/// <c>specialized evaluate --manifest M --data IMAGES.idx.gz:LABELS.idx.gz --mean M --std S [--limit N]</c>: top-1
/// accuracy of the quantized model (reference integer kernels) on a labeled IDX image set.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var manifest = new Option<FileInfo>("--manifest") { Description = "manifest written by the allocator (weights file beside it)", Required = true };
        var data = new Option<string>("--data") { Description = "IMAGES.idx[.gz]:LABELS.idx[.gz]", Required = true };
        var mean = new Option<string>("--mean") { Description = "per-channel mean of x/255, e.g. 0.1307 or 0.485,0.456,0.406", Required = true };
        var std = new Option<string>("--std") { Description = "per-channel std of x/255, e.g. 0.3081 or 0.229,0.224,0.225", Required = true };
        var limit = new Option<int?>("--limit") { Description = "evaluate only the first N images" };
        var command = new Command("evaluate", "Top-1 accuracy of a quantized model (manifest + weights) on a labeled IDX image set.")
        {
            manifest, data, mean, std, limit,
        };
        command.SetAction(parsed => Run(
            parsed.GetRequiredValue(manifest),
            parsed.GetRequiredValue(data),
            parsed.GetRequiredValue(mean),
            parsed.GetRequiredValue(std),
            parsed.GetValue(limit),
            parsed.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(FileInfo manifestFile, string data, string mean, string std, int? limit, TextWriter log)
    {
        if (limit is < 1)
        {
            throw new UserInputException($"--limit must be at least 1, got {limit}");
        }

        CommandFiles.Require(manifestFile, "--manifest");
        int colon = data.LastIndexOf(':');
        if (colon <= 0 || colon == data.Length - 1)
        {
            throw new UserInputException($"--data: expected IMAGES:LABELS, got '{data}'");
        }

        var images = new FileInfo(data[..colon]);
        var labels = new FileInfo(data[(colon + 1)..]);
        CommandFiles.Require(images, "--data (images)");
        CommandFiles.Require(labels, "--data (labels)");
        ImageNormalization normalization;
        try
        {
            normalization = new ImageNormalization(CommandFiles.FloatList(mean, "--mean"), CommandFiles.FloatList(std, "--std"));
        }
        catch (ArgumentException e)
        {
            throw new UserInputException($"--mean/--std: {e.Message}");
        }

        var executor = ManifestExecutor.Load(manifestFile.FullName);
        var set = LabeledImages.Read(images.FullName, labels.FullName);
        int count = Math.Min(set.Count, limit ?? int.MaxValue);
        int perImage = set.Images.Length / set.Count;
        int[] imageShape = set.Images.Rank == 3 ? [1, set.Images.Shape[1], set.Images.Shape[2]] : set.Images.Shape[1..];
        if (!imageShape.AsSpan().SequenceEqual(executor.InputShape.ToArray()))
        {
            throw new UserInputException($"{images.Name}: images are {ShapeText.Format(imageShape)}, the model takes {ShapeText.Format(executor.InputShape)}");
        }

        if (normalization.Mean.Length != 1 && normalization.Mean.Length != imageShape[0])
        {
            throw new UserInputException($"--mean/--std: {normalization.Mean.Length} values for {imageShape[0]} channels");
        }

        var output = new float[executor.OutputLength];
        int correct = 0;
        for (int i = 0; i < count; i++)
        {
            var image = new DenseTensor<byte>(imageShape, set.Images.Data.AsSpan(i * perImage, perImage).ToArray());
            executor.Run(normalization.NormalizeImage(image).Data, output);
            if (TopOne.ArgMax(output) == set.Labels[i])
            {
                correct++;
            }
        }

        double accuracy = count == 0 ? 0 : 100.0 * correct / count;
        log.WriteLine($"{executor.Spec.Name}: top-1 accuracy {accuracy:F2}% ({correct}/{count} images)");
        return CliApp.Success;
    }
}
