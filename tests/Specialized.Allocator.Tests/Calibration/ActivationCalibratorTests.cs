using Specialized.Allocator.Calibration;
using Specialized.Allocator.Datasets;
using Specialized.Runtime.Data;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx;

namespace Specialized.Allocator.Tests.Calibration;

public sealed class ActivationCalibratorTests
{
    private static readonly Lazy<ModelGraph> ResNet20 = new(() => OnnxImporter.Load(Repository.SampleModel));

    private static LabeledSamples SampleImages() => new("sample", NpyFile.ReadFloat32(Repository.SampleInput), labels: null);

    /// <summary>
    /// Oracle: one run of the scalar reference executor with every tensor declared a graph output, then min/max of
    /// each in a plain loop. Independent of snapshots, batching and the fast kernels.
    /// </summary>
    private static Dictionary<string, (float Min, float Max)> NaiveRanges(ModelGraph graph, LabeledSamples data)
    {
        string[] names = [graph.InputName, .. graph.Nodes.Select(n => n.Output)];
        var everything = new ModelGraph(graph.Name, graph.InputName, graph.InputShape, graph.Nodes, names);
        var tensors = ReferenceGraphExecutor.Run(everything, data.Inputs);
        return names.Zip(tensors).ToDictionary(p => p.First, p => (p.Second.Data.Min(), p.Second.Data.Max()));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(3)] // batches 3, 3, 2: the last batch has its own shape
    public void MinMax_ranges_equal_a_naive_pass_over_every_tensor(int batchSize)
    {
        var graph = ResNet20.Value;
        var data = SampleImages();
        using var executor = new FloatExecutor(graph);

        var result = ActivationCalibrator.Calibrate(executor, data, new ActivationCalibrationOptions(BatchSize: batchSize));

        var naive = NaiveRanges(graph, data);
        // Every tensor a node reads, plus the output; nothing else.
        var expectedNames = graph.Nodes.SelectMany(n => n.Inputs).Append(graph.OutputNames[0]).ToHashSet();
        Assert.Equal(expectedNames.Order(), result.Ranges.Keys.Order());
        foreach (var (name, range) in result.Ranges)
        {
            var (min, max) = naive[name];
            float tolerance = 1e-4f * Math.Max(1f, Math.Max(Math.Abs(min), Math.Abs(max)));
            Assert.True(Math.Abs(range.Min - min) <= tolerance && Math.Abs(range.Max - max) <= tolerance,
                $"tensor {name}: calibrated [{range.Min}, {range.Max}], naive [{min}, {max}] (batch {batchSize})");
            Assert.Equal(range, result.Observed[name]);
        }
    }

    [Fact]
    public void Mse_ranges_lie_inside_the_observed_ranges()
    {
        using var executor = new FloatExecutor(ResNet20.Value);

        var result = ActivationCalibrator.Calibrate(executor, SampleImages(), new ActivationCalibrationOptions(ClippingMethod.Mse, Bits: 4));

        Assert.Equal(result.Observed.Keys.Order(), result.Ranges.Keys.Order());
        int clipped = 0;
        foreach (var (name, range) in result.Ranges)
        {
            var observed = result.Observed[name];
            Assert.True(range.Min >= observed.Min && range.Max <= observed.Max && range.Min <= range.Max, $"{name}: {range} outside {observed}");
            clipped += range != observed ? 1 : 0;
        }

        Assert.True(clipped > 0, "at 4 bits some tensor of a trained ResNet should benefit from clipping");
    }

    [Fact]
    public void Per_width_ranges_equal_one_calibration_per_width()
    {
        using var executor = new FloatExecutor(ResNet20.Value);
        var data = SampleImages();

        var mse = ActivationCalibrator.CalibrateWidths(executor, data, ClippingMethod.Mse, [8, 4, 4]);
        var minMax = ActivationCalibrator.CalibrateWidths(executor, data, ClippingMethod.MinMax, [4, 8]);

        Assert.Equal([4, 8], mse.Widths);
        int differ = 0;
        foreach (int bits in new[] { 4, 8 })
        {
            var single = ActivationCalibrator.Calibrate(executor, data, new ActivationCalibrationOptions(ClippingMethod.Mse, Bits: bits));
            var observed = ActivationCalibrator.Calibrate(executor, data);
            foreach (var (name, range) in single.Ranges)
            {
                Assert.Equal(range, mse.Range(name, bits));
                Assert.Equal(observed.Ranges[name], minMax.Range(name, bits));
                differ += bits == 4 && mse.Range(name, 4) != mse.Range(name, 8) ? 1 : 0;
            }
        }

        Assert.True(differ > 0, "4-bit and 8-bit MSE clipping should differ on some tensor");
        Assert.Contains("not calibrated", Assert.Throws<KeyNotFoundException>(() => mse.Range(ResNet20.Value.InputName, 3)).Message);
    }
}
