using Specialized.Allocator.Datasets;
using Specialized.Runtime.Data;

namespace Specialized.Allocator.Tests.Datasets;

public sealed class DatasetLoaderTests : IDisposable
{
    private const int N = 5, H = 4, W = 3;
    private static readonly int[] ModelInput = [-1, 1, H, W];
    private static readonly ImageNormalization Norm = new([0.5f], [0.25f]);

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>Pixel value of sample n at (y, x): distinct per position, spans 0..255.</summary>
    private static byte Pixel(int n, int y, int x) => (byte)((n * 53 + y * 17 + x * 7) % 256);

    private static byte[] Images(int count = N) =>
        Enumerable.Range(0, count).SelectMany(n => Enumerable.Range(0, H * W).Select(p => Pixel(n, p / W, p % W))).ToArray();

    private static readonly byte[] Labels = [3, 0, 9, 1, 4];

    private static DatasetOptions Options(int? limit = null, int? classes = 10, int[]? input = null) => new(input ?? ModelInput, Norm, limit, classes);

    /// <summary>The oracle: (x / 255 − 0.5) / 0.25, written out.</summary>
    private static void AssertNormalizedPixels(LabeledSamples samples, int count)
    {
        Assert.Equal([count, 1, H, W], samples.Inputs.Shape);
        for (int n = 0; n < count; n++)
        {
            for (int p = 0; p < H * W; p++)
            {
                float expected = (Pixel(n, p / W, p % W) / 255f - 0.5f) / 0.25f;
                Assert.Equal(expected, samples.Inputs.Data[n * H * W + p], 5);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_pair_is_normalized_and_labeled(bool gzip)
    {
        string images = temp.File(gzip ? "img.idx.gz" : "img.idx"), labels = temp.File(gzip ? "lab.idx.gz" : "lab.idx");
        DataFiles.WriteIdx(images, [N, H, W], Images(), gzip);
        DataFiles.WriteIdx(labels, [N], Labels, gzip);

        var samples = DatasetLoader.Load($"{images}:{labels}", Options());

        AssertNormalizedPixels(samples, N);
        Assert.Equal(Labels.Select(b => (int)b), samples.Labels!);
    }

    [Fact]
    public void Limit_keeps_the_first_samples()
    {
        string images = temp.File("img.idx"), labels = temp.File("lab.idx");
        DataFiles.WriteIdx(images, [N, H, W], Images());
        DataFiles.WriteIdx(labels, [N], Labels);

        var samples = DatasetLoader.Load($"{images}:{labels}", Options(limit: 2));

        AssertNormalizedPixels(samples, 2);
        Assert.Equal([3, 0], samples.Labels!);
    }

    [Fact]
    public void Npy_float_samples_are_taken_as_normalized_with_uint8_labels()
    {
        float[] x = Enumerable.Range(0, N * H * W).Select(i => i * 0.25f - 3f).ToArray();
        DataFiles.WriteNpy(temp.File("x.npy"), [N, 1, H, W], floats: x);
        DataFiles.WriteNpy(temp.File("y.npy"), [N], bytes: Labels);

        var samples = DatasetLoader.Load($"{temp.File("x.npy")}:{temp.File("y.npy")}", Options(limit: 4));

        Assert.Equal(x.Take(4 * H * W), samples.Inputs.Data);
        Assert.Equal([3, 0, 9, 1], samples.Labels!);
    }

    [Fact]
    public void Npy_uint8_samples_are_normalized_and_float_labels_must_be_whole()
    {
        DataFiles.WriteNpy(temp.File("x.npy"), [N, 1, H, W], bytes: Images());
        DataFiles.WriteNpy(temp.File("y.npy"), [N], floats: Labels.Select(b => (float)b).ToArray());

        var samples = DatasetLoader.Load($"{temp.File("x.npy")}:{temp.File("y.npy")}", Options());

        AssertNormalizedPixels(samples, N);
        Assert.Equal(Labels.Select(b => (int)b), samples.Labels!);
    }

    [Fact]
    public void Npy_alone_has_no_labels()
    {
        DataFiles.WriteNpy(temp.File("x.npy"), [N, 1, H, W], bytes: Images());

        var samples = DatasetLoader.Load(temp.File("x.npy"), Options());

        AssertNormalizedPixels(samples, N);
        Assert.Null(samples.Labels);
    }

    [Fact]
    public void Png_folder_follows_labels_csv_order()
    {
        byte[] all = Images();
        // Files named so that alphabetical order differs from the CSV order.
        string[] names = ["z0.png", "a1.png", "m2.png", "b3.png", "k4.png"];
        for (int n = 0; n < N; n++)
        {
            DataFiles.WriteGrayPng(temp.File(names[n]), W, H, all.AsSpan(n * H * W, H * W).ToArray());
        }

        File.WriteAllLines(temp.File("labels.csv"), ["file,label", .. names.Select((name, n) => $"{name},{Labels[n]}"), ""]);

        var samples = DatasetLoader.Load(temp.Path, Options());

        AssertNormalizedPixels(samples, N);
        Assert.Equal(Labels.Select(b => (int)b), samples.Labels!);
    }

    [Fact]
    public void Identity_changes_with_any_value_and_not_otherwise()
    {
        DataFiles.WriteNpy(temp.File("x.npy"), [N, 1, H, W], bytes: Images());
        var a = DatasetLoader.Load(temp.File("x.npy"), Options());
        var b = DatasetLoader.Load(temp.File("x.npy"), Options());
        var fewer = DatasetLoader.Load(temp.File("x.npy"), Options(limit: 4));

        Assert.Equal(a.Identity, b.Identity);
        Assert.NotEqual(a.Identity, fewer.Identity);
    }

    public static TheoryData<string, string> Errors => new()
    {
        { "missing-file", "file not found" },
        { "no-such-thing", "no such file or folder" },
        { "label-count", "4 labels for 5 samples" },
        { "sample-shape", "the model expects" },
        { "fractional-label", "whole numbers" },
        { "label-range", "outside the model's classes" },
        { "rank", "N×C×H×W" },
        { "idx-count", "labels for" },
        { "no-csv", "labels.csv" },
        { "bad-csv", "expected 'file,label'" },
        { "csv-missing-image", "image file not found" },
        { "csv-escape", "relative to the folder" },
        { "limit", "at least 1" },
        { "idx-alone", "need ':LABELS.idx'" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Bad_input_is_a_typed_error_naming_the_problem(string scenario, string expected)
    {
        string x = temp.File("x.npy"), y = temp.File("y.npy");
        DataFiles.WriteNpy(x, [N, 1, H, W], bytes: Images());
        var options = Options();
        string argument = scenario switch
        {
            "missing-file" => $"{x}:{temp.File("absent.npy")}",
            "no-such-thing" => temp.File("absent"),
            "label-count" => Write(() => DataFiles.WriteNpy(y, [4], bytes: Labels[..4]), $"{x}:{y}"),
            "sample-shape" => Return(options = Options(input: [-1, 1, H + 1, W]), x),
            "fractional-label" => Write(() => DataFiles.WriteNpy(y, [N], floats: [1f, 2.5f, 0f, 0f, 0f]), $"{x}:{y}"),
            "label-range" => Return(options = Options(classes: 5), Write(() => DataFiles.WriteNpy(y, [N], bytes: Labels), $"{x}:{y}")),
            "rank" => Write(() => DataFiles.WriteNpy(x, [N, H, W], bytes: Images()), x),
            "idx-count" => Write(() => { DataFiles.WriteIdx(temp.File("i.idx"), [N, H, W], Images()); DataFiles.WriteIdx(temp.File("l.idx"), [3], Labels[..3]); }, $"{temp.File("i.idx")}:{temp.File("l.idx")}"),
            "no-csv" => Folder("pngs", _ => { }),
            "bad-csv" => Folder("pngs", f => File.WriteAllText(Path.Combine(f, "labels.csv"), "a.png;3\n")),
            "csv-missing-image" => Folder("pngs", f => File.WriteAllText(Path.Combine(f, "labels.csv"), "a.png,3\n")),
            "csv-escape" => Folder("pngs", f => File.WriteAllText(Path.Combine(f, "labels.csv"), "../x.png,3\n")),
            "limit" => Return(options = Options(limit: 0), x),
            "idx-alone" => Write(() => DataFiles.WriteIdx(temp.File("i.idx"), [N, H, W], Images()), temp.File("i.idx")),
            _ => throw new ArgumentException(scenario),
        };

        var error = Assert.ThrowsAny<DataFormatException>(() => DatasetLoader.Load(argument, options));

        Assert.Contains(expected, error.Message);
        Assert.NotNull(UserInputErrors.Describe(error)); // the CLI reports it in one line with exit code 2
    }

    private static string Write(Action write, string argument)
    {
        write();
        return argument;
    }

    private static string Return(DatasetOptions _, string argument) => argument;

    private string Folder(string name, Action<string> fill)
    {
        string folder = temp.File(name);
        Directory.CreateDirectory(folder);
        fill(folder);
        return folder;
    }
}
