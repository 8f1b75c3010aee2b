using Specialized.Allocator.Calibration;
using Specialized.Allocator.Manifest;
using Specialized.Manifest;
using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Tests.Manifest;

/// <summary>Writer ↔ parser round trips and the value equality the generator's cache relies on.</summary>
public class ManifestWriterTests
{
    [Fact]
    public void ParseOfWrite_EqualsTheBuiltSpec_IncludingChannelGroupsAndNamespace()
    {
        var random = new Random(5);
        var graph = RandomGraphs.Residual(random);
        var ranges = RandomGraphs.Calibrate(graph, RandomGraphs.Images(random, graph, 2));
        var options = new ManifestBuildOptions
        {
            Ranges = ranges,
            Namespace = "My.Models",
            Layers = new Dictionary<string, LayerPrecision> { ["c2"] = new(4, 6, [new(0, 1, 2), new(1, 3, 5)]), ["fc"] = new(3, 8) },
        };
        var spec = ManifestBuilder.Build(graph, options).Spec;
        string text = ManifestWriter.Write(spec);
        var result = ManifestParser.Parse(text);

        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.Equal(spec, result.Spec);
        Assert.Equal(spec.GetHashCode(), result.Spec!.GetHashCode());
        Assert.Equal(text, ManifestWriter.Write(result.Spec));
    }

    [Fact]
    public void KernelFamily_RoundTrips_IsOptional_AndMustNotBeEmpty()
    {
        var spec = ManifestParser.Parse(TinyManifest.Text).Spec!;
        Assert.All(spec.Layers, l => Assert.Null(l.KernelFamily));
        var tuned = spec with { Layers = spec.Layers.Select(l => l with { KernelFamily = "Int8" }).ToEquatableArray() };
        string text = ManifestWriter.Write(tuned);
        Assert.Contains("\"kernelFamily\": \"Int8\"", text, StringComparison.Ordinal);
        var reread = ManifestParser.Parse(text);
        Assert.True(reread.Success, string.Join("\n", reread.Errors));
        Assert.Equal(tuned, reread.Spec);
        Assert.NotEqual(spec, reread.Spec);

        var empty = ManifestParser.Parse(text.Replace("\"kernelFamily\": \"Int8\"", "\"kernelFamily\": \"\"", StringComparison.Ordinal));
        Assert.Contains(empty.Errors, e => e.Code == ManifestErrorCode.InvalidValue && e.Message.Contains("kernelFamily", StringComparison.Ordinal));
    }

