using Specialized.Runtime.Tests.TestSupport;

namespace Specialized.Runtime.Tests.Data;

/// <summary>Paths of the committed fixtures (see Fixtures/Data/README.md) and a scratch folder for written files.</summary>
internal static class DataFixtures
{
    public static string PathOf(string name) =>
        Path.Combine(RepositoryPaths.Root, "tests", "Specialized.Runtime.Tests", "Fixtures", "Data", name);

    /// <summary>Writes <paramref name="content"/> to a fresh temporary file and returns its path.</summary>
    public static string TempFile(byte[] content, string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), "specialized-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}

/// <summary>A fact that runs only when the Debian package dataset-fashion-mnist is installed; otherwise skipped with the reason.</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    public FashionMnistFactAttribute()
    {
        if (!File.Exists(Path.Combine(Folder, "t10k-images-idx3-ubyte.gz")))
        {
            Skip = $"Fashion-MNIST is not installed at {Folder} (apt-get install dataset-fashion-mnist)";
        }
    }
}
