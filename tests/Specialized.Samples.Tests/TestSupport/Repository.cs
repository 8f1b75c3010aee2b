namespace Specialized.Samples.Tests.TestSupport;

/// <summary>Paths inside the repository the tests run from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string SampleFolder => Path.Combine(Root, "samples", "ResNet18");

    public static string SampleManifest => Path.Combine(SampleFolder, "model", "fmnist_resnet18.manifest.json");

    private static string FindRoot()
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
