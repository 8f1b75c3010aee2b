using Specialized.Samples.ResNet18;

namespace Specialized.Samples.Tests.TestSupport;

/// <summary>The sample run in this process, as a user runs it; the embedded report is computed once per test run (it takes tens of seconds).</summary>
internal static class SampleRuns
{
    private static readonly Lazy<(int ExitCode, string Output, string Error)> EmbeddedReport = new(() => Run());

    /// <summary>The no-argument run: both models on the embedded test images.</summary>
    public static (int ExitCode, string Output, string Error) Embedded => EmbeddedReport.Value;

    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = SampleApp.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
