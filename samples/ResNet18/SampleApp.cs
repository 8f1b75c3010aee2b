using System.Globalization;
using Specialized.Runtime.Data;
using Specialized.Runtime.Tensors;

namespace Specialized.Samples.ResNet18;

/// <summary>
/// The sample's three modes: no arguments (the embedded test images: accuracy and speed of the specialized model
/// beside the float32 original), PNG paths (top-1 class and confidence for each, by the specialized model), and
/// <c>--full</c> (the whole 10,000-image test set, when Debian's dataset is installed: both models' accuracy).
/// Bad input prints one <c>error:</c> line and exits with 2.
/// </summary>
internal static class SampleApp
{
    private const string Usage = "usage: ResNet18 [--full | IMAGE.png ...]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            if (args.Length == 0)
            {
                ReportEmbedded(output);
            }
            else if (args is ["--full"])
            {
                ReportFullTestSet(output);
            }
            else if (args.FirstOrDefault(arg => arg.StartsWith('-')) is { } option)
            {
                throw new ArgumentException($"unknown option '{option}'; {Usage}");
            }
            else
            {
                ClassifyPngs(args, output);
            }

            return 0;
        }
        catch (Exception e) when (e is ArgumentException or DataFormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static void ReportEmbedded(TextWriter output)
    {
        var set = FashionMnist.EmbeddedTestImages();
        using var float32 = new Float32Classifier();
        using var specialized = new SpecializedClassifier();
        output.WriteLine($"Fashion-MNIST ResNet-18 on the {set.Count:N0} embedded test images, {specialized.Threads} thread(s)");
        WriteModelLine(output);
        var table = new Table("float32 executor", "specialized");
        var results = new[] { Measure(float32, set, latencies: true), Measure(specialized, set, latencies: true) };
        table.Row("top-1 accuracy", results.Select(r => Percent(r.Accuracy)));
        table.Row("latency, batch 1, median", results.Select(r => Milliseconds(Evaluation.Percentile(r.Latencies!, 0.5))));
        table.Row("latency, batch 1, p90", results.Select(r => Milliseconds(Evaluation.Percentile(r.Latencies!, 0.9))));
        table.Row($"throughput, batch {Evaluation.ThroughputBatch}", results.Select(r => $"{r.ImagesPerSecond:F0} images/s"));
        table.Write(output);
    }

    private static void ReportFullTestSet(TextWriter output)
    {
        if (!File.Exists(FashionMnist.DebianTestImages) || !File.Exists(FashionMnist.DebianTestLabels))
        {
            throw new FileNotFoundException($"the Fashion-MNIST test set is not installed ({FashionMnist.DebianTestImages}); install Debian's dataset-fashion-mnist package");
        }

        var set = LabeledImages.Read(FashionMnist.DebianTestImages, FashionMnist.DebianTestLabels);
        using var float32 = new Float32Classifier();
        using var specialized = new SpecializedClassifier();
        output.WriteLine($"Fashion-MNIST test set, {set.Count:N0} images, {specialized.Threads} thread(s)");
        WriteModelLine(output);
        var table = new Table("float32 executor", "specialized");
        var results = new[] { Measure(float32, set, latencies: false), Measure(specialized, set, latencies: false) };
        table.Row("top-1 accuracy", results.Select(r => Percent(r.Accuracy)));
        table.Row($"throughput, batch {Evaluation.ThroughputBatch}", results.Select(r => $"{r.ImagesPerSecond:F0} images/s"));
        table.Write(output);
    }

    private static void ClassifyPngs(string[] paths, TextWriter output)
    {
        // Read every file first, so a bad one is reported before any answer is printed.
        var images = paths.Select(ReadImage).ToList();
        using var classifier = new SpecializedClassifier(threads: 1);
        var logits = new float[Evaluation.Classes];
        for (int i = 0; i < paths.Length; i++)
        {
            classifier.Run(images[i], 1, logits);
            int best = Predictions.ArgMax(logits);
            output.WriteLine($"{paths[i]}: {FashionMnist.ClassNames[best]} ({Predictions.Probability(logits, best).ToString("P1", CultureInfo.InvariantCulture)})");
        }
    }

    private static float[] ReadImage(string path)
    {
        var image = PngImage.Read(path, PngChannels.Gray);
        if (image.Shape[1] != FashionMnist.ImageSize || image.Shape[2] != FashionMnist.ImageSize)
        {
            throw new ArgumentException($"{path} is {image.Shape[2]}×{image.Shape[1]}; the model takes {FashionMnist.ImageSize}×{FashionMnist.ImageSize} images (light object on a dark background, like Fashion-MNIST)");
        }

        return FashionMnist.Normalization.NormalizeImage(image).Data;
    }

    private static void WriteModelLine(TextWriter output)
    {
        var facts = ModelFacts.Embedded;
        output.WriteLine($"specialized model: {facts.Summary}; packed weights {Megabytes(facts.WeightBytes)} (float32: {Megabytes(4 * facts.WeightCount)})");
        output.WriteLine($"kernel instruction sets: {InstructionSets.Describe()}");
        output.WriteLine();
    }

    private static Result Measure(IClassifier classifier, LabeledImages set, bool latencies)
    {
        var (accuracy, imagesPerSecond) = Evaluation.AccuracyAndThroughput(classifier, set);
        return new Result(accuracy, imagesPerSecond, latencies ? Evaluation.BatchOneLatencies(classifier, set) : null);
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + " %";

    private static string Milliseconds(double ms) => ms.ToString("F3", CultureInfo.InvariantCulture) + " ms";

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " MB";

    private sealed record Result(double Accuracy, double ImagesPerSecond, double[]? Latencies);

    /// <summary>A plain-text table: a label column, then one right-aligned column per model.</summary>
    private sealed class Table(params string[] columns)
    {
        private readonly List<(string Label, string[] Cells)> rows = [];

        public void Row(string label, IEnumerable<string> cells) => rows.Add((label, cells.ToArray()));

        public void Write(TextWriter output)
        {
            int labelWidth = rows.Max(r => r.Label.Length) + 2;
            var widths = columns.Select((c, i) => Math.Max(c.Length, rows.Max(r => r.Cells[i].Length)) + 3).ToArray();
            output.WriteLine(new string(' ', labelWidth + 2) + string.Concat(columns.Select((c, i) => c.PadLeft(widths[i]))));
            foreach (var (label, cells) in rows)
            {
                output.WriteLine("  " + label.PadRight(labelWidth) + string.Concat(cells.Select((c, i) => c.PadLeft(widths[i]))));
            }
        }
    }
}
