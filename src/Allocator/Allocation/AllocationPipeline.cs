using System.Diagnostics;
using Specialized.Allocator.Calibration;
using Specialized.Allocator.Datasets;
using Specialized.Allocator.Evaluation;
using Specialized.Allocator.Manifest;
using Specialized.Allocator.Output;
using Specialized.Allocator.Sensitivity.Measurement;
using Specialized.Allocator.Solver;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx;
using Spectre.Console;
using ManifestPrecision = Specialized.Allocator.Manifest.LayerPrecision;

namespace Specialized.Allocator.Allocation;

/// <summary>
/// <c>specialized allocate</c> end to end: load and check every input, calibrate, measure (resumable), solve each
/// run, build and evaluate each manifest in memory, and only then write the outputs (each file atomically), so a
/// failure or an interruption leaves no partial output — only the sensitivity cache, which is what makes a rerun
/// resume. Steps and decisions: docs/allocation.md.
/// </summary>
public sealed class AllocationPipeline(AllocationSettings settings, TextWriter log, IAnsiConsole console)
{
    public AllocationReport Run(CancellationToken cancellation = default)
    {
        var graph = OnnxImporter.Load(settings.ModelPath);
        string name = settings.Name ?? graph.Name;
        var layers = QuantizableLayer.FindAll(graph);
        if (layers.Count == 0)
        {
            throw new UserInputException($"{Path.GetFileName(settings.ModelPath)}: the model has no Conv or Gemm layer to allocate widths to");
        }

        var candidates = settings.Candidates;
        var costs = new CostModel(graph, layers, candidates);
        var runs = settings.Runs();
        CheckBudgets(runs, candidates, costs);
        int classes = ClassCount(graph);
        var calibration = DatasetLoader.Load(settings.CalibrationData, new DatasetOptions(graph.InputShape, settings.Normalization, settings.CalibrationSize, classes));
        var evaluation = settings.EvaluationData is null ? null
            : DatasetLoader.Load(settings.EvaluationData, new DatasetOptions(graph.InputShape, settings.Normalization, settings.EvaluationLimit, classes));
        if (settings.Loss == LossKind.CrossEntropy && calibration.Labels is null)
        {
            throw new UserInputException($"--calib {settings.CalibrationData}: no labels, which the cross-entropy loss needs; use --loss kl");
        }

        log.WriteLine($"{name}: {layers.Count} layers to allocate ({costs.TotalParameters:N0} weights), candidates {string.Join(" ", candidates.Options)}, " +
            $"calibration {calibration.Count} samples, evaluation {evaluation?.Count.ToString() ?? "none"}");

        using var executor = new FloatExecutor(graph, settings.Threads);
        var clock = Stopwatch.StartNew();
        int[] activationWidths = [.. candidates.ActivationBits, 8];
        var ranges = ActivationCalibrator.CalibrateWidths(executor, calibration, settings.ActivationClipping, activationWidths, settings.BatchSize);
        log.WriteLine($"calibrated activation ranges ({settings.ActivationClipping}) in {clock.Elapsed.TotalSeconds:F1} s");

        // Build the all-widest manifest now: an op or a scale the manifest cannot take fails here, before any measurement.
        BuildManifest(graph, name, layers, candidates, ranges, Enumerable.Repeat(candidates.Widest, layers.Count).ToArray());

        var model = Measure(graph, calibration, layers, candidates, ranges, runs, cancellation, out var measurement);
        ReportNegativeEstimates(model);

        var floatPredictions = evaluation is null ? null : ModelPredictions.Float(executor, evaluation, settings.BatchSize, cancellation);
        double? floatAccuracy = floatPredictions is not null && evaluation!.Labels is { } labels ? TopOne.Accuracy(floatPredictions, labels) : null;
        if (floatAccuracy is double fa)
        {
            log.WriteLine($"float32 top-1 on {evaluation!.Count} evaluation images: {fa:F2}%");
        }

        var solverOptions = new SolverOptions { TimeLimit = settings.SolverTimeLimit };
        var weights = new WeightQuantizerCache(graph, settings.WeightClipping);
        var built = new List<(AllocationRun Run, ManifestBuildResult Manifest)>();
        foreach (var (method, budgets) in runs)
        {
            var decision = Decide(method, budgets, candidates, costs, model, solverOptions, cancellation);
            var manifest = BuildManifest(graph, name, layers, candidates, ranges, decision.Choices);
            string folder = settings.Sweep is null ? "" : RunFolder(method, budgets);
            var evaluated = Evaluate(manifest, evaluation, floatPredictions, classes, $"{AllocationMethods.Name(method)} {Describe(budgets)}", cancellation);
            var run = new AllocationRun(
                decision,
                folder,
                name + ".manifest.json",
                manifest.Spec.Weights.File,
                costs.Measure(BudgetKind.AverageWeightBits, decision.Choices),
                manifest.Blob.LongLength,
                costs.SupportsBops ? costs.Measure(BudgetKind.GigaBops, decision.Choices) : null,
                model?.PredictedDeltaLoss(decision.Choices),
                RealizedLoss.DeltaLoss(executor, weights, ranges, layers, candidates, decision.Choices, calibration, settings.Loss, settings.BatchSize, cancellation),
                evaluated.Accuracy,
                evaluated.Agreement,
                evaluated.Time);
            log.WriteLine(Summary(run));
            built.Add((run, manifest));
        }

        var report = new AllocationReport(
            settings.ModelPath, ModelFingerprint.OfFile(settings.ModelPath), settings.CalibrationData, calibration.Count, settings.EvaluationData,
            evaluation?.Count ?? 0, candidates, layers, settings.Loss, settings, floatAccuracy, model?.Measured.FloatLoss,
            measurement?.Elapsed ?? TimeSpan.Zero, measurement?.RecordsComputed ?? 0, measurement?.RecordsLoaded ?? 0,
            model?.Diagnostics, model?.Measured, built.Select(b => b.Run).ToArray());
        cancellation.ThrowIfCancellationRequested();
        AllocationOutput.Write(settings.OutputDirectory, report, built.Select(b => (b.Run, b.Manifest)).ToArray());
        return report;
    }

