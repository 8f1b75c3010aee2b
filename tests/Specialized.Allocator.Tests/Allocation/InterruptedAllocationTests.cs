using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Specialized.Allocator.Tests.Allocation;

/// <summary>
/// The `specialized` tool as a separate process, stopped by SIGTERM in the middle of the sensitivity measurement:
/// it must exit with 130 and write nothing but the cache, and the same command run again must resume from the
/// cache (measuring only what is missing) and finish with the same allocation as an uninterrupted run.
/// </summary>
public sealed partial class InterruptedAllocationTests(AllocationFixture fixture) : IClassFixture<AllocationFixture>
{
    [Fact]
    public void Sigterm_keeps_the_measurements_and_a_rerun_resumes_from_them()
    {
        string outputFolder = fixture.NewFolder("interrupted");
        string cache = fixture.NewFolder("interrupted.cache");
        string[] arguments = [.. fixture.Arguments(outputFolder, "--budget-bits", "3").Select(a => a == fixture.CachePath ? cache : a)];
        string tool = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Specialized.Allocator.exe" : "Specialized.Allocator");

        // Output stays small (a few progress lines), far below a pipe's buffer, so it is read only after exit; the
        // polling is synchronous so it does not depend on thread-pool timing in the test host.
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var clock = Stopwatch.StartNew();
        while (RecordLines(cache) < 100 && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            Thread.Sleep(10);
        }

        int atSignal = RecordLines(cache);
        Assert.True(Kill(process.Id, SigTerm) == 0, $"kill({process.Id}, SIGTERM) failed (errno {Marshal.GetLastPInvokeError()}) after {clock.Elapsed.TotalSeconds:F1} s at {atSignal} records");
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the tool did not stop after SIGTERM");
        string output = process.StandardOutput.ReadToEnd(), errorText = process.StandardError.ReadToEnd();
        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode} (SIGTERM at {atSignal} records): {output}{errorText}");
        Assert.Contains("interrupted", errorText);
        Assert.Equal(["interrupted.cache"], Directory.GetFiles(Path.GetDirectoryName(cache)!, "interrupted*").Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(outputFolder, "report.json")), "an interrupted run must not write a report");
        Assert.Empty(Directory.Exists(outputFolder) ? Directory.GetFiles(outputFolder, "*.json") : []);
        int kept = RecordLines(cache);

        var (exitCode, resumedOutput, error) = CliRunner.Run(arguments);

        Assert.True(exitCode == 0, error);
        var resumed = JsonDocument.Parse(File.ReadAllText(Path.Combine(outputFolder, "report.json"))).RootElement;
        Assert.True(resumed.GetProperty("measurements_from_cache").GetInt32() >= kept, $"kept {kept} records, resumed from {resumed.GetProperty("measurements_from_cache")}: {resumedOutput}");
        Assert.True(resumed.GetProperty("measurements_computed").GetInt32() > 0);

        // The same widths as the shared cache's uninterrupted measurement gives.
        string fresh = fixture.NewFolder("uninterrupted");
        Assert.Equal(0, CliRunner.Run(fixture.Arguments(fresh, "--budget-bits", "3")).ExitCode);
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(fresh, "report.json"))).RootElement;
        Assert.Equal(Widths(expected), Widths(resumed));
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static int[] Widths(JsonElement report) => report.GetProperty("widths").EnumerateArray().Select(w => w.GetProperty("wbits").GetInt32()).ToArray();

    /// <summary>Complete records in the cache file (the first line is its header).</summary>
    private static int RecordLines(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return Math.Max(0, reader.ReadToEnd().Count(c => c == '\n') - 1);
    }
}
