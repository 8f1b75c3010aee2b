namespace Specialized.Runtime.Tests.TestSupport;

/// <summary>Finds the repository root (the folder holding Specialized.sln) from the test's output folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

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
