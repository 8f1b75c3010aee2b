using System.Text.Json;
using Specialized.Allocator.Evaluation;
using Specialized.Manifest;
using Specialized.Runtime.Data;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Onnx;

namespace Specialized.Allocator.Tests.Allocation;

/// <summary>
/// <c>specialized allocate</c> on the shipped ResNet-20: what lands in the output folder is checked against the
/// manifests themselves and against an independent recomputation (accuracy by the reference executor, widths and
/// sizes from the manifest, the uniform split from the layers' parameter counts).
/// </summary>
public sealed class AllocateCommandTests(AllocationFixture fixture) : IClassFixture<AllocationFixture>
{
    private static readonly string[] Methods = ["clado", "independent", "uniform"];

    [Fact]
    public void Sweep_writes_every_method_at_every_budget_with_consistent_figures()
    {
        Assert.True(fixture.Sweep.ExitCode == 0, fixture.Sweep.Error + fixture.Sweep.Output);
        var report = fixture.SweepReport;
        var runs = report.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(9, runs.Length);
        Assert.Equal(Methods.SelectMany(m => new[] { 2.5, 3, 4 }.Select(b => (m, b))),
            runs.Select(r => (r.GetProperty("method").GetString()!, r.GetProperty("budget").GetProperty("avg_weight_bits").GetDouble())));
        Assert.Equal(62.5, report.GetProperty("fp32_accuracy").GetDouble());
        var images = NpyFile.ReadFloat32(Repository.SampleInput);
        foreach (var run in runs)
        {
            string what = $"{run.GetProperty("method")} {run.GetProperty("budget")}";
            string manifestPath = Path.Combine(fixture.SweepFolder, run.GetProperty("manifest").GetString()!);
            var executor = ManifestExecutor.Load(manifestPath); // verifies the weights' length and SHA-256
            Assert.Equal(new FileInfo(Path.Combine(fixture.SweepFolder, run.GetProperty("weights").GetString()!)).Length, run.GetProperty("weights_bytes").GetInt64());

            // Widths in the report are the manifest's, and the average is the manifest's parameter-weighted mean.
            var weighted = executor.Spec.Layers.Where(l => l.Weights is not null).ToArray();
            var widths = run.GetProperty("widths").EnumerateArray().ToArray();
            Assert.Equal(weighted.Select(l => l.Name), widths.Select(w => w.GetProperty("layer").GetString()));
            Assert.Equal(weighted.Select(l => l.Weights!.WeightBits), widths.Select(w => w.GetProperty("wbits").GetInt32()));
            var parameters = weighted.Select(l => (double)ParameterCount(executor.Spec, l)).ToArray();
            double average = weighted.Select((l, i) => parameters[i] * l.Weights!.WeightBits).Sum() / parameters.Sum();
            Assert.Equal(average, run.GetProperty("avg_weight_bits").GetDouble(), 5);
            Assert.True(average <= run.GetProperty("budget").GetProperty("avg_weight_bits").GetDouble() + 1e-9, $"{what}: {average} bits over budget");

            // Accuracy is the integer executor's on the evaluation set, recomputed here image by image.
            var logits = executor.Run(images);
            int classes = logits.Shape[1];
            int correct = Enumerable.Range(0, fixture.Labels.Length).Count(n => TopOne.ArgMax(logits.Data.AsSpan(n * classes, classes)) == fixture.Labels[n]);
            Assert.Equal(100.0 * correct / fixture.Labels.Length, run.GetProperty("quantized_accuracy").GetDouble(), 6);
            Assert.True(run.GetProperty("solver_optimal").GetBoolean(), $"{what}: not proven optimal");
        }
    }

    [Fact]
    public void Uniform_splits_two_widths_by_layer_order_as_close_to_the_budget_as_fits()
    {
        var graph = OnnxImporter.Load(Repository.SampleModel);
        long[] parameters = Specialized.Allocator.Sensitivity.Measurement.QuantizableLayer.FindAll(graph).Select(l => l.ParameterCount).ToArray();
        long limit = (long)Math.Floor(3.0 * parameters.Sum());
        // Largest k with layers [0, k) at 4 bits and the rest at 2 bits within 3 average bits.
        int k = Enumerable.Range(0, parameters.Length + 1).Last(k => parameters.Take(k).Sum() * 4 + parameters.Skip(k).Sum() * 2 <= limit);

        var run = fixture.SweepReport.GetProperty("runs").EnumerateArray()
            .Single(r => r.GetProperty("method").GetString() == "uniform" && r.GetProperty("budget").GetProperty("avg_weight_bits").GetDouble() == 3);

        Assert.Equal(Enumerable.Range(0, parameters.Length).Select(l => l < k ? 4 : 2), run.GetProperty("widths").EnumerateArray().Select(w => w.GetProperty("wbits").GetInt32()));
        var four = fixture.SweepReport.GetProperty("runs").EnumerateArray()
            .Single(r => r.GetProperty("method").GetString() == "uniform" && r.GetProperty("budget").GetProperty("avg_weight_bits").GetDouble() == 4);
        Assert.All(four.GetProperty("widths").EnumerateArray(), w => Assert.Equal(4, w.GetProperty("wbits").GetInt32()));
    }

