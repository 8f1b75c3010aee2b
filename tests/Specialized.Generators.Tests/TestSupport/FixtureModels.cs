using System.Runtime.CompilerServices;
using Specialized.Manifest;
using Specialized.Testing;

namespace Specialized.Generators.Tests.TestSupport;

/// <summary>The small models committed under Models/ (manifest + weights) for snapshot and consumer tests.</summary>
internal static class FixtureModels
{
    public static IReadOnlyList<string> Names { get; } = ["tiny", "residual-net"];

    /// <summary>The committed tiny manifest's text (\n line endings), the base of the diagnostic and caching edits.</summary>
    public static string TinyText { get; } = File.ReadAllText(Path.Combine(Folder(), "tiny.manifest.json")).Replace("\r\n", "\n");

    /// <summary>The committed tiny weights file.</summary>
    public static byte[] TinyBlob { get; } = File.ReadAllBytes(Path.Combine(Folder(), "tiny.weights.bin"));

    /// <summary>tests/Specialized.Generators.Tests/Models in the source tree.</summary>
    public static string Folder() => Path.Combine(Specialized.Testing.GeneratorSnapshots.SourceFolder(ThisFile()), "..", "Models");

    private static string ThisFile([CallerFilePath] string file = "") => file;

    public static (ManifestSpec Spec, byte[] Blob) Create(string name) => name switch
    {
        "tiny" => Tiny(),
        "residual-net" => Residual(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown fixture model"),
    };

    /// <summary>conv 3×3 (w4a8, pad 1) → global average pool → flatten → gemm (w8a4) with accumulator output.</summary>
    private static (ManifestSpec, byte[]) Tiny()
    {
        var b = new TestModelBuilder(7, "tiny");
        string x = b.Input(3, 6, 6, 8);
        string c = b.Conv(x, 6, 3, 1, [1, 1, 1, 1], 1, 1, [4], 4, relu: true);
        string f = b.Unary(b.Unary(c, LayerOp.GlobalAvgPool), LayerOp.Flatten);
        string y = b.Gemm(f, 5, 8, 8, relu: false);
        b.Output(y, OutputSource.Accumulators);
        return b.Build(ns: null);
    }

    /// <summary>Stride-2 conv, depthwise conv, 1×1 conv with two channel groups (w2, w6), residual add, max pool, gemm.</summary>
    private static (ManifestSpec, byte[]) Residual()
    {
        var b = new TestModelBuilder(11, "residual-net");
        string x = b.Input(2, 9, 9, 8);
        string c0 = b.Conv(x, 4, 3, 2, [1, 1, 1, 1], 1, 1, [8], 6, relu: true);
        string d = b.Conv(c0, 4, 3, 1, [1, 1, 1, 1], 1, 4, [3], 5, relu: true);
        string p = b.Conv(d, 4, 1, 1, [0, 0, 0, 0], 1, 1, [2, 6], 7, relu: false);
        string s = b.Add(c0, p, 6, relu: true);
        string m = b.Pool(s, max: true, 2, 2, [0, 0, 0, 0], ceil: true, false);
        string f = b.Unary(b.Unary(m, LayerOp.GlobalAvgPool), LayerOp.Flatten);
        string y = b.Gemm(f, 3, 5, 8, relu: false);
        b.Output(y, OutputSource.Codes);
        return b.Build(ns: "Specialized.Samples");
    }
}
