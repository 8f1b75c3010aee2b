using Specialized.Allocator.Calibration;
using Specialized.Allocator.Datasets;
using Specialized.Allocator.Evaluation;
using Specialized.Allocator.Manifest;
using Specialized.Allocator.Tests.Datasets;
using Specialized.Runtime.Data;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Onnx;
using Specialized.Runtime.Tensors;

namespace Specialized.Allocator.Tests;

/// <summary>
/// <c>run</c> and <c>evaluate</c> on a W8A8 manifest built from the shipped ResNet-20 sample: what reaches the user's
/// files and console, and the bad-input contract (one line, exit 2, nothing written).
/// </summary>
public sealed class ManifestCommandTests : IClassFixture<ManifestCommandTests.SampleManifest>, IDisposable
{
    private const float Mean = 0.2860f;
    private const float Std = 0.3530f;
    private readonly SampleManifest sample;
    private readonly TempFolder temp = new();

    public ManifestCommandTests(SampleManifest sample) => this.sample = sample;

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Run_writes_the_executor_outputs_and_they_stay_close_to_the_pytorch_logits()
    {
        string output = temp.File("quantized.npy");

        var (exitCode, stdout, stderr) = CliRunner.Run("run", "--manifest", sample.ManifestPath, "--input", Repository.SampleInput, "--out", output);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("quantized.npy", stdout);
        var written = NpyFile.ReadFloat32(output);
        var input = NpyFile.ReadFloat32(Repository.SampleInput);
        var direct = ManifestExecutor.Load(sample.ManifestPath).Run(input);
        Assert.Equal(direct.Shape, written.Shape);
        Assert.Equal(direct.Data, written.Data);

        // W8A8 keeps the class decision of the float model on the shipped images (PyTorch's logits are the oracle).
        var logits = NpyFile.ReadFloat32(Repository.SampleLogits);
        int classes = logits.Shape[1];
        for (int n = 0; n < logits.Shape[0]; n++)
        {
            Assert.Equal(TopOne.ArgMax(logits.Data.AsSpan(n * classes, classes)), TopOne.ArgMax(written.Data.AsSpan(n * classes, classes)));
        }
    }

    [Fact]
    public void Evaluate_counts_the_images_whose_label_is_the_top_class()
    {
        // Labels agree with the quantized model on even images and disagree on odd ones, so the answer is exactly 50 %.
        const int count = 8;
        var random = new Random(3);
        var pixels = new byte[count * 28 * 28];
        random.NextBytes(pixels);
        var executor = ManifestExecutor.Load(sample.ManifestPath);
        var labels = new byte[count];
        var logits = new float[executor.OutputLength];
        for (int i = 0; i < count; i++)
        {
            var normalized = new float[28 * 28];
            for (int p = 0; p < normalized.Length; p++)
            {
                normalized[p] = (pixels[i * 784 + p] / 255f - Mean) / Std;
            }

            executor.Run(normalized, logits);
            int top = TopOne.ArgMax(logits);
            labels[i] = (byte)(i % 2 == 0 ? top : (top + 1) % 10);
        }

        string images = temp.File("images.idx");
        string labelFile = temp.File("labels.idx.gz");
        DataFiles.WriteIdx(images, [count, 28, 28], pixels);
        DataFiles.WriteIdx(labelFile, [count], labels, gzip: true);

        var (exitCode, stdout, stderr) = CliRunner.Run("evaluate", "--manifest", sample.ManifestPath, "--data", $"{images}:{labelFile}", "--mean", "0.2860", "--std", "0.3530");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("50.00%", stdout);
        Assert.Contains("(4/8 images)", stdout);

        var (limitedExit, limited, _) = CliRunner.Run("evaluate", "--manifest", sample.ManifestPath, "--data", $"{images}:{labelFile}", "--mean", "0.2860", "--std", "0.3530", "--limit", "1");
        Assert.Equal(0, limitedExit);
        Assert.Contains("(1/1 images)", limited);
    }