    [Fact]
    public void Html_report_charts_the_three_methods_against_float32()
    {
        string html = File.ReadAllText(Path.Combine(fixture.SweepFolder, "report.html"));

        Assert.Contains("<svg", html);
        Assert.Equal(3 * 3, CountOf(html, "<circle"));
        foreach (string method in Methods.Append("float32"))
        {
            Assert.Contains($">{method}</text>", html);
        }
    }

    [Fact]
    public void Negative_estimates_are_reported_with_count_and_magnitude()
    {
        var report = fixture.SweepReport;
        var negatives = report.GetProperty("negative_estimates");
        var measured = report.GetProperty("layers").EnumerateArray()
            .SelectMany(l => l.GetProperty("delta_loss").EnumerateObject().Select(o => o.Value.GetDouble())).ToArray();

        Assert.Equal(measured.Count(v => v < 0), negatives.GetProperty("singles").GetInt32());
        Assert.Equal(measured.Where(v => v < 0).DefaultIfEmpty(0).Min(), negatives.GetProperty("most_negative_single").GetDouble(), 12);
        Assert.True(negatives.GetProperty("singles").GetInt32() + negatives.GetProperty("pairs").GetInt32() > 0,
            "8 calibration images make some estimate negative; if none is, this test no longer checks the reporting");
        Assert.Contains("negative", fixture.Sweep.Output);
    }

    [Theory]
    [InlineData("clado")]
    [InlineData("independent")]
    public void Without_a_budget_every_layer_stays_at_the_widest_width(string method)
    {
        string output = fixture.NewFolder("nobudget-" + method);

        var (exitCode, stdout, stderr) = CliRunner.Run(fixture.Arguments(output, "--method", method));

        Assert.True(exitCode == 0, stderr);
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json"))).RootElement;
        Assert.All(report.GetProperty("widths").EnumerateArray(), w => Assert.Equal(8, w.GetProperty("wbits").GetInt32()));
        Assert.Equal(0, report.GetProperty("predicted_delta_loss").GetDouble());
        // All-8-bit really is nearly lossless on the calibration set (the realized ΔL, not the prediction).
        Assert.True(Math.Abs(report.GetProperty("calib_delta_loss").GetDouble()) < 0.05, $"8-bit calibration ΔL {report.GetProperty("calib_delta_loss")}");
        // Everything came from the sweep's cache: a rerun with the same settings measures nothing.
        Assert.Equal(0, report.GetProperty("measurements_computed").GetInt32());
        Assert.Contains("0 measured", stdout);
    }

    [Fact]
    public void Without_the_psd_projection_clado_minimises_the_predicted_loss_itself()
    {
        string output = fixture.NewFolder("psd-off");

        var (exitCode, _, stderr) = CliRunner.Run(fixture.Arguments(output, "--method", "clado", "--budget-bits", "3", "--psd", "off"));

        Assert.True(exitCode == 0, stderr);
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json"))).RootElement;
        Assert.False(report.GetProperty("psd").GetBoolean());
        Assert.False(report.TryGetProperty("psd_projection", out _));
        Assert.Equal(0, report.GetProperty("measurements_computed").GetInt32());
        // predicted_delta_loss is the unprojected model's value, which --psd off minimises exactly: no other
        // method's choice at the same budget (the projected CLADO solve included) can predict less.
        double unprojected = report.GetProperty("predicted_delta_loss").GetDouble();
        var atThree = fixture.SweepReport.GetProperty("runs").EnumerateArray()
            .Where(r => r.GetProperty("budget").GetProperty("avg_weight_bits").GetDouble() == 3).ToArray();
        Assert.Equal(3, atThree.Length);
        // (Tolerance: the widest-first tie-break term is worth 1e-6 of the largest single ΔL.)
        Assert.All(atThree, r => Assert.True(unprojected <= r.GetProperty("predicted_delta_loss").GetDouble() + 1e-5,
            $"{r.GetProperty("method")}: {r.GetProperty("predicted_delta_loss")} < {unprojected}"));
        Assert.True(report.GetProperty("avg_weight_bits").GetDouble() <= 3 + 1e-9);
    }

