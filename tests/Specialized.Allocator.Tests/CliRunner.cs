namespace Specialized.Allocator.Tests;

/// <summary>Runs the CLI in-process and captures what a user would see.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = CliApp.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>A fresh temporary folder per test, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "specialized-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>The repository root (the folder holding Specialized.sln) and the sample files shipped in it.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string SampleModel => Path.Combine(Root, "samples", "models", "fmnist_resnet20.onnx");

    public static string SampleInput => Path.Combine(Root, "samples", "models", "fmnist_resnet20.input.npy");

    public static string SampleLogits => Path.Combine(Root, "samples", "models", "fmnist_resnet20.logits.npy");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Specialized.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Specialized.sln above {AppContext.BaseDirectory}");
    }
}