    private static int ClassCount(ModelGraph graph)
    {
        int[] output = graph.InferShapes(graph.InputShapeForBatch(1))[graph.OutputNames[0]];
        if (output.Length != 2)
        {
            throw new UserInputException($"the model's first output has shape {ShapeText.Format(output)}; allocation needs a classifier's [N, classes] logits");
        }

        return output[1];
    }

    /// <summary>Every budget must at least admit the cheapest assignment; caught before any work is done.</summary>
    private static void CheckBudgets(IReadOnlyList<(AllocationMethod Method, IReadOnlyList<BudgetLimit> Budgets)> runs, CandidatePrecisions candidates, CostModel costs)
    {
        foreach (var budget in runs.SelectMany(r => r.Budgets).Distinct())
        {
            if (budget.Kind == BudgetKind.GigaBops && !costs.SupportsBops)
            {
                throw new UserInputException("--budget-bops needs a single --abits value: a layer's input width is chosen by the layer that writes it, which would make BOPs quadratic");
            }

            int layers = costs.Layers.Count;
            long cheapest = Enumerable.Range(0, layers).Sum(l => Enumerable.Range(0, candidates.Options.Count).Min(s => costs.Cost(budget.Kind, l, s)));
            if (cheapest > costs.Limit(budget))
            {
                var narrowest = Enumerable.Range(0, layers).Select(l => Enumerable.Range(0, candidates.Options.Count).MinBy(s => costs.Cost(budget.Kind, l, s))).ToArray();
                throw new UserInputException($"{budget.Option} {budget.Value:0.###}: impossible, the narrowest candidates already need {costs.Measure(budget.Kind, narrowest):0.###}");
            }
        }
    }

    private SensitivityModel? Measure(
        ModelGraph graph,
        LabeledSamples calibration,
        IReadOnlyList<QuantizableLayer> layers,
        CandidatePrecisions candidates,
        ActivationRangesByWidth ranges,
        IReadOnlyList<(AllocationMethod Method, IReadOnlyList<BudgetLimit> Budgets)> runs,
        CancellationToken cancellation,
        out SensitivityMeasurement? measurement)
    {
        measurement = null;
        bool pairs = runs.Any(r => r.Method == AllocationMethod.Clado);
        if (candidates.Widest == 0 || runs.All(r => r.Method == AllocationMethod.Uniform))
        {
            return null;
        }

        Directory.CreateDirectory(settings.OutputDirectory);
        var options = new MeasurementOptions(
            candidates.Options.Take(candidates.Widest).ToArray(),
            ModelFingerprint.OfFile(settings.ModelPath),
            settings.Loss,
            settings.WeightClipping,
            BatchSize: settings.BatchSize,
            CachePath: settings.ResolvedCachePath,
            Threads: settings.Threads,
            IncludePairs: pairs,
            ActivationRanges: ranges);
        measurement = ConsoleProgress.Run(console, log, observer => SensitivityMeasurer.Measure(graph, calibration, options, observer, cancellation));
        log.WriteLine($"sensitivity: {measurement.RecordsComputed} measured, {measurement.RecordsLoaded} from {settings.ResolvedCachePath}, " +
            $"{measurement.FullPasses} full and {measurement.PartialPasses} partial batch passes in {measurement.Elapsed.TotalSeconds:F1} s");
        return new SensitivityModel(measurement.Table, candidates, settings.ProjectToPsd);
    }

    /// <summary>Negative estimates are clamped at 0 by the matrix; say so, with how many and how large (report.json has them too).</summary>
    private void ReportNegativeEstimates(SensitivityModel? model)
    {
        if (model?.Diagnostics is not { } d)
        {
            return;
        }

        if (d.NegativeSingles.Count > 0)
        {
            log.WriteLine($"warning: {d.NegativeSingles.Count} single-layer loss estimates were negative (most negative {d.MostNegativeSingle:G3}); clamped at 0");
        }

        if (d.NegativePairCount > 0)
        {
            log.WriteLine($"warning: {d.NegativePairCount} pair loss estimates were negative (most negative {d.MostNegativePair:G3}); clamped at 0");
        }
    }

