using System.Diagnostics;

namespace Specialized.Samples.Tests.TestSupport;

/// <summary>Runs a program to completion and returns its exit code and output.</summary>
internal static class ChildProcess
{
    public static (int ExitCode, string Output, string Error) Run(string program, string arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, arguments) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        // The test host's MSBuild variables would leak into a child build.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {arguments} did not finish in {timeout.TotalMinutes:F0} minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
