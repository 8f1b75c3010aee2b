using Specialized.Allocator.Calibration;
using Specialized.Allocator.Datasets;
using Specialized.Allocator.Sensitivity.Measurement;
using Specialized.Runtime.Data;
using Specialized.Runtime.Onnx;

namespace Specialized.Allocator.Tests.Measurement;

public sealed class ResNet20SensitivityTests
{
    [Fact]
    public void Eight_bits_barely_moves_the_loss_and_two_bits_moves_it_much_more()
    {
        var graph = OnnxImporter.Load(Repository.SampleModel);
        var inputs = NpyFile.ReadFloat32(Repository.SampleInput);
        var logits = NpyFile.ReadFloat32(Repository.SampleLogits);
        // Labels: the float model's own predictions (from the shipped reference logits), so the float loss is small.
        int classes = logits.Shape[1];
        int[] labels = Enumerable.Range(0, inputs.Shape[0])
            .Select(n => Array.IndexOf(logits.Data, logits.Data.AsSpan(n * classes, classes).ToArray().Max(), n * classes) - n * classes).ToArray();
        var data = new LabeledSamples("sample images", inputs, labels);
        var options = new MeasurementOptions([new(2), new(8)], ModelFingerprint.OfFile(Repository.SampleModel), LossKind.CrossEntropy, ClippingMethod.Mse, BatchSize: 8, IncludePairs: false);

        var result = SensitivityMeasurer.Measure(graph, data, options);
        var table = result.Table;

        Assert.Equal(22, table.Layers.Count); // 19 convs on the main path, 2 projection shortcuts, the classifier
        var at8 = Enumerable.Range(0, table.Layers.Count).Select(l => table.Single(l, 1)).ToArray();
        var at2 = Enumerable.Range(0, table.Layers.Count).Select(l => table.Single(l, 0)).ToArray();
        Assert.All(at8, d => Assert.True(Math.Abs(d) < 0.01, $"8-bit ΔL {d} should be near 0"));
        Assert.True(at2.Sum() > 20 * at8.Select(Math.Abs).Sum(), $"Σ ΔL at 2 bits {at2.Sum()} vs Σ |ΔL| at 8 bits {at8.Select(Math.Abs).Sum()}");
        Assert.True(at2.Count(d => d > at8.Max()) >= table.Layers.Count / 2, $"most layers should be more sensitive at 2 bits: {string.Join(", ", at2)}");
        Assert.Equal(1 + 22 * 2, result.RecordsComputed); // singles only: one partial pass per (layer, width)
        Assert.False(table.HasPairs);
    }
}
