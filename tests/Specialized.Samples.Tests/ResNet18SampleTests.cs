using Specialized.Samples.ResNet18;

namespace Specialized.Samples.Tests;

/// <summary>The sample as a user runs it: its three modes and its answers to bad input.</summary>
public sealed class ResNet18SampleTests
{
    private static readonly string ImagesFolder = Path.Combine(RepositoryRoot(), "samples", "data", "images");

    [Fact]
    public void Shipped_pngs_are_classified_as_their_dataset_labels()
    {
        // Each file is named after its Fashion-MNIST label; the model (≈91% top-1) gets these ten right.
        string[] paths = Directory.GetFiles(ImagesFolder, "*.png").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(10, paths.Length);

        var (exitCode, output, error) = Run(paths);

        Assert.True(exitCode == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(paths.Length, lines.Length);
        for (int i = 0; i < paths.Length; i++)
        {
            string expected = ExpectedClass(Path.GetFileNameWithoutExtension(paths[i]));
            Assert.StartsWith($"{paths[i]}: {expected} (", lines[i]);
        }
    }

    [Fact]
    public void Embedded_test_images_reach_the_models_documented_accuracy()
    {
        // The model card (samples/ResNet18/model/README.md) gives 90.81% on the whole test set in float32.
        using var classifier = new Float32Classifier();

        var (accuracy, imagesPerSecond) = Evaluation.AccuracyAndThroughput(classifier, FashionMnist.EmbeddedTestImages());

        Assert.InRange(accuracy, 0.89, 1.0);
        Assert.True(imagesPerSecond > 0);
    }

    [Fact]
    public void Image_of_the_wrong_size_is_rejected()
    {
        // A valid grayscale PNG from the runtime's reader fixtures, much smaller than 28×28.
        string png = Path.Combine(RepositoryRoot(), "tests", "Specialized.Runtime.Tests", "Fixtures", "Data", "gray_f0.png");

        var (exitCode, _, error) = Run(png);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: ", error);
        Assert.Contains("28×28", error);
    }

    [Fact]
    public void Missing_image_is_named()
    {
        var (exitCode, _, error) = Run("no-such-image.png");

        Assert.Equal(2, exitCode);
        Assert.Contains("no-such-image.png", error);
    }

    [Fact]
    public void Unknown_option_is_rejected_with_usage()
    {
        var (exitCode, _, error) = Run("--fast");

        Assert.Equal(2, exitCode);
        Assert.Contains("--fast", error);
        Assert.Contains("usage", error);
    }

    private static string ExpectedClass(string fileName) => fileName[(fileName.IndexOf('-') + 1)..] switch
    {
        "tshirt" => "T-shirt/top",
        "ankle-boot" => "Ankle boot",
        var name => char.ToUpperInvariant(name[0]) + name[1..],
    };

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = SampleApp.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Specialized.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Specialized.sln above {AppContext.BaseDirectory}");
    }
}
