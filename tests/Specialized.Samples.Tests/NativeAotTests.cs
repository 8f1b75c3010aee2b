using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Specialized.Samples.Tests.TestSupport;

namespace Specialized.Samples.Tests;

/// <summary>
/// The sample as a NativeAOT binary: it publishes with zero AOT/trim warnings, and prints what the JIT build prints
/// (same classes and confidences for the shipped PNGs, same accuracy on the embedded images, same instruction sets).
/// </summary>
public sealed class NativeAotTests
{
    [Fact]
    [Trait("Category", "Integration")]
    public void Native_binary_publishes_cleanly_and_answers_like_the_jit_build()
    {
        string folder = Path.Combine(Path.GetTempPath(), "specialized-aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            // A copy of what the sample builds from, so its obj/bin cannot collide with builds other tests run.
            CopySources(folder);
            string output = Path.Combine(folder, "out");
            var publish = ChildProcess.Run("dotnet", $"publish samples/ResNet18 -c Release -r {RuntimeInformation.RuntimeIdentifier} -p:PublishAot=true -o \"{output}\" -nologo", folder, TimeSpan.FromMinutes(15));
            Assert.True(publish.ExitCode == 0, "publish failed:\n" + publish.Output + publish.Error);
            var warnings = publish.Output.Split('\n').Where(line => Regex.IsMatch(line, @"\bwarning\b", RegexOptions.IgnoreCase)).ToList();
            Assert.True(warnings.Count == 0, "publish warned:\n" + string.Join("\n", warnings));
            string binary = Path.Combine(output, "ResNet18");

            string[] pngs = Directory.GetFiles(Path.Combine(Repository.Root, "samples", "data", "images"), "*.png").Order(StringComparer.Ordinal).ToArray();
            var nativePngs = ChildProcess.Run(binary, string.Join(" ", pngs.Select(p => $"\"{p}\"")), Repository.Root, TimeSpan.FromMinutes(2));
            var jitPngs = SampleRuns.Run(pngs);
            Assert.True(nativePngs.ExitCode == 0, nativePngs.Error);
            Assert.Equal(jitPngs.Output, nativePngs.Output);

            var native = ChildProcess.Run(binary, string.Empty, Repository.Root, TimeSpan.FromMinutes(5));
            var jit = SampleRuns.Embedded;
            Assert.True(native.ExitCode == 0, native.Error);
            foreach (string line in new[] { "specialized model:", "kernel instruction sets:", "top-1 accuracy" })
            {
                Assert.Equal(Line(jit.Output, line), Line(native.Output, line));
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// The line starting with <paramref name="start"/>, its runs of spaces collapsed: the report's table sizes its
    /// columns to the widest cell, latencies included, so the padding of the accuracy row follows the timings (one
    /// CI run failed on a slower AOT run's wider latency cell) while its values must not.
    /// </summary>
    private static string Line(string output, string start) =>
        output.Split('\n').Select(l => Regex.Replace(l.Trim(), " {2,}", " ")).FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal)) ?? $"(no line starting '{start}' in:\n{output})";

    private static void CopySources(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (string file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            File.Copy(Path.Combine(Repository.Root, file), Path.Combine(folder, file));
        }

        foreach (string dir in new[] { "src/Runtime", "src/Generators", "src/Shared", "samples/ResNet18", "samples/data" })
        {
            CopyTree(Path.Combine(Repository.Root, dir), Path.Combine(folder, dir));
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string dir in Directory.GetDirectories(from))
        {
            string name = Path.GetFileName(dir);
            if (name is not ("bin" or "obj"))
            {
                CopyTree(dir, Path.Combine(to, name));
            }
        }
    }
}
