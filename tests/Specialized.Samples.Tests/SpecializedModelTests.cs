using Specialized.Runtime.Execution;
using Specialized.Samples.ResNet18;
using Specialized.Samples.Tests.TestSupport;

namespace Specialized.Samples.Tests;

/// <summary>
/// The sample's generated model against the oracle: the reference manifest executor (reference integer kernels) on
/// the shipped manifest and weights must give the same float bits for every logit of all 1,000 embedded images.
/// </summary>
public sealed class SpecializedModelTests
{
    [Fact]
    public void Generated_model_equals_the_reference_executor_bit_for_bit_on_embedded_images()
    {
        var set = FashionMnist.EmbeddedTestImages();
        int count = set.Count;
        var inputs = FashionMnist.Normalization.NormalizeGrayscaleBatch(set.Images).Data;
        var reference = ManifestExecutor.Load(Repository.SampleManifest);
        var expected = new float[count * Evaluation.Classes];
        for (int i = 0; i < count; i++)
        {
            reference.Run(inputs.AsSpan(i * Evaluation.Pixels, Evaluation.Pixels), expected.AsSpan(i * Evaluation.Classes, Evaluation.Classes));
        }

        // Both ways the sample runs the generated code: one image with every thread in each layer, and a batch split
        // over single-threaded instances.
        using var classifier = new SpecializedClassifier(threads: 2);
        var oneByOne = new float[expected.Length];
        for (int i = 0; i < count; i++)
        {
            classifier.Run(inputs.AsSpan(i * Evaluation.Pixels, Evaluation.Pixels), 1, oneByOne.AsSpan(i * Evaluation.Classes, Evaluation.Classes));
        }

        var batched = new float[expected.Length];
        classifier.Run(inputs, count, batched);

        AssertSameBits(expected, oneByOne, "one image at a time, 2 threads per layer");
        AssertSameBits(expected, batched, $"batch of {count} split over 2 instances");
    }

    [Fact]
    public void Generated_model_runs_without_allocating()
    {
        using var model = new Specialized.Generated.FmnistResnet18Model();
        var input = FashionMnist.Normalization.NormalizeGrayscaleBatch(FashionMnist.EmbeddedTestImages().Images).Data.AsSpan(0, model.InputLength).ToArray();
        var output = new float[model.OutputLength];
        model.Run(input, output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        model.Run(input, output);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void AssertSameBits(float[] expected, float[] actual, string how)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{how}: image {i / Evaluation.Classes}, logit {i % Evaluation.Classes}: reference {expected[i]:R}, generated {actual[i]:R}");
        }
    }
}
