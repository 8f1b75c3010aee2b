using Specialized.Allocator.Sensitivity;
using Specialized.Allocator.Sensitivity.Measurement;

namespace Specialized.Allocator.Allocation;

/// <summary>One (method, budgets) result: the decision, its manifest, and what it measures.</summary>
/// <param name="Decision">The chosen widths.</param>
/// <param name="Folder">Output sub-folder relative to the output directory ("" for a single run).</param>
/// <param name="ManifestFile">Manifest file name.</param>
/// <param name="WeightsFile">Weights file name.</param>
/// <param name="AverageWeightBits">Parameter-weighted average weight width of the allocated layers.</param>
/// <param name="WeightsBytes">Length of the weights file (all quantized weights, packed).</param>
/// <param name="GigaBops">Bit operations per image / 10⁹ when defined (single activation width), else null.</param>
/// <param name="PredictedDeltaLoss">The second-order model's predicted loss increase; null without measurements.</param>
/// <param name="CalibrationDeltaLoss">The loss increase on the calibration set with every layer quantized as chosen (fake quantization, float executor).</param>
/// <param name="QuantizedAccuracy">Top-1 % of the integer model on the evaluation set; null without labels or evaluation set.</param>
/// <param name="AgreementWithFloat">% of evaluation images where the integer and float models pick the same class.</param>
/// <param name="EvaluateTime">Time of the integer-model evaluation.</param>
public sealed record AllocationRun(
    AllocationDecision Decision,
    string Folder,
    string ManifestFile,
    string WeightsFile,
    double AverageWeightBits,
    long WeightsBytes,
    double? GigaBops,
    double? PredictedDeltaLoss,
    double CalibrationDeltaLoss,
    double? QuantizedAccuracy,
    double? AgreementWithFloat,
    TimeSpan EvaluateTime);

/// <summary>Everything report.json and report.html show.</summary>
public sealed record AllocationReport(
    string Model,
    string ModelSha256,
    string CalibrationData,
    int CalibrationSize,
    string? EvaluationData,
    int EvaluationSize,
    CandidatePrecisions Candidates,
    IReadOnlyList<QuantizableLayer> Layers,
    LossKind Loss,
    AllocationSettings Settings,
    double? FloatAccuracy,
    double? FloatLoss,
    TimeSpan MeasureTime,
    int RecordsComputed,
    int RecordsLoaded,
    CladoDiagnostics? Diagnostics,
    SensitivityTable? Sensitivities,
    IReadOnlyList<AllocationRun> Runs)
{
    public bool IsSweep => Settings.Sweep is not null;
}
