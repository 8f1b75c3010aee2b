using System.Text;
using Specialized.Allocator.Allocation;
using Specialized.Allocator.Manifest;

namespace Specialized.Allocator.Output;

/// <summary>
/// Writes an allocation's files: per run the manifest and weights (in the output folder itself for a single run, in
/// <c>{method}-{budget}/</c> sub-folders for a sweep), then report.json and report.html. Every file is written
/// atomically; the reports go last, so a report never names a manifest that is not there.
/// </summary>
public static class AllocationOutput
{
    public const string JsonReportName = "report.json";
    public const string HtmlReportName = "report.html";

    public static void Write(string directory, AllocationReport report, IReadOnlyList<(AllocationRun Run, ManifestBuildResult Manifest)> runs)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        foreach (var (run, manifest) in runs)
        {
            string folder = Path.Combine(directory, run.Folder);
            Directory.CreateDirectory(folder);
            ManifestOutput.Write(Path.Combine(folder, run.ManifestFile), manifest);
        }

        WriteText(Path.Combine(directory, JsonReportName), ReportJson.Write(report));
        WriteText(Path.Combine(directory, HtmlReportName), ReportHtml.Write(report));
    }

    private static void WriteText(string path, string text) =>
        AtomicFile.Write(path, stream => stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text)));
}