    [Fact]
    public void Run_rejects_an_input_of_the_wrong_shape_without_output()
    {
        string wrong = temp.File("wrong.npy");
        DataFiles.WriteNpy(wrong, [1, 1, 32, 32], floats: new float[32 * 32]);
        string output = temp.File("y.npy");

        var (exitCode, _, stderr) = CliRunner.Run("run", "--manifest", sample.ManifestPath, "--input", wrong, "--out", output);

        AssertBadInput(exitCode, stderr, "does not match the model input");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Run_names_a_malformed_manifest_with_its_position()
    {
        string broken = temp.File("broken.manifest.json");
        File.Copy(sample.ManifestPath, broken);
        File.Copy(sample.WeightsPath, temp.File(Path.GetFileName(sample.WeightsPath)));
        string text = File.ReadAllText(broken);
        File.WriteAllText(broken, text.Replace("\"formatVersion\": 1", "\"formatVersion\": 99", StringComparison.Ordinal));
        Assert.NotEqual(text, File.ReadAllText(broken));
        string output = temp.File("y.npy");

        var (exitCode, _, stderr) = CliRunner.Run("run", "--manifest", broken, "--input", Repository.SampleInput, "--out", output);

        AssertBadInput(exitCode, stderr, "broken.manifest.json");
        Assert.Contains("formatVersion", stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Run_detects_tampered_weights()
    {
        string manifest = temp.File(Path.GetFileName(sample.ManifestPath));
        string weights = temp.File(Path.GetFileName(sample.WeightsPath));
        File.Copy(sample.ManifestPath, manifest);
        var blob = File.ReadAllBytes(sample.WeightsPath);
        blob[blob.Length / 2] ^= 0x10;
        File.WriteAllBytes(weights, blob);

        var (exitCode, _, stderr) = CliRunner.Run("run", "--manifest", manifest, "--input", Repository.SampleInput, "--out", temp.File("y.npy"));

        AssertBadInput(exitCode, stderr, "SHA-256");
    }

    [Fact]
    public void Evaluate_names_missing_label_file_and_bad_data_argument()
    {
        var (missingExit, _, missing) = CliRunner.Run("evaluate", "--manifest", sample.ManifestPath, "--data", $"{temp.File("a.idx")}:{temp.File("b.idx")}", "--mean", "0.5", "--std", "0.5");
        AssertBadInput(missingExit, missing, "a.idx");

        var (formExit, _, form) = CliRunner.Run("evaluate", "--manifest", sample.ManifestPath, "--data", "images-only", "--mean", "0.5", "--std", "0.5");
        AssertBadInput(formExit, form, "IMAGES:LABELS");

        var (limitExit, _, limit) = CliRunner.Run("evaluate", "--manifest", sample.ManifestPath, "--data", "x:y", "--mean", "0.5", "--std", "0.5", "--limit", "0");
        AssertBadInput(limitExit, limit, "--limit");
    }

    private static void AssertBadInput(int exitCode, string stderr, string expectedFragment)
    {
        Assert.Equal(2, exitCode);
        Assert.Contains(expectedFragment, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    /// <summary>A W8A8 manifest of the shipped ResNet-20, calibrated on its shipped input batch; built once per class.</summary>
    public sealed class SampleManifest : IDisposable
    {
        private readonly TempFolder folder = new();

        public SampleManifest()
        {
            var graph = OnnxImporter.Load(Repository.SampleModel);
            var inputs = NpyFile.ReadFloat32(Repository.SampleInput);
            using var executor = new FloatExecutor(graph, threads: 1);
            var calibration = ActivationCalibrator.Calibrate(executor, new LabeledSamples("shipped input", inputs, labels: null));
            var built = ManifestBuilder.Build(graph, new ManifestBuildOptions { Name = "resnet20", Ranges = calibration.Ranges });
            ManifestPath = folder.File("resnet20.manifest.json");
            ManifestOutput.Write(ManifestPath, built);
            WeightsPath = Directory.GetFiles(folder.Path, "*.bin").Single();
        }

        public string ManifestPath { get; }

        public string WeightsPath { get; }

        public void Dispose() => folder.Dispose();
    }
}
