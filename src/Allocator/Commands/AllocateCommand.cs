using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Specialized.Allocator.Allocation;
using Specialized.Allocator.Calibration;
using Specialized.Allocator.Output;
using Specialized.Allocator.Sensitivity.Measurement;
using Specialized.Runtime.Data;
using Spectre.Console;

namespace Specialized.Allocator.Commands;

/// <summary>
/// <c>specialized allocate --model M.onnx --calib DATA --eval DATA --wbits 2,4,8 --abits 8 --budget-bits 3.0
/// --method clado --out DIR</c>: per-layer bit widths by CLADO (or a baseline), written as a manifest plus packed
/// weights and a report. Options and outputs: docs/allocation.md.
/// </summary>
public static class AllocateCommand
{
    /// <summary>Exit code of a run stopped by Ctrl-C or SIGTERM (128 + SIGINT, the shell convention).</summary>
    public const int Interrupted = 130;

    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "ONNX model (float32, exported from PyTorch)", Required = true };
        var calib = new Option<string>("--calib") { Description = "calibration DATA: IMAGES.idx[.gz]:LABELS.idx[.gz], X.npy:Y.npy, X.npy (with --loss kl) or a PNG folder with labels.csv", Required = true };
        var eval = new Option<string?>("--eval") { Description = "evaluation DATA (same forms); the reported accuracies are measured on it" };
        var mean = new Option<string>("--mean") { Description = "per-channel mean of x/255 for byte images, e.g. 0.2860 or 0.485,0.456,0.406", DefaultValueFactory = _ => "0" };
        var std = new Option<string>("--std") { Description = "per-channel std of x/255 for byte images", DefaultValueFactory = _ => "1" };
        var calibSize = new Option<int>("--calib-size") { Description = "use the first N calibration samples", DefaultValueFactory = _ => 512 };
        var evalLimit = new Option<int?>("--eval-limit") { Description = "evaluate on the first N samples only" };
        var wbits = new Option<string>("--wbits") { Description = "candidate weight widths, e.g. 2,4,8", DefaultValueFactory = _ => "2,4,8" };
        var abits = new Option<string>("--abits") { Description = "candidate activation widths (of each layer's output), e.g. 8 or 4,8", DefaultValueFactory = _ => "8" };
        var budgetBits = new Option<double?>("--budget-bits") { Description = "average weight width over the allocated layers (parameter-weighted)" };
        var budgetKb = new Option<double?>("--budget-kb") { Description = "packed weight size in KiB" };
        var budgetBops = new Option<double?>("--budget-bops") { Description = "bit operations per image in G-BOPs (MACs × weight bits × input bits; one --abits value)" };
        var method = new Option<string>("--method") { Description = "clado, independent or uniform", DefaultValueFactory = _ => "clado" };
        var sweep = new Option<string?>("--sweep") { Description = "run every method at each of these average-weight-bit budgets, e.g. 2.5,3,4, and chart them" };
        var loss = new Option<string>("--loss") { Description = "ce (cross-entropy on the labels) or kl (KL divergence to the float32 outputs; no labels needed)", DefaultValueFactory = _ => "ce" };
        var weightClip = new Option<string>("--weight-clip") { Description = "mse (MSE-optimal clip per channel and width) or minmax (max|w|)", DefaultValueFactory = _ => "mse" };
        var activationClip = new Option<string>("--act-clip") { Description = "minmax (observed range) or mse (MSE-optimal clip per width)", DefaultValueFactory = _ => "minmax" };
        var psd = new Option<string>("--psd") { Description = "on: project CLADO's matrix onto the PSD cone before solving (CLADO's method); off: solve the measured second-order model as is", DefaultValueFactory = _ => "on" };
        var output = new Option<DirectoryInfo>("--out") { Description = "output folder (created if missing)", Required = true };
        var cache = new Option<FileInfo?>("--cache") { Description = "sensitivity cache file (default: OUT/sensitivity.cache); an interrupted run resumes from it" };
        var threads = new Option<int?>("--threads") { Description = "threads (default: all cores)" };
        var batch = new Option<int>("--batch-size") { Description = "samples per forward pass", DefaultValueFactory = _ => 64 };
        var solverLimit = new Option<double>("--solver-seconds") { Description = "time limit per solve; the best assignment found is then reported as not proven optimal", DefaultValueFactory = _ => 120 };
        var name = new Option<string?>("--name") { Description = "model name in the manifest (default: the ONNX file name)" };
        var ns = new Option<string?>("--namespace") { Description = "namespace of the generated model class" };
        var command = new Command("allocate", "Choose per-layer bit widths (CLADO cross-layer IQP, or a baseline) and write the manifest, packed weights and a report.")
        {
            model, calib, eval, mean, std, calibSize, evalLimit, wbits, abits, budgetBits, budgetKb, budgetBops, method, sweep, loss, weightClip,
            activationClip, psd, output, cache, threads, batch, solverLimit, name, ns,
        };
        command.SetAction(parsed =>
        {
            var modelFile = parsed.GetRequiredValue(model);
            CommandFiles.Require(modelFile, "--model");
            var settings = new AllocationSettings
            {
                ModelPath = modelFile.FullName,
                CalibrationData = parsed.GetRequiredValue(calib),
                EvaluationData = parsed.GetValue(eval),
                Normalization = Normalization(parsed.GetRequiredValue(mean), parsed.GetRequiredValue(std)),
                CalibrationSize = AtLeastOne(parsed.GetValue(calibSize), "--calib-size"),
                EvaluationLimit = parsed.GetValue(evalLimit) is int limit ? AtLeastOne(limit, "--eval-limit") : null,
                Candidates = new CandidatePrecisions(Widths(parsed.GetRequiredValue(wbits), "--wbits"), Widths(parsed.GetRequiredValue(abits), "--abits")),
                Budgets = Budgets(parsed.GetValue(budgetBits), parsed.GetValue(budgetKb), parsed.GetValue(budgetBops), parsed.GetValue(sweep) is not null),
                Method = AllocationMethods.TryParse(parsed.GetRequiredValue(method), out var m) ? m
                    : throw new UserInputException($"--method: '{parsed.GetRequiredValue(method)}' is not clado, independent or uniform"),
                Sweep = parsed.GetValue(sweep) is { } values ? Sweep(values) : null,
                Loss = Choice(parsed.GetRequiredValue(loss), "--loss", ("ce", LossKind.CrossEntropy), ("kl", LossKind.KlDivergence)),
                WeightClipping = Choice(parsed.GetRequiredValue(weightClip), "--weight-clip", ("mse", ClippingMethod.Mse), ("minmax", ClippingMethod.MinMax)),
                ActivationClipping = Choice(parsed.GetRequiredValue(activationClip), "--act-clip", ("minmax", ClippingMethod.MinMax), ("mse", ClippingMethod.Mse)),
                ProjectToPsd = Choice(parsed.GetRequiredValue(psd), "--psd", ("on", true), ("off", false)),
                OutputDirectory = parsed.GetRequiredValue(output).FullName,
                CachePath = parsed.GetValue(cache)?.FullName,
                Threads = parsed.GetValue(threads) is int t ? AtLeastOne(t, "--threads") : Environment.ProcessorCount,
                BatchSize = AtLeastOne(parsed.GetValue(batch), "--batch-size"),
                SolverTimeLimit = parsed.GetValue(solverLimit) is > 0 and var seconds ? TimeSpan.FromSeconds(seconds)
                    : throw new UserInputException("--solver-seconds must be positive"),
                Name = parsed.GetValue(name),
                Namespace = parsed.GetValue(ns),
            };
            return Run(settings, parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error);
        });
        return command;
    }

    private static int Run(AllocationSettings settings, TextWriter log, TextWriter error)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancellation.Cancel();
        });
        try
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(log) });
            new AllocationPipeline(settings, log, console).Run(cancellation.Token);
            log.WriteLine($"wrote {settings.OutputDirectory} ({AllocationOutput.JsonReportName}, {AllocationOutput.HtmlReportName})");
            return CliApp.Success;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            error.WriteLine($"interrupted: measurements so far are kept in {settings.ResolvedCachePath}; rerun the same command to resume. No other output was written.");
            return Interrupted;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static ImageNormalization Normalization(string mean, string std)
    {
        try
        {
            return new ImageNormalization(CommandFiles.FloatList(mean, "--mean"), CommandFiles.FloatList(std, "--std"));
        }
        catch (ArgumentException e)
        {
            throw new UserInputException($"--mean/--std: {e.Message}");
        }
    }

    private static int[] Widths(string text, string option)
    {
        var widths = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int bits) || bits is < 1 or > 8)
            {
                throw new UserInputException($"{option}: '{part}' is not a width in 1..8 (expected e.g. 2,4,8)");
            }

            widths.Add(bits);
        }

        return widths.ToArray();
    }

    private static IReadOnlyList<BudgetLimit> Budgets(double? bits, double? kilobytes, double? gigaBops, bool sweep)
    {
        if (bits is not null && kilobytes is not null)
        {
            throw new UserInputException("give one size budget: --budget-bits or --budget-kb, not both");
        }

        if (sweep && (bits is not null || kilobytes is not null))
        {
            throw new UserInputException("--sweep sets the size budget of every run; drop --budget-bits/--budget-kb");
        }

        var budgets = new List<BudgetLimit>();
        void Add(double? value, BudgetKind kind, string option)
        {
            if (value is double v)
            {
                budgets.Add(v > 0 && double.IsFinite(v) ? new BudgetLimit(kind, v) : throw new UserInputException($"{option} must be a positive number, got {v}"));
            }
        }

        Add(bits, BudgetKind.AverageWeightBits, "--budget-bits");
        Add(kilobytes, BudgetKind.WeightKilobytes, "--budget-kb");
        Add(gigaBops, BudgetKind.GigaBops, "--budget-bops");
        return budgets;
    }

    private static double[] Sweep(string text)
    {
        var values = new List<double>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0) || !double.IsFinite(v))
            {
                throw new UserInputException($"--sweep: '{part}' is not a positive number (expected e.g. 2.5,3,4)");
            }

            values.Add(v);
        }

        return values.Distinct().Order().ToArray();
    }

    private static T Choice<T>(string text, string option, params (string Name, T Value)[] choices)
    {
        foreach (var (choiceName, value) in choices)
        {
            if (string.Equals(choiceName, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new UserInputException($"{option}: '{text}' is not one of {string.Join(", ", choices.Select(c => c.Name))}");
    }

    private static int AtLeastOne(int value, string option) =>
        value >= 1 ? value : throw new UserInputException($"{option} must be at least 1, got {value}");
}
