namespace Specialized.Runtime.Tests.TestSupport;

/// <summary>
/// Locates <c>../shared/models</c> beside the repository (the PyTorch-exported parity models). It is not part of
/// the repository, so tests that need it are skipped, with the reason printed, when it is absent.
/// </summary>
public static class SharedModels
{
    private static readonly Lazy<string?> Directory = new(Find);

    /// <summary>The models folder, or null when it is not beside the repository.</summary>
    public static string? Folder => Directory.Value;

    public static string RepositoryRoot => RepositoryPaths.Root;

    public static string PathOf(string fileName) =>
        System.IO.Path.Combine(Folder ?? throw new InvalidOperationException("shared models are absent"), fileName);

    private static string? Find()
    {
        string candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryPaths.Root, "..", "shared", "models"));
        return System.IO.Directory.Exists(candidate) ? candidate : null;
    }
}

/// <summary>A fact that runs only when <c>../shared/models</c> exists; otherwise it is reported as skipped with the reason.</summary>
public sealed class SharedModelsFactAttribute : FactAttribute
{
    public SharedModelsFactAttribute()
    {
        if (SharedModels.Folder is null)
        {
            Skip = "../shared/models is not beside the repository; parity tests need the PyTorch-exported models there";
        }
    }
}

/// <summary>A theory that runs only when <c>../shared/models</c> exists; otherwise it is reported as skipped with the reason.</summary>
public sealed class SharedModelsTheoryAttribute : TheoryAttribute
{
    public SharedModelsTheoryAttribute()
    {
        if (SharedModels.Folder is null)
        {
            Skip = "../shared/models is not beside the repository; parity tests need the PyTorch-exported models there";
        }
    }
}
