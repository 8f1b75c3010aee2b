using Specialized.Runtime.Data;
using Specialized.Runtime.Tensors;

namespace Specialized.Samples.ResNet18;

/// <summary>
/// The sample's three modes: no arguments (embedded test images: accuracy and speed), PNG paths (top-1 class and
/// confidence for each), and <c>--full</c> (the whole 10,000-image test set, when Debian's dataset is installed).
/// Bad input prints one <c>error:</c> line and exits with 2.
/// </summary>
internal static class SampleApp
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            using var classifier = new Float32Classifier();
            if (args.Length == 0)
            {
                ReportEmbedded(classifier, output);
            }
            else if (args is ["--full"])
            {
                ReportFullTestSet(classifier, output);
            }
            else if (args.FirstOrDefault(arg => arg.StartsWith('-')) is { } option)
            {
                throw new ArgumentException($"unknown option '{option}'; usage: ResNet18 [--full | IMAGE.png ...]");
            }
            else
            {
                ClassifyPngs(classifier, args, output);
            }

            return 0;
        }
        catch (Exception e) when (e is ArgumentException or DataFormatException or FileNotFoundException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static void ReportEmbedded(Float32Classifier classifier, TextWriter output)
    {
        var set = FashionMnist.EmbeddedTestImages();
        output.WriteLine($"Fashion-MNIST ResNet-18, float32 executor, {classifier.Threads} threads, {set.Count} embedded test images");
        var (accuracy, imagesPerSecond) = Evaluation.AccuracyAndThroughput(classifier, set);
        var latencies = Evaluation.BatchOneLatencies(classifier, set);
        output.WriteLine($"  top-1 accuracy        {accuracy:P2}");
        output.WriteLine($"  latency, batch 1      median {Evaluation.Percentile(latencies, 0.5):F2} ms, p90 {Evaluation.Percentile(latencies, 0.9):F2} ms");
        output.WriteLine($"  throughput, batch {Evaluation.ThroughputBatch}  {imagesPerSecond:F0} images/s");
    }

    private static void ReportFullTestSet(Float32Classifier classifier, TextWriter output)
    {
        if (!File.Exists(FashionMnist.DebianTestImages) || !File.Exists(FashionMnist.DebianTestLabels))
        {
            throw new FileNotFoundException($"the Fashion-MNIST test set is not installed ({FashionMnist.DebianTestImages}); install Debian's dataset-fashion-mnist package");
        }

        var set = LabeledImages.Read(FashionMnist.DebianTestImages, FashionMnist.DebianTestLabels);
        var (accuracy, imagesPerSecond) = Evaluation.AccuracyAndThroughput(classifier, set);
        output.WriteLine($"Fashion-MNIST test set, {set.Count} images");
        output.WriteLine($"  float32 executor   top-1 {accuracy:P2}   {imagesPerSecond:F0} images/s");
    }

    private static void ClassifyPngs(Float32Classifier classifier, string[] paths, TextWriter output)
    {
        foreach (string path in paths)
        {
            var image = PngImage.Read(path, PngChannels.Gray);
            if (image.Shape[1] != FashionMnist.ImageSize || image.Shape[2] != FashionMnist.ImageSize)
            {
                throw new ArgumentException($"{path} is {image.Shape[2]}×{image.Shape[1]}; the model takes {FashionMnist.ImageSize}×{FashionMnist.ImageSize} images (light object on a dark background, like Fashion-MNIST)");
            }

            var normalized = FashionMnist.Normalization.NormalizeImage(image);
            var logits = classifier.Run(new DenseTensor<float>([1, 1, FashionMnist.ImageSize, FashionMnist.ImageSize], normalized.Data)).Data;
            int best = Predictions.ArgMax(logits);
            output.WriteLine($"{path}: {FashionMnist.ClassNames[best]} ({Predictions.Probability(logits, best):P1})");
        }
    }
}