    [Fact]
    public void Floats_RoundTripExactly()
    {
        float[] awkward = [1e-7f, 0.1f, 1f / 3, 16777217f, float.Epsilon, 3.4028235e38f, 1.17549435e-38f];
        var spec = ManifestParser.Parse(TinyManifest.Text).Spec!;
        var input = spec.Input with { Mean = EquatableArray.Create(awkward), Std = EquatableArray.Create(awkward.Select(Math.Abs).ToArray()) };
        var tensor0 = spec.Tensors[0] with { Shape = EquatableArray.Create(awkward.Length, 4, 4) };
        // Only the text is checked here (the shapes no longer agree with the layer), so compare the float fields.
        var changed = spec with { Input = input, Tensors = EquatableArray.Create(tensor0, spec.Tensors[1], spec.Tensors[2]) };
        string text = ManifestWriter.Write(changed);
        Assert.Contains("1E-07", text, StringComparison.Ordinal);
        var errors = ManifestParser.Parse(text).Errors;
        Assert.DoesNotContain(errors, e => e.Code is ManifestErrorCode.InvalidValue or ManifestErrorCode.WrongType or ManifestErrorCode.InvalidJson);
        var reread = Specialized.Manifest.JsonReader.Parse(text, []) as JsonObject;
        var mean = ((JsonArray)((JsonObject)reread!.Get("input")!).Get("mean")!).Items.Cast<JsonNumber>().Select(n => float.Parse(n.Text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(awkward, mean);
    }

    [Fact]
    public void Reformatting_KeepsTheSpecEqual_AndAValueChangeDoesNot()
    {
        var original = ManifestParser.Parse(TinyManifest.Text).Spec!;
        string squeezed = string.Join("", TinyManifest.Text.Split('\n').Select(line => line.Trim()));
        var reformatted = ManifestParser.Parse(squeezed).Spec!;
        Assert.Equal(original, reformatted);
        Assert.Equal(original.GetHashCode(), reformatted.GetHashCode());

        var edited = ManifestParser.Parse(TinyManifest.Text.Replace("\"bias\": [3, -7]", "\"bias\": [3, -8]", StringComparison.Ordinal)).Spec!;
        Assert.NotEqual(original, edited);
    }

    [Fact]
    public void Write_IsDeterministicAndOrdered()
    {
        var spec = ManifestParser.Parse(TinyManifest.Text).Spec!;
        string text = ManifestWriter.Write(spec);
        Assert.Equal(text, ManifestWriter.Write(ManifestParser.Parse(text).Spec!));
        string[] keys = ["\"formatVersion\"", "\"name\"", "\"input\"", "\"tensors\"", "\"layers\"", "\"outputs\"", "\"weights\": {\n"];
        var positions = keys.Select(k => text.IndexOf(k, StringComparison.Ordinal)).ToArray();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.True(text.IndexOf("\"conv1\"", StringComparison.Ordinal) < text.IndexOf("\"pool1\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Builder_RejectsWhatTheFormatCannotHold_NamingTheNode()
    {
        var random = new Random(1);
        var conv = RandomGraphs.Conv(random, "c", "x", "t", 2, 2, 1, 1, 0, 1, FusedActivation.None);
        var ranges = new Dictionary<string, ActivationRange> { ["x"] = new(-1, 1), ["t"] = new(-1, 1), ["u"] = new(-1, 1) };

        var badReshape = new ModelGraph("g", "x", [-1, 2, 3, 3], [conv, new ReshapeNode("r", "t", "u", [0, 2, 9])], ["u"]);
        Assert.Contains("'r'", Assert.Throws<ManifestBuildException>(() => ManifestBuilder.Build(badReshape, new ManifestBuildOptions { Ranges = ranges })).Message, StringComparison.Ordinal);

        var heightConcat = new ModelGraph("g", "x", [-1, 2, 3, 3], [conv, new ConcatNode("cat", ["t", "x"], "u", 2)], ["u"]);
        Assert.Contains("'cat'", Assert.Throws<ManifestBuildException>(() => ManifestBuilder.Build(heightConcat, new ManifestBuildOptions { Ranges = ranges })).Message, StringComparison.Ordinal);

        var plain = new ModelGraph("g", "x", [-1, 2, 3, 3], [conv], ["t"]);
        var missing = new Dictionary<string, ActivationRange> { ["x"] = new(-1, 1) };
        Assert.Contains("'t'", Assert.Throws<ManifestBuildException>(() => ManifestBuilder.Build(plain, new ManifestBuildOptions { Ranges = missing })).Message, StringComparison.Ordinal);

        var badGroups = new ManifestBuildOptions { Ranges = ranges, Layers = new Dictionary<string, LayerPrecision> { ["c"] = new(8, 8, [new(0, 1, 4)]) } };
        Assert.Contains("'c'", Assert.Throws<ManifestBuildException>(() => ManifestBuilder.Build(plain, badGroups)).Message, StringComparison.Ordinal);

        var flattenToAdd = new ModelGraph("g", "x", [-1, 2, 3, 3], [new FlattenNode("f", "x", "u", 1), new AddNode("a", "u", "u", "t", FusedActivation.None)], ["t"]);
        Assert.Contains("'a'", Assert.Throws<ManifestBuildException>(() => ManifestBuilder.Build(flattenToAdd, new ManifestBuildOptions { Ranges = ranges })).Message, StringComparison.Ordinal);
    }
}
