using System.Security.Cryptography;
using System.Text;
using Specialized.Allocator.Calibration;
using Specialized.Allocator.Sensitivity.Measurement;

namespace Specialized.Allocator.Tests.Measurement;

public sealed class ResumableCacheTests : IDisposable
{
    // 1 float + 4·3 singles + 6·9 pairs.
    private const int Total = 67;

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string CachePath => temp.File("sensitivity.cache");

    private MeasurementOptions Options(bool cached = true) =>
        new([new(2), new(3), new(8)], "tiny", LossKind.CrossEntropy, ClippingMethod.Mse, BatchSize: 4, CachePath: cached ? CachePath : null);

    private SensitivityMeasurement Measure(RecordingObserver observer, CancellationToken cancellation = default, MeasurementOptions? options = null) =>
        SensitivityMeasurer.Measure(TinyModel.Build(), TinyModel.Data(), options ?? Options(), observer, cancellation);

    private static void AssertSameTable(SensitivityTable expected, SensitivityTable actual)
    {
        Assert.Equal(expected.FloatLoss, actual.FloatLoss);
        for (int l = 0; l < expected.Layers.Count; l++)
        {
            for (int s = 0; s < expected.Options.Count; s++)
            {
                Assert.Equal(expected.Single(l, s), actual.Single(l, s));
                for (int m = l + 1; m < expected.Layers.Count; m++)
                {
                    for (int t = 0; t < expected.Options.Count; t++)
                    {
                        Assert.Equal(expected.Pair(l, s, m, t), actual.Pair(l, s, m, t));
                    }
                }
            }
        }
    }

    private SensitivityTable Uncached() => Measure(new RecordingObserver(), options: Options(cached: false)).Table;

    [Fact]
    public void Cancelled_run_resumes_computing_only_the_missing_records()
    {
        const int k = 20;
        using var cancel = new CancellationTokenSource();
        var first = new RecordingObserver(cancel, k);

        Assert.ThrowsAny<OperationCanceledException>(() => Measure(first, cancel.Token));
        Assert.Equal(k, first.Measured.Count);
        Assert.Equal(1 + k, File.ReadAllLines(CachePath).Length); // header + one line per finished record

        var second = new RecordingObserver();
        var resumed = Measure(second);

        Assert.Equal((Total, k), (second.Total, second.Cached));
        Assert.Equal(Total - k, second.Measured.Count);
        Assert.Empty(second.Measured.Intersect(first.Measured));
        Assert.Equal((Total - k, k), (resumed.RecordsComputed, resumed.RecordsLoaded));
        Assert.Empty(second.Warnings);
        AssertSameTable(Uncached(), resumed.Table);

        var third = new RecordingObserver();
        var again = Measure(third);
        Assert.Equal((0, Total, 0L), (again.RecordsComputed, again.RecordsLoaded, again.FullPasses));
        AssertSameTable(resumed.Table, again.Table);
    }