    private AllocationDecision Decide(
        AllocationMethod method, IReadOnlyList<BudgetLimit> budgets, CandidatePrecisions candidates, CostModel costs, SensitivityModel? model,
        SolverOptions solverOptions, CancellationToken cancellation)
    {
        if (method == AllocationMethod.Uniform || model is null)
        {
            // Without a model (a single candidate) every method has one possible answer.
            var clock = Stopwatch.StartNew();
            var choices = candidates.Widest == 0 ? new int[costs.Layers.Count] : UniformAllocation.Choose(candidates, costs, budgets)
                ?? throw new UserInputException($"uniform: no one width or two-width split meets {Describe(budgets)}");
            return new AllocationDecision(method, budgets, choices, null, 0, clock.Elapsed);
        }

        var decision = model.Solve(method, budgets, costs, solverOptions, cancellation);
        if (!decision.Optimal)
        {
            log.WriteLine($"warning: {AllocationMethods.Name(method)} {Describe(budgets)}: the solver stopped at {settings.SolverTimeLimit.TotalSeconds:F0} s; the best assignment found is not proven optimal");
        }

        return decision;
    }

    private ManifestBuildResult BuildManifest(
        ModelGraph graph, string name, IReadOnlyList<QuantizableLayer> layers, CandidatePrecisions candidates, ActivationRangesByWidth ranges, int[] choices)
    {
        var precisions = new Dictionary<string, ManifestPrecision>(StringComparer.Ordinal);
        for (int l = 0; l < layers.Count; l++)
        {
            var option = candidates.Options[choices[l]];
            precisions[layers[l].Name] = new ManifestPrecision(option.WeightBits, option.ActivationBits!.Value);
        }

        return ManifestBuilder.Build(graph, new ManifestBuildOptions
        {
            Name = name,
            Namespace = settings.Namespace,
            RangesByWidth = ranges,
            Layers = precisions,
            // Layers that requantize without weights (residual adds) write at the widest candidate width.
            DefaultPrecision = new ManifestPrecision(8, candidates.WidestActivationBits),
            WeightClipping = settings.WeightClipping,
            Normalization = settings.Normalization,
        });
    }

    private (double? Accuracy, double? Agreement, TimeSpan Time) Evaluate(
        ManifestBuildResult manifest, LabeledSamples? evaluation, int[]? floatPredictions, int classes, string what, CancellationToken cancellation)
    {
        if (evaluation is null)
        {
            return (null, null, TimeSpan.Zero);
        }

        var clock = Stopwatch.StartNew();
        var executor = ManifestExecutor.Create(manifest.Spec, manifest.Blob, manifest.Spec.Name);
        var lastLine = TimeSpan.Zero;
        var progressLock = new Lock();
        void Progress(int done)
        {
            lock (progressLock)
            {
                var elapsed = clock.Elapsed;
                if (elapsed - lastLine >= TimeSpan.FromSeconds(10) && done < evaluation.Count)
                {
                    lastLine = elapsed;
                    var left = elapsed / done * (evaluation.Count - done);
                    log.WriteLine($"evaluating {what}: {done}/{evaluation.Count} images, {elapsed.TotalSeconds:F0} s elapsed, ~{left.TotalSeconds:F0} s left");
                }
            }
        }

        var predicted = ModelPredictions.Quantized(executor, evaluation, classes, settings.Threads, Progress, cancellation);
        double? accuracy = evaluation.Labels is { } labels ? TopOne.Accuracy(predicted, labels) : null;
        return (accuracy, TopOne.Agreement(predicted, floatPredictions!), clock.Elapsed);
    }

    private static string RunFolder(AllocationMethod method, IReadOnlyList<BudgetLimit> budgets) =>
        AllocationMethods.Name(method) + "-" + string.Join("-", budgets.Select(b => b.Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));

    internal static string Describe(IReadOnlyList<BudgetLimit> budgets) => budgets.Count == 0 ? "(no budget)" : string.Join(", ", budgets);

    private static string Summary(AllocationRun run)
    {
        var d = run.Decision;
        string accuracy = run.QuantizedAccuracy is double a ? $", top-1 {a:F2}%" : run.AgreementWithFloat is double g ? $", agrees with float32 on {g:F2}%" : "";
        string predicted = (run.PredictedDeltaLoss is double p ? $", predicted ΔL {p:G3}" : "") + $", calibration ΔL {run.CalibrationDeltaLoss:G3}";
        string solver = d.Status is { } s ? $", solved in {d.SolveTime.TotalMilliseconds:F0} ms ({s}, {d.NodesExplored} nodes)" : "";
        return $"{AllocationMethods.Name(d.Method)} {Describe(d.Budgets)}: {run.AverageWeightBits:F3} avg weight bits, {run.WeightsBytes / 1024.0:F1} KiB{predicted}{accuracy}{solver}";
    }
}
