using System.Text.Json;
using Specialized.Samples.ResNet18;
using Specialized.Samples.Tests.TestSupport;

namespace Specialized.Samples.Tests;

/// <summary>
/// The committed allocation is what the sample promises: CLADO at no more than 4 average weight bits, within one
/// point of float32 top-1 on the full test set (as measured by the allocator's reference integer executor when
/// regenerate.sh wrote it), and the manifest the sample compiles is the one that report describes.
/// </summary>
public sealed class ShippedModelTests
{
    private static readonly JsonElement Report = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.SampleFolder, "model", "allocation.report.json"))).RootElement;

    [Fact]
    public void Allocation_is_clado_at_most_4_average_weight_bits_within_a_point_of_float32()
    {
        Assert.Equal("clado", Report.GetProperty("method").GetString());
        Assert.True(Report.GetProperty("solver_optimal").GetBoolean());
        Assert.InRange(Report.GetProperty("avg_weight_bits").GetDouble(), 1.0, 4.0);
        Assert.Equal(10_000, Report.GetProperty("eval_size").GetInt32());
        double float32 = Report.GetProperty("fp32_accuracy").GetDouble();
        Assert.InRange(Report.GetProperty("quantized_accuracy").GetDouble(), float32 - 1.0, 100.0);
    }

    [Fact]
    public void Compiled_manifest_is_the_one_the_report_describes()
    {
        // The sample computes its facts from the manifest it embeds; the allocator computed the report's from its
        // own allocation: two independent tallies of the same widths.
        var facts = ModelFacts.Embedded;

        Assert.Equal(Report.GetProperty("weights_bytes").GetInt64(), facts.WeightBytes);
        Assert.Equal(Report.GetProperty("avg_weight_bits").GetDouble(), facts.AverageWeightBits, precision: 6);
    }
}
