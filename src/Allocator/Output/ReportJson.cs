using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Specialized.Allocator.Allocation;
using Specialized.Allocator.Sensitivity.Measurement;

namespace Specialized.Allocator.Output;

/// <summary>
/// report.json (field list in docs/allocation.md, "report.json"). A single run is one flat object; a sweep keeps the
/// shared fields at the top and lists every (method, budget) run under <c>runs</c>, each with the same per-run fields.
/// </summary>
public static class ReportJson
{
    public static string Write(AllocationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            WriteShared(json, report);
            if (report.IsSweep)
            {
                json.WriteStartArray("runs");
                foreach (var run in report.Runs)
                {
                    json.WriteStartObject();
                    WriteRun(json, report, run);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }
            else
            {
                WriteRun(json, report, report.Runs[0]);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteShared(Utf8JsonWriter json, AllocationReport report)
    {
        json.WriteString("model", Path.GetFileName(report.Model));
        json.WriteString("model_sha256", report.ModelSha256);
        json.WriteString("calib", report.CalibrationData);
        json.WriteNumber("calib_size", report.CalibrationSize);
        WriteNullableString(json, "eval", report.EvaluationData);
        json.WriteNumber("eval_size", report.EvaluationSize);
        json.WriteStartArray("wbits");
        report.Candidates.WeightBits.ToList().ForEach(json.WriteNumberValue);
        json.WriteEndArray();
        json.WriteStartArray("abits");
        report.Candidates.ActivationBits.ToList().ForEach(json.WriteNumberValue);
        json.WriteEndArray();
        json.WriteString("loss", report.Loss == LossKind.CrossEntropy ? "ce" : "kl");
        json.WriteString("weight_clipping", report.Settings.WeightClipping.ToString().ToLowerInvariant());
        json.WriteString("activation_clipping", report.Settings.ActivationClipping.ToString().ToLowerInvariant());
        json.WriteBoolean("psd", report.Settings.ProjectToPsd);
        WriteNullable(json, "fp32_accuracy", report.FloatAccuracy);
        WriteNullable(json, "fp32_calib_loss", report.FloatLoss);
        json.WriteNumber("measure_seconds", Math.Round(report.MeasureTime.TotalSeconds, 3));
        json.WriteNumber("measurements_computed", report.RecordsComputed);
        json.WriteNumber("measurements_from_cache", report.RecordsLoaded);
        WriteNegativeEstimates(json, report);
        json.WriteStartArray("layers");
        for (int l = 0; l < report.Layers.Count; l++)
        {
            var layer = report.Layers[l];
            json.WriteStartObject();
            json.WriteString("name", layer.Name);
            json.WriteString("op", layer.OpType);
            json.WriteNumber("params", layer.ParameterCount);
            if (report.Sensitivities is { } table)
            {
                json.WriteStartObject("delta_loss");
                for (int s = 0; s < table.Options.Count; s++)
                {
                    json.WriteNumber(table.Options[s].ToString(), table.Single(l, s));
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteNegativeEstimates(Utf8JsonWriter json, AllocationReport report)
    {
        json.WriteStartObject("negative_estimates");
        var d = report.Diagnostics;
        json.WriteString("policy", "clamped to 0 before Ω and the matrix are formed");
        json.WriteNumber("singles", d?.NegativeSingles.Count ?? 0);
        json.WriteNumber("most_negative_single", d?.MostNegativeSingle ?? 0);
        json.WriteStartArray("negative_singles");
        foreach (var n in d?.NegativeSingles ?? [])
        {
            json.WriteStartObject();
            json.WriteString("layer", report.Layers[n.Layer].Name);
            json.WriteString("option", report.Candidates.Options[n.Option].ToString());
            json.WriteNumber("delta_loss", n.DeltaLoss);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("pairs", d?.NegativePairCount ?? 0);
        json.WriteNumber("most_negative_pair", d?.MostNegativePair ?? 0);
        json.WriteEndObject();
        if (d?.Projection is { } p)
        {
            json.WriteStartObject("psd_projection");
            json.WriteNumber("clipped_eigenvalues", p.ClippedEigenvalues);
            json.WriteNumber("most_negative_eigenvalue", p.MostNegativeEigenvalue);
            json.WriteNumber("relative_frobenius_change", p.RelativeFrobeniusChange);
            json.WriteNumber("decomposed_variables", p.DecomposedVariables);
            json.WriteEndObject();
        }
    }

    private static void WriteRun(Utf8JsonWriter json, AllocationReport report, AllocationRun run)
    {
        var d = run.Decision;
        json.WriteString("method", AllocationMethods.Name(d.Method));
        json.WriteStartObject("budget");
        foreach (var budget in d.Budgets)
        {
            json.WriteNumber(budget.JsonName, budget.Value);
        }

        json.WriteEndObject();
        json.WriteString("manifest", Path.Combine(run.Folder, run.ManifestFile).Replace('\\', '/'));
        json.WriteString("weights", Path.Combine(run.Folder, run.WeightsFile).Replace('\\', '/'));
        json.WriteNumber("avg_weight_bits", Math.Round(run.AverageWeightBits, 6));
        json.WriteNumber("weights_bytes", run.WeightsBytes);
        WriteNullable(json, "gbops", run.GigaBops);
        WriteNullable(json, "fp32_accuracy", report.FloatAccuracy);
        WriteNullable(json, "quantized_accuracy", run.QuantizedAccuracy);
        WriteNullable(json, "top1_agreement_with_fp32", run.AgreementWithFloat);
        WriteNullable(json, "predicted_delta_loss", run.PredictedDeltaLoss);
        json.WriteNumber("calib_delta_loss", Math.Round(run.CalibrationDeltaLoss, 6));
        json.WriteNumber("measure_seconds", Math.Round(report.MeasureTime.TotalSeconds, 3));
        json.WriteNumber("solve_seconds", Math.Round(d.SolveTime.TotalSeconds, 6));
        json.WriteBoolean("solver_optimal", d.Optimal);
        json.WriteNumber("solver_nodes", d.NodesExplored);
        json.WriteNumber("evaluate_seconds", Math.Round(run.EvaluateTime.TotalSeconds, 3));
        json.WriteNumber("calib_size", report.CalibrationSize);
        json.WriteStartArray("widths");
        for (int l = 0; l < report.Layers.Count; l++)
        {
            var option = report.Candidates.Options[d.Choices[l]];
            json.WriteStartObject();
            json.WriteString("layer", report.Layers[l].Name);
            json.WriteNumber("wbits", option.WeightBits);
            json.WriteNumber("abits", option.ActivationBits!.Value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v)
        {
            json.WriteNumber(name, Math.Round(v, 6));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
