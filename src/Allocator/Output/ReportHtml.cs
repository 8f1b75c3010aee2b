using System.Globalization;
using System.Net;
using System.Text;
using Specialized.Allocator.Allocation;

namespace Specialized.Allocator.Output;

/// <summary>
/// report.html: a self-contained page (inline CSS and SVG, no scripts) with the settings, one row per run, the
/// per-layer widths of every run, the negative-estimate and projection diagnostics, and for a sweep the chart of
/// evaluation accuracy against weight size for the three methods.
/// </summary>
public static class ReportHtml
{
    public static string Write(AllocationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        string model = Path.GetFileName(report.Model);
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{E(model)}: bit-width allocation</title>
            <style>
            body {"{"} font-family: sans-serif; margin: 2em; color: #222; {"}"}
            table {"{"} border-collapse: collapse; margin: 1em 0; {"}"}
            th, td {"{"} border: 1px solid #ccc; padding: 3px 8px; text-align: right; {"}"}
            th {"{"} background: #f2f2f2; {"}"} td.l, th.l {"{"} text-align: left; {"}"}
            .w2 {"{"} background: #fde0dd; {"}"} .w4 {"{"} background: #fff7bc; {"}"} .w8 {"{"} background: #e5f5e0; {"}"}
            </style></head><body>
            <h1>{E(model)}: bit-width allocation</h1>

            """);
        Settings(html, report);
        if (report.IsSweep)
        {
            Chart(html, report);
        }

        Runs(html, report);
        Widths(html, report);
        Diagnostics(html, report);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Settings(StringBuilder html, AllocationReport report)
    {
        var s = report.Settings;
        html.Append("<table>\n");
        Row(html, "model SHA-256", report.ModelSha256);
        Row(html, "candidates", $"weights {string.Join(", ", report.Candidates.WeightBits)} bits × activations {string.Join(", ", report.Candidates.ActivationBits)} bits");
        Row(html, "calibration", $"{report.CalibrationSize} samples of {report.CalibrationData}");
        Row(html, "evaluation", report.EvaluationData is null ? "none" : $"{report.EvaluationSize} samples of {report.EvaluationData}");
        Row(html, "loss", report.Loss.ToString());
        Row(html, "clipping", $"weights {s.WeightClipping}, activations {s.ActivationClipping}");
        Row(html, "float32 top-1", Percent(report.FloatAccuracy));
        Row(html, "measurement", $"{report.MeasureTime.TotalSeconds:F1} s ({report.RecordsComputed} measured, {report.RecordsLoaded} from cache)");
        html.Append("</table>\n");
    }

    private static void Chart(StringBuilder html, AllocationReport report)
    {
        bool accuracy = report.Runs.All(r => r.QuantizedAccuracy is not null);
        var series = report.Runs.GroupBy(r => r.Decision.Method)
            .Select(g => new SvgLineChart.Series(
                AllocationMethods.Name(g.Key),
                g.Where(r => (accuracy ? r.QuantizedAccuracy : r.AgreementWithFloat) is not null)
                    .Select(r => (r.WeightsBytes / 1024.0, (accuracy ? r.QuantizedAccuracy : r.AgreementWithFloat)!.Value)).ToArray()))
            .ToArray();
        var references = accuracy && report.FloatAccuracy is double fp ? new[] { new SvgLineChart.ReferenceLine("float32", fp) } : [];
        string y = accuracy ? "top-1 accuracy (%), integer executor" : "top-1 agreement with float32 (%)";
        html.Append("<h2>Accuracy against weight size</h2>\n");
        html.Append(SvgLineChart.Render($"{Path.GetFileName(report.Model)}: {y}", "packed weights (KiB)", y, series, references));
    }

    private static void Runs(StringBuilder html, AllocationReport report)
    {
        html.Append("<h2>Runs</h2>\n<table>\n<tr><th class=\"l\">method</th><th class=\"l\">budget</th><th>avg weight bits</th><th>weights KiB</th>" +
            "<th>top-1 %</th><th>vs float32</th><th>agreement %</th><th>predicted ΔL</th><th>calibration ΔL</th><th>solve ms</th><th>proven optimal</th></tr>\n");
        foreach (var run in report.Runs)
        {
            var d = run.Decision;
            string delta = run.QuantizedAccuracy is double q && report.FloatAccuracy is double f ? (q - f).ToString("+0.00;-0.00", CultureInfo.InvariantCulture) : "–";
            string predicted = run.PredictedDeltaLoss is double p ? p.ToString("G4", CultureInfo.InvariantCulture) : "–";
            string optimal = d.Status is null ? "n/a" : d.Optimal ? "yes" : "no";
            html.Append(Invariant($"<tr><td class=\"l\">{AllocationMethods.Name(d.Method)}</td><td class=\"l\">{E(AllocationPipeline.Describe(d.Budgets))}</td>"));
            html.Append(Invariant($"<td>{run.AverageWeightBits:F3}</td><td>{run.WeightsBytes / 1024.0:F1}</td><td>{Percent(run.QuantizedAccuracy)}</td><td>{delta}</td>"));
            html.Append(Invariant($"<td>{Percent(run.AgreementWithFloat)}</td><td>{predicted}</td><td>{run.CalibrationDeltaLoss:G4}</td><td>{d.SolveTime.TotalMilliseconds:F1}</td><td>{optimal}</td></tr>\n"));
        }

        html.Append("</table>\n");
    }

    private static void Widths(StringBuilder html, AllocationReport report)
    {
        html.Append("<h2>Widths per layer</h2>\n<table>\n<tr><th class=\"l\">layer</th><th>weights</th>");
        var table = report.Sensitivities;
        foreach (var option in table?.Options ?? [])
        {
            html.Append($"<th>ΔL {option}</th>");
        }

        foreach (var run in report.Runs)
        {
            html.Append($"<th>{AllocationMethods.Name(run.Decision.Method)}<br>{E(string.Join(", ", run.Decision.Budgets.Select(b => b.Value.ToString("0.###", CultureInfo.InvariantCulture))))}</th>");
        }

        html.Append("</tr>\n");
        for (int l = 0; l < report.Layers.Count; l++)
        {
            html.Append(Invariant($"<tr><td class=\"l\">{E(report.Layers[l].Name)}</td><td>{report.Layers[l].ParameterCount:N0}</td>"));
            for (int s = 0; s < (table?.Options.Count ?? 0); s++)
            {
                html.Append(Invariant($"<td>{table!.Single(l, s):G3}</td>"));
            }

            foreach (var run in report.Runs)
            {
                var option = report.Candidates.Options[run.Decision.Choices[l]];
                html.Append($"<td class=\"w{Math.Min(8, 1 << (int)Math.Ceiling(Math.Log2(option.WeightBits)))}\">w{option.WeightBits} a{option.ActivationBits}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Diagnostics(StringBuilder html, AllocationReport report)
    {
        if (report.Diagnostics is not { } d)
        {
            return;
        }

        html.Append("<h2>Measurement diagnostics</h2>\n<table>\n");
        Row(html, "negative single estimates (clamped to 0)", Invariant($"{d.NegativeSingles.Count}, most negative {d.MostNegativeSingle:G3}"));
        Row(html, "negative pair estimates (clamped to 0)", Invariant($"{d.NegativePairCount}, most negative {d.MostNegativePair:G3}"));
        if (d.Projection is { } p)
        {
            Row(html, "PSD projection", Invariant($"{p.ClippedEigenvalues} eigenvalues clipped of {p.DecomposedVariables}, most negative {p.MostNegativeEigenvalue:G3}, relative change {p.RelativeFrobeniusChange:G3}"));
        }

        html.Append("</table>\n");
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append($"<tr><th class=\"l\">{E(name)}</th><td class=\"l\">{E(value)}</td></tr>\n");

    private static string Percent(double? value) => value is double v ? v.ToString("F2", CultureInfo.InvariantCulture) : "–";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
