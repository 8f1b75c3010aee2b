using Specialized.Manifest;
using Specialized.Testing;

namespace Specialized.Allocator.Tests;

/// <summary>
/// <c>tune</c> on a small model: every conv/gemm layer gets a measured kernelFamily the generator accepts, nothing
/// else in the manifest changes (so the weights file still matches), and bad options are one-line errors.
/// </summary>
public sealed class TuneCommandTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Tune_records_an_accepted_family_on_every_weighted_layer_and_changes_nothing_else()
    {
        var (spec, blob) = Model();
        string manifest = Write(spec, blob);
        string tuned = temp.File("tuned.manifest.json");

        var (exitCode, stdout, stderr) = CliRunner.Run("tune", "--manifest", manifest, "--runs", "2", "--out", tuned);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("tuned.manifest.json", stdout);
        var loaded = Specialized.Runtime.Manifest.ManifestFile.Load(tuned); // the weights file beside it still matches
        foreach (var layer in loaded.Spec.Layers)
        {
            if (layer.Weights is null)
            {
                Assert.Null(layer.KernelFamily);
            }
            else
            {
                Assert.Contains(layer.KernelFamily, FamilyTrial.ConvGemmFamilies);
            }
        }

        // 8-bit weights on 8-bit activations: only Int8 can run it.
        Assert.Equal("Int8", loaded.Spec.Layers[1].KernelFamily);
        Assert.Equal(spec, loaded.Spec with { Layers = loaded.Spec.Layers.Select(l => l with { KernelFamily = null }).ToEquatableArray() });
        using var compiled = CompiledModel.Create(File.ReadAllText(tuned), blob);
        Assert.Empty(compiled.Run.Diagnostics);
    }

    [Theory]
    [InlineData("--runs", "0")]
    [InlineData("--threads", "0")]
    public void Bad_options_are_one_line_errors(string option, string value)
    {
        var (spec, blob) = Model();
        string manifest = Write(spec, blob);
        string before = File.ReadAllText(manifest);

        var (exitCode, _, stderr) = CliRunner.Run("tune", "--manifest", manifest, option, value);

        Assert.Equal(CliApp.BadInput, exitCode);
        Assert.StartsWith("error: " + option, stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(manifest));
    }

    /// <summary>conv w4a8 → conv w8a8 → global pool → flatten → gemm w2a8 (accumulators): both families and Int8 alone.</summary>
    private static (ManifestSpec, byte[]) Model()
    {
        var b = new TestModelBuilder(3, "tune-me");
        string x = b.Conv(b.Input(8, 9, 9, 8), 40, 3, 1, [1, 1, 1, 1], 1, 1, [4], 8, relu: true);
        x = b.Conv(x, 16, 3, 2, [1, 1, 1, 1], 1, 1, [8], 8, relu: true);
        string y = b.Gemm(b.Unary(b.Unary(x, LayerOp.GlobalAvgPool), LayerOp.Flatten), 10, 2, 8, relu: false);
        b.Output(y, OutputSource.Accumulators);
        return b.Build(ns: null);
    }

    private string Write(ManifestSpec spec, byte[] blob)
    {
        File.WriteAllBytes(temp.File(spec.Weights.File), blob);
        string path = temp.File("model.manifest.json");
        File.WriteAllText(path, ManifestWriter.Write(spec));
        return path;
    }
}
