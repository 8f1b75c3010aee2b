using Specialized.Allocator.Calibration;
using Specialized.Allocator.Datasets;
using Specialized.Allocator.Sensitivity.Measurement;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Quantization;

namespace Specialized.Allocator.Tests.Measurement;

public sealed class SensitivityMeasurerTests
{
    private static readonly LayerPrecision[] Widths = [new(2), new(3), new(8)];

    private static MeasurementOptions Options(LossKind loss = LossKind.CrossEntropy, long memory = 1L << 30) =>
        new(Widths, "tiny", loss, ClippingMethod.MinMax, BatchSize: 4, SnapshotMemoryBytes: memory);

    [Theory]
    [InlineData(LossKind.CrossEntropy, 1L << 30)]
    [InlineData(LossKind.KlDivergence, 1L << 30)]
    [InlineData(LossKind.CrossEntropy, 1L)] // budget below one batch: every batch is its own chunk
    public void Singles_and_pairs_equal_brute_force_with_rebuilt_executors(LossKind loss, long memory)
    {
        var graph = TinyModel.Build();
        var data = TinyModel.Data(labeled: loss == LossKind.CrossEntropy);

        var result = SensitivityMeasurer.Measure(graph, data, Options(loss, memory));

        var table = result.Table;
        int[] nodes = [0, 1, 3, 6];
        Assert.Equal(nodes, table.Layers.Select(l => l.NodeIndex));
        Assert.Equal(["conv1", "conv2", "conv3", "fc"], table.Layers.Select(l => l.Name));
        Assert.Equal(Widths, table.Options);
        Assert.Equal(data.Count, table.SampleCount);
        double floatLoss = BruteForce.Loss(graph, data, loss);
        Assert.Equal(floatLoss, table.FloatLoss, 5);
        const double tolerance = 1e-5;
        for (int l = 0; l < nodes.Length; l++)
        {
            for (int s = 0; s < Widths.Length; s++)
            {
                double expected = BruteForce.Loss(graph, data, loss, (nodes[l], Widths[s].WeightBits)) - floatLoss;
                Assert.True(Math.Abs(expected - table.Single(l, s)) <= tolerance, $"single ({l}, w{Widths[s].WeightBits}) {loss}: brute force {expected}, measured {table.Single(l, s)}");
                for (int m = l + 1; m < nodes.Length; m++)
                {
                    for (int t = 0; t < Widths.Length; t++)
                    {
                        double pair = BruteForce.Loss(graph, data, loss, (nodes[l], Widths[s].WeightBits), (nodes[m], Widths[t].WeightBits)) - floatLoss;
                        Assert.True(Math.Abs(pair - table.Pair(l, s, m, t)) <= tolerance, $"pair ({l}, w{Widths[s].WeightBits}) ({m}, w{Widths[t].WeightBits}) {loss}: brute force {pair}, measured {table.Pair(l, s, m, t)}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Activation_widths_fake_quantize_the_layer_output_and_equal_brute_force()
    {
        var graph = TinyModel.Build();
        var data = TinyModel.Data();
        LayerPrecision[] options = [new(2, 3), new(8, 8)];
        using var executor = new FloatExecutor(graph);
        var ranges = ActivationCalibrator.CalibrateWidths(executor, data, ClippingMethod.MinMax, [3, 8]);

        var table = SensitivityMeasurer.Measure(graph, data, Options() with { Options = options, ActivationRanges = ranges }).Table;

        int[] nodes = [0, 1, 3, 6];
        double floatLoss = BruteForce.Loss(graph, data, LossKind.CrossEntropy);
        (int, int, ActivationQuantization?) Quantized(int l, int s) =>
            (nodes[l], options[s].WeightBits, ranges.Quantization(graph.Nodes[nodes[l]].Output, options[s].ActivationBits!.Value));
        for (int l = 0; l < nodes.Length; l++)
        {
            for (int s = 0; s < options.Length; s++)
            {
                double expected = BruteForce.Loss(graph, data, LossKind.CrossEntropy, [Quantized(l, s)]) - floatLoss;
                Assert.True(Math.Abs(expected - table.Single(l, s)) <= 1e-5, $"single ({l}, {options[s]}): brute force {expected}, measured {table.Single(l, s)}");
                for (int m = l + 1; m < nodes.Length; m++)
                {
                    for (int t = 0; t < options.Length; t++)
                    {
                        double pair = BruteForce.Loss(graph, data, LossKind.CrossEntropy, [Quantized(l, s), Quantized(m, t)]) - floatLoss;
                        Assert.True(Math.Abs(pair - table.Pair(l, s, m, t)) <= 1e-5, $"pair ({l}, {options[s]}) ({m}, {options[t]}): brute force {pair}, measured {table.Pair(l, s, m, t)}");
                    }
                }
            }
        }

        // 3-bit outputs must cost more than the weights alone at the same width: the activation quantizer is really applied.
        var weightsOnly = SensitivityMeasurer.Measure(graph, data, Options() with { Options = [new LayerPrecision(2), new LayerPrecision(8)] }).Table;
        Assert.NotEqual(weightsOnly.Single(0, 0), table.Single(0, 0));
    }

    [Fact]
    public void Singles_only_equal_brute_force_and_skip_pairs()
    {
        var graph = TinyModel.Build();
        var data = TinyModel.Data();

        var result = SensitivityMeasurer.Measure(graph, data, Options() with { IncludePairs = false });

        Assert.False(result.Table.HasPairs);
        Assert.Throws<InvalidOperationException>(() => result.Table.Pair(0, 0, 1, 0));
        Assert.Equal(1 + 4 * 3, result.RecordsComputed);
        Assert.Equal(4 * 3 * 3, result.PartialPasses); // each single runs from its layer's snapshot, 3 batches
        double floatLoss = BruteForce.Loss(graph, data, LossKind.CrossEntropy);
        int[] nodes = [0, 1, 3, 6];
        for (int l = 0; l < 4; l++)
        {
            for (int s = 0; s < 3; s++)
            {
                double expected = BruteForce.Loss(graph, data, LossKind.CrossEntropy, (nodes[l], Widths[s].WeightBits)) - floatLoss;
                Assert.True(Math.Abs(expected - result.Table.Single(l, s)) <= 1e-5, $"single ({l}, {Widths[s]}): brute force {expected}, measured {result.Table.Single(l, s)}");
            }
        }
    }

    [Fact]
    public void Counts_records_and_passes()
    {
        var result = SensitivityMeasurer.Measure(TinyModel.Build(), TinyModel.Data(), Options());

        // 1 float record + L·S singles + C(L, 2)·S² pairs, with L = 4 layers, S = 3 widths; 10 samples in batches of 4 → 3 batches.
        int records = 1 + 4 * 3 + 6 * 9;
        Assert.Equal(records, result.RecordsComputed);
        Assert.Equal(0, result.RecordsLoaded);
        // Per batch: the float pass, then one capturing pass per (layer, width) that also yields the single; pairs run from snapshots.
        Assert.Equal((1 + 4 * 3) * 3, result.FullPasses);
        Assert.Equal(6 * 9 * 3, result.PartialPasses);
    }

    [Fact]
    public void Pair_values_are_symmetric_and_omega_is_pair_minus_singles()
    {
        var table = SensitivityMeasurer.Measure(TinyModel.Build(), TinyModel.Data(), Options()).Table;

        for (int l = 0; l < 4; l++)
        {
            for (int m = 0; m < 4; m++)
            {
                for (int s = 0; s < 3; s++)
                {
                    for (int t = 0; t < 3; t++)
                    {
                        if (l == m)
                        {
                            Assert.Throws<ArgumentException>(() => table.Pair(l, s, m, t));
                            continue;
                        }

                        Assert.Equal(table.Pair(l, s, m, t), table.Pair(m, t, l, s));
                        Assert.Equal(table.Omega(l, s, m, t), table.Omega(m, t, l, s));
                        Assert.Equal(table.Pair(l, s, m, t) - table.Single(l, s) - table.Single(m, t), table.Omega(l, s, m, t));
                    }
                }
            }
        }
    }

    [Fact]
    public void A_layer_subset_measures_only_those_layers()
    {
        var graph = TinyModel.Build();
        var data = TinyModel.Data();

        var table = SensitivityMeasurer.Measure(graph, data, Options() with { Layers = [6, 1] }).Table;

        Assert.Equal([1, 6], table.Layers.Select(l => l.NodeIndex));
        double floatLoss = BruteForce.Loss(graph, data, LossKind.CrossEntropy);
        double expected = BruteForce.Loss(graph, data, LossKind.CrossEntropy, (1, 2), (6, 3)) - floatLoss;
        Assert.Equal(expected, table.Pair(0, 0, 1, 1), 5);
    }

    [Fact]
    public void Cross_entropy_without_labels_is_a_user_error()
    {
        var error = Assert.Throws<DatasetException>(() => SensitivityMeasurer.Measure(TinyModel.Build(), TinyModel.Data(labeled: false), Options()));

        Assert.Contains("--loss kl", error.Message);
        Assert.NotNull(UserInputErrors.Describe(error));
    }

    [Fact]
    public void Rejects_uncalibrated_activation_widths_and_non_weight_layers()
    {
        var graph = TinyModel.Build();
        var data = TinyModel.Data();

        Assert.Contains("no calibrated activation ranges at 8 bits", Assert.Throws<ArgumentException>(() => SensitivityMeasurer.Measure(graph, data, Options() with { Options = [new LayerPrecision(4, 8)] })).Message);
        Assert.Contains("not a Conv or Gemm", Assert.Throws<ArgumentException>(() => SensitivityMeasurer.Measure(graph, data, Options() with { Layers = [2] })).Message);
        Assert.Throws<ArgumentException>(() => SensitivityMeasurer.Measure(graph, data, Options() with { Options = [new LayerPrecision(4), new LayerPrecision(4)] }));
    }

    [Fact]
    public void An_empty_calibration_set_is_rejected()
    {
        var empty = new LabeledSamples("empty", new Specialized.Runtime.Tensors.DenseTensor<float>([0, 2, 6, 6]), []);

        Assert.Contains("no samples", Assert.Throws<DatasetException>(() => SensitivityMeasurer.Measure(TinyModel.Build(), empty, Options())).Message);
    }

    [Fact]
    public void Labels_outside_the_model_classes_are_rejected()
    {
        var data = TinyModel.Data();
        var bad = new LabeledSamples("bad", data.Inputs, data.Labels!.Select(y => y + TinyModel.Classes).ToArray());

        Assert.Throws<DatasetException>(() => SensitivityMeasurer.Measure(TinyModel.Build(), bad, Options()));
    }
}
