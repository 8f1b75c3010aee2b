extern alias generators;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Specialized.Testing;

/// <summary>
/// Snapshot tests of generated kernels. <c>Verify</c> runs the generator on a manifest and compares every
/// emitted file with <c>{snapshots}/{HintName without .g.cs}.verified.cs</c>. On a mismatch it writes the
/// <c>.received.cs</c> file beside it and throws <see cref="SnapshotMismatchException"/> with unified diffs; with
/// the environment variable <see cref="AcceptVariable"/> = 1 it writes the verified files instead (and deletes
/// stale ones). The generator version in <c>[GeneratedCode]</c> is stored as <c>%VERSION%</c>, so a version bump
/// alone does not break snapshots.
/// </summary>
public static class GeneratorSnapshots
{
    public const string AcceptVariable = "SPECIALIZED_ACCEPT_SNAPSHOTS";
    public const string VerifiedSuffix = ".verified.cs";
    public const string ReceivedSuffix = ".received.cs";

    /// <summary>
    /// One line in a test: <c>GeneratorSnapshots.Verify("Models/tiny.manifest.json");</c>. Relative paths are taken
    /// from the calling source file's folder; snapshots go to <c>Snapshots/{manifest stem}</c> beside it unless
    /// <paramref name="snapshotFolder"/> says otherwise. Also fails when the generator reports an error or warning,
    /// or the generated code does not compile.
    /// </summary>
    public static void Verify(string manifestPath, string? snapshotFolder = null, [CallerFilePath] string callerFile = "")
    {
        string baseFolder = SourceFolder(callerFile);
        string manifest = Path.IsPathRooted(manifestPath) ? manifestPath : Path.Combine(baseFolder, manifestPath);
        var file = ManifestFile.Load(manifest);
        string stem = Path.GetFileName(manifest).Split('.')[0];
        string folder = snapshotFolder is null ? Path.Combine(baseFolder, "Snapshots", stem) : Path.IsPathRooted(snapshotFolder) ? snapshotFolder : Path.Combine(baseFolder, snapshotFolder);
        Verify(file, folder);
    }

    /// <summary>Verifies the output for an in-memory manifest against the snapshots in <paramref name="folder"/>.</summary>
    public static void Verify(ManifestFile manifest, string folder)
    {
        var run = SpecializedGeneratorRunner.Run(null, manifest);
        var problems = run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        problems.AddRange(run.OutputCompilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        if (problems.Count > 0)
        {
            throw new SnapshotMismatchException($"generating {manifest.Path} reported:\n" + string.Join("\n", problems));
        }

        bool accept = Environment.GetEnvironmentVariable(AcceptVariable) == "1";
        Directory.CreateDirectory(folder);
        var report = new StringBuilder();
        var expectedFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (hintName, source) in run.Sources)
        {
            string name = hintName.EndsWith(".g.cs", StringComparison.Ordinal) ? hintName[..^".g.cs".Length] : hintName;
            string verified = Path.Combine(folder, name + VerifiedSuffix);
            string received = Path.Combine(folder, name + ReceivedSuffix);
            expectedFiles.Add(verified);
            string actual = Normalize(source);
            string? expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
            if (expected == actual)
            {
                File.Delete(received);
                continue;
            }

            if (accept)
            {
                File.WriteAllText(verified, actual);
                File.Delete(received);
                continue;
            }

            File.WriteAllText(received, actual);
            report.AppendLine(expected is null
                ? $"new file {name}: no {verified}; wrote {received}"
                : UnifiedDiff.Create(expected, actual, verified, received));
        }

        foreach (string stale in Directory.GetFiles(folder, "*" + VerifiedSuffix).Where(f => !expectedFiles.Contains(f)))
        {
            if (accept)
            {
                File.Delete(stale);
            }
            else
            {
                report.AppendLine($"stale snapshot {stale}: the generator no longer emits this file");
            }
        }

        if (report.Length > 0)
        {
            throw new SnapshotMismatchException($"generated code differs from the snapshots (set {AcceptVariable}=1 to accept):\n{report}");
        }
    }

    /// <summary>
    /// The folder of the calling test file. With a PathMap (deterministic builds map the source root to "/_/") the
    /// recorded path does not exist; then the mapped path is tried below each folder above the test binaries.
    /// </summary>
    public static string SourceFolder(string callerFile)
    {
        string folder = Path.GetDirectoryName(callerFile) ?? string.Empty;
        if (Directory.Exists(folder))
        {
            return folder;
        }

        string relative = folder.Replace('\\', '/').TrimStart('/');
        if (relative.StartsWith("_/", StringComparison.Ordinal))
        {
            relative = relative[2..];
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"cannot find the test source folder '{folder}' (from [CallerFilePath]) on disk; pass an absolute manifest path and snapshot folder");
    }

    /// <summary>Line endings to \n and the generator version to %VERSION%.</summary>
    private static string Normalize(string source) =>
        source.Replace("\r\n", "\n").Replace($"\"Specialized.Generators\", \"{GeneratorVersion}\"", "\"Specialized.Generators\", \"%VERSION%\"");

    private static readonly string GeneratorVersion = typeof(generators::Specialized.Generators.SpecializedGenerator).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";
}
