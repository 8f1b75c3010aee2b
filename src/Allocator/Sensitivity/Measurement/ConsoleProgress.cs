using Spectre.Console;

namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>
/// Runs a measurement with a live Spectre.Console progress bar (count, percentage, elapsed, time left) when the
/// console is interactive, else with <see cref="PlainProgress"/> lines (CI has no TTY). Warnings raised while the
/// bar is live are printed when it closes, so they do not tear the display.
/// </summary>
public static class ConsoleProgress
{
    /// <summary>Calls <paramref name="work"/> with an observer suited to <paramref name="console"/>.</summary>
    public static T Run<T>(IAnsiConsole console, TextWriter plainOutput, Func<IMeasurementObserver, T> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        if (!console.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            return work(new PlainProgress(plainOutput));
        }

        var warnings = new List<string>();
        try
        {
            return console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context => work(new LiveObserver(context, warnings)));
        }
        finally
        {
            foreach (string warning in warnings)
            {
                console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
            }
        }
    }

    private sealed class LiveObserver(ProgressContext context, List<string> warnings) : IMeasurementObserver
    {
        private ProgressTask? _task;

        public void Started(int total, int cached)
        {
            _task = context.AddTask($"sensitivity ({cached} cached)", maxValue: Math.Max(1, total));
            _task.Increment(cached);
        }

        public void Measured(MeasurementKey key) => _task?.Increment(1);

        public void Warning(string message) => warnings.Add(message);
    }
}