    [Fact]
    public void Activation_widths_are_chosen_per_layer_and_written_to_the_layers_output_tensors()
    {
        string output = fixture.NewFolder("abits");

        var (exitCode, _, stderr) = CliRunner.Run(fixture.ArgumentsWithWidths(output, "4,8", "4,8", "--budget-bits", "6", "--calib-size", "4", "--loss", "kl", "--method", "independent"));

        Assert.True(exitCode == 0, stderr);
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json"))).RootElement;
        var spec = ManifestExecutor.Load(Path.Combine(output, report.GetProperty("manifest").GetString()!)).Spec;
        var widths = report.GetProperty("widths").EnumerateArray().ToArray();
        Assert.Contains(widths, w => w.GetProperty("abits").GetInt32() == 4);
        foreach (var w in widths)
        {
            var layer = spec.Layers.Single(l => l.Name == w.GetProperty("layer").GetString());
            Assert.Equal(w.GetProperty("abits").GetInt32(), spec.FindTensor(layer.Output)!.Bits);
            Assert.Equal(w.GetProperty("wbits").GetInt32(), layer.Weights!.WeightBits);
        }

        Assert.Equal(4, report.GetProperty("calib_size").GetInt32());
        Assert.Equal("kl", report.GetProperty("loss").GetString());
    }

    public static TheoryData<string, string[]> BadInputs => new()
    {
        { "file not found", ["--model", "missing.onnx"] },
        { "impossible", ["--budget-bits", "1.5"] },
        { "one size budget", ["--budget-bits", "3", "--budget-kb", "100"] },
        { "single --abits", ["--abits", "4,8", "--budget-bops", "1"] },
        { "not a width in 1..8", ["--wbits", "2,9"] },
        { "is not clado", ["--method", "greedy"] },
        { "drop --budget-bits", ["--sweep", "3,4", "--budget-bits", "3"] },
        { "--calib-size must be at least 1", ["--calib-size", "0"] },
        { "--psd: 'maybe' is not one of on, off", ["--psd", "maybe"] },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_one_error_line_exit_2_and_no_output(string message, string[] arguments)
    {
        string output = fixture.NewFolder("bad-" + Guid.NewGuid().ToString("N"));
        var defaults = new Dictionary<string, string>
        {
            ["--model"] = Repository.SampleModel, ["--calib"] = fixture.Data, ["--wbits"] = "2,4,8", ["--abits"] = "8", ["--out"] = output,
        };
        for (int i = 0; i < arguments.Length; i += 2)
        {
            defaults[arguments[i]] = arguments[i + 1];
        }

        var (exitCode, _, stderr) = CliRunner.Run(["allocate", .. defaults.SelectMany(p => new[] { p.Key, p.Value })]);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, stderr);
        Assert.StartsWith("error: ", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(output), "bad input must not create the output folder");
    }

    [Fact]
    public void Labels_that_do_not_match_the_samples_are_bad_input()
    {
        string labels = fixture.NewFolder("seven.npy");
        NpyFile.Write(labels, new Runtime.Tensors.DenseTensor<float>([7], new float[7]));
        string output = fixture.NewFolder("mismatch");

        var (exitCode, _, stderr) = CliRunner.Run("allocate", "--model", Repository.SampleModel, "--calib", $"{Repository.SampleInput}:{labels}", "--budget-bits", "3", "--out", output);

        Assert.Equal(2, exitCode);
        Assert.Contains("7", stderr);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_corrupt_model_is_bad_input_naming_the_file()
    {
        string model = fixture.NewFolder("corrupt.onnx");
        File.WriteAllBytes(model, [0x08, 0x07, 0x12, 0xFF, 0xFF, 0xFF, 0x01, 0x42]);
        string output = fixture.NewFolder("corrupt-out");

        var (exitCode, _, stderr) = CliRunner.Run("allocate", "--model", model, "--calib", fixture.Data, "--budget-bits", "3", "--out", output);

        Assert.Equal(2, exitCode);
        Assert.Contains("corrupt.onnx", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(output));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    private static long ParameterCount(ManifestSpec spec, LayerSpec layer)
    {
        var input = spec.FindTensor(layer.Inputs[0])!;
        long perChannel = layer.Window is { } w ? (long)w.KernelH * w.KernelW * (input.Channels / w.Groups) : input.ElementCount;
        return perChannel * layer.Weights!.WeightScales.Count;
    }
}