    public static TheoryData<string, string, int> Damage => new()
    {
        // scenario, warning text, records recomputed
        { "truncated-last-line", "incomplete", 1 },
        { "flipped-digit", "checksum", Total - 28 },
        { "wrong-key", "another model", Total },
        { "garbage", "not a sensitivity cache", Total },
        { "out-of-range-record", "outside this measurement", 0 },
        { "no-checksum", "no checksum", Total - 10 },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void Damaged_cache_is_reported_and_recomputed_never_a_crash(string scenario, string warning, int recomputed)
    {
        var clean = Measure(new RecordingObserver());
        Assert.Equal(Total, clean.RecordsComputed);
        var lines = File.ReadAllLines(CachePath);
        switch (scenario)
        {
            case "truncated-last-line":
                var bytes = File.ReadAllBytes(CachePath);
                File.WriteAllBytes(CachePath, bytes[..^7]);
                break;
            case "flipped-digit":
                // Line 30 is the 29th record: change one digit of its value; 28 records stay valid before it.
                int star = lines[29].LastIndexOf(" *", StringComparison.Ordinal);
                int digit = lines[29].LastIndexOfAny("0123456789".ToCharArray(), star - 1);
                char[] chars = lines[29].ToCharArray();
                chars[digit] = chars[digit] == '5' ? '6' : '5';
                lines[29] = new string(chars);
                File.WriteAllLines(CachePath, lines);
                break;
            case "wrong-key":
                lines[0] = lines[0][..^8] + "00000000";
                File.WriteAllLines(CachePath, lines);
                break;
            case "garbage":
                var random = new Random(5);
                var noise = new byte[3000];
                random.NextBytes(noise);
                File.WriteAllBytes(CachePath, noise);
                break;
            case "out-of-range-record":
                string body = "S 99 0 0 10 1.5";
                string check = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)).AsSpan(0, 4));
                File.AppendAllText(CachePath, $"{body} *{check}\n");
                break;
            case "no-checksum":
                lines[11] = lines[11][..lines[11].LastIndexOf(" *", StringComparison.Ordinal)];
                File.WriteAllLines(CachePath, lines);
                break;
        }

        var observer = new RecordingObserver();
        var result = Measure(observer);

        Assert.Contains(observer.Warnings, w => w.Contains(warning) && w.Contains(CachePath));
        Assert.Equal(recomputed, result.RecordsComputed);
        AssertSameTable(clean.Table, result.Table);

        // The repaired file is whole again: a further run loads everything, silently.
        var after = new RecordingObserver();
        Assert.Equal(0, Measure(after).RecordsComputed);
        Assert.Empty(after.Warnings);
    }

    [Fact]
    public void Changing_a_setting_changes_the_key()
    {
        Measure(new RecordingObserver());
        var observer = new RecordingObserver();

        var result = Measure(observer, options: Options() with { WeightClipping = ClippingMethod.MinMax });

        Assert.Equal(Total, result.RecordsComputed);
        Assert.Contains(observer.Warnings, w => w.Contains("another model"));
    }

    [Fact]
    public void Singles_only_and_pair_runs_share_one_cache()
    {
        var withPairs = Measure(new RecordingObserver());

        var singles = Measure(new RecordingObserver(), options: Options() with { IncludePairs = false });
        var again = Measure(new RecordingObserver());

        Assert.Equal(0, singles.RecordsComputed);
        Assert.Equal(0, again.RecordsComputed);
        Assert.Equal(withPairs.Table.Single(2, 1), singles.Table.Single(2, 1));
        AssertSameTable(withPairs.Table, again.Table);
    }

    [Fact]
    public void Other_activation_ranges_change_the_key()
    {
        var layers = QuantizableLayer.FindAll(TinyModel.Build());
        var data = TinyModel.Data();
        ActivationRangesByWidth Ranges(float max) => new(ClippingMethod.MinMax, new Dictionary<int, IReadOnlyDictionary<string, ActivationRange>>
        {
            [4] = new Dictionary<string, ActivationRange> { ["a"] = new(0, max) },
        });
        var options = Options() with { Options = [new(2, 4), new(8, 4)] };

        string key = SensitivityMeasurer.CacheKey(layers, data, options with { ActivationRanges = Ranges(1f) });

        Assert.Equal(key, SensitivityMeasurer.CacheKey(layers, data, options with { ActivationRanges = Ranges(1f) }));
        Assert.NotEqual(key, SensitivityMeasurer.CacheKey(layers, data, options with { ActivationRanges = Ranges(MathF.BitIncrement(1f)) }));
        Assert.NotEqual(key, SensitivityMeasurer.CacheKey(layers, data, Options()));
    }

    [Fact]
    public void Without_an_interactive_console_progress_is_plain_lines()
    {
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Interactive = Spectre.Console.InteractionSupport.No,
            Out = new Spectre.Console.AnsiConsoleOutput(new StringWriter()),
        });
        var lines = new StringWriter();

        var result = ConsoleProgress.Run(console, lines, observer => SensitivityMeasurer.Measure(TinyModel.Build(), TinyModel.Data(), Options(cached: false), observer));

        Assert.Equal(Total, result.RecordsComputed);
        Assert.Contains($"{Total} measurements, 0 from cache", lines.ToString());
        Assert.Contains($"{Total}/{Total} (100%)", lines.ToString());
    }

    [Fact]
    public void Plain_progress_prints_counts_and_a_time_estimate()
    {
        var output = new StringWriter();
        var progress = new PlainProgress(output) { Interval = TimeSpan.Zero };

        progress.Started(10, 2);
        for (int i = 0; i < 4; i++)
        {
            ((IMeasurementObserver)progress).Measured(MeasurementKey.Float(0, 1));
        }

        // 4 of 8 computed in 8 s → 4 left at 2 s each.
        Assert.Equal(TimeSpan.FromSeconds(8), progress.Remaining(TimeSpan.FromSeconds(8)));
        string text = output.ToString();
        Assert.Contains("10 measurements, 2 from cache, 8 to run", text);
        Assert.Contains("6/10 (60%)", text);
    }
}
