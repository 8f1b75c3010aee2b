using Specialized.Runtime.Data;
using Specialized.Runtime.Tensors;

namespace Specialized.Allocator.Tests;

public sealed class InferCommandTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Reproduces_the_pytorch_logits_of_the_shipped_sample_model()
    {
        string output = temp.File("logits.npy");

        var (exitCode, stdout, stderr) = CliRunner.Run("infer", "--model", Repository.SampleModel, "--input", Repository.SampleInput, "--out", output);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("logits.npy", stdout);
        var actual = NpyFile.ReadFloat32(output);
        var expected = NpyFile.ReadFloat32(Repository.SampleLogits);
        Assert.Equal(expected.Shape, actual.Shape);
        float maxLogit = expected.Data.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= 1e-3f * maxLogit, $"logit {i}: PyTorch {expected.Data[i]}, ours {actual.Data[i]}");
        }

        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Missing_required_option_is_a_usage_error()
    {
        var (exitCode, _, stderr) = CliRunner.Run("infer", "--model", Repository.SampleModel, "--out", temp.File("y.npy"));

        AssertBadInput(exitCode, stderr, "--input");
    }

    [Fact]
    public void Missing_model_file_is_named()
    {
        string missing = temp.File("absent.onnx");

        var (exitCode, _, stderr) = CliRunner.Run("infer", "--model", missing, "--input", Repository.SampleInput, "--out", temp.File("y.npy"));

        AssertBadInput(exitCode, stderr, "absent.onnx");
    }

    [Fact]
    public void Corrupt_onnx_file_is_rejected_without_output()
    {
        string corrupt = temp.File("corrupt.onnx");
        var bytes = File.ReadAllBytes(Repository.SampleModel).AsSpan(0, 5000).ToArray();
        new Random(7).NextBytes(bytes.AsSpan(100, 400));
        File.WriteAllBytes(corrupt, bytes);

        var (exitCode, _, stderr) = CliRunner.Run("infer", "--model", corrupt, "--input", Repository.SampleInput, "--out", temp.File("y.npy"));

        AssertBadInput(exitCode, stderr, "corrupt.onnx");
    }

    [Fact]
    public void Input_with_the_wrong_channel_count_is_rejected()
    {
        string input = temp.File("rgb.npy");
        WriteNpy(input, new DenseTensor<float>([2, 3, 28, 28]));

        var (exitCode, _, stderr) = CliRunner.Run("infer", "--model", Repository.SampleModel, "--input", input, "--out", temp.File("y.npy"));

        AssertBadInput(exitCode, stderr, "3");
    }

    [Fact]
    public void Input_that_is_not_four_dimensional_is_rejected()
    {
        string input = temp.File("flat.npy");
        WriteNpy(input, new DenseTensor<float>([784]));

        var (exitCode, _, stderr) = CliRunner.Run("infer", "--model", Repository.SampleModel, "--input", input, "--out", temp.File("y.npy"));

        AssertBadInput(exitCode, stderr, "N×C×H×W");
    }

    [Fact]
    public void Input_that_is_not_npy_is_rejected()
    {
        string input = temp.File("text.npy");
        File.WriteAllText(input, "this is not an array");

        var (exitCode, _, stderr) = CliRunner.Run("infer", "--model", Repository.SampleModel, "--input", input, "--out", temp.File("y.npy"));

        AssertBadInput(exitCode, stderr, "text.npy");
    }

    [Fact]
    public void Failure_leaves_an_existing_output_file_untouched()
    {
        string output = temp.File("y.npy");
        File.WriteAllText(output, "previous result");
        string input = temp.File("rgb.npy");
        WriteNpy(input, new DenseTensor<float>([1, 3, 28, 28]));

        var (exitCode, _, _) = CliRunner.Run("infer", "--model", Repository.SampleModel, "--input", input, "--out", output);

        Assert.Equal(2, exitCode);
        Assert.Equal("previous result", File.ReadAllText(output));
        Assert.Equal(2, Directory.GetFiles(temp.Path).Length);
    }

    [Fact]
    public void Output_folder_that_does_not_exist_is_named()
    {
        string output = Path.Combine(temp.Path, "no-such-folder", "y.npy");

        var (exitCode, _, stderr) = CliRunner.Run("infer", "--model", Repository.SampleModel, "--input", Repository.SampleInput, "--out", output);

        AssertBadInput(exitCode, stderr, "no-such-folder");
    }

    [Fact]
    public void Zero_threads_is_rejected()
    {
        var (exitCode, _, stderr) = CliRunner.Run("infer", "--model", Repository.SampleModel, "--input", Repository.SampleInput, "--out", temp.File("y.npy"), "--threads", "0");

        AssertBadInput(exitCode, stderr, "--threads");
    }

    private static void AssertBadInput(int exitCode, string stderr, string mentioned)
    {
        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: ", stderr);
        Assert.Contains(mentioned, stderr);
    }

    private static void WriteNpy(string path, DenseTensor<float> tensor)
    {
        using var stream = File.Create(path);
        NpyFile.Write(stream, tensor);
    }
}
