using Specialized.Manifest;
using Specialized.Runtime.Tests.TestSupport;

namespace Specialized.Runtime.Tests.Manifest;

/// <summary>docs/manifest.md and docs/manifest.schema.json agree with the parser.</summary>
public class ManifestDocumentationTests
{
    private static string Doc => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "manifest.md"));

    [Fact]
    public void DocExample_ParsesWithoutErrors_AndIsInTheWritersCanonicalForm()
    {
        string doc = Doc;
        int start = doc.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        int end = doc.IndexOf("```", start, StringComparison.Ordinal);
        string example = doc[start..end];
        var result = ManifestParser.Parse(example);
        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.Equal(example, ManifestWriter.Write(result.Spec!));
        Assert.Contains(result.Spec!.Layers, l => l.Weights is { ExplicitChannelGroups: true });
    }

    [Fact]
    public void DocErrorTable_ListsEveryCodeWithItsId()
    {
        string doc = Doc;
        foreach (var code in Enum.GetValues<ManifestErrorCode>())
        {
            Assert.Contains($"| SP{(int)code:D4} | {code} |", doc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Schema_IsJson_AndNamesTheSameOpsAndTopLevelFields()
    {
        string text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "manifest.schema.json"));
        var errors = new List<ManifestError>();
        var schema = Assert.IsType<JsonObject>(JsonReader.Parse(text, errors));
        Assert.Empty(errors);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", ((JsonString)schema.Get("$schema")!).Value);

        var required = ((JsonArray)schema.Get("required")!).Items.Cast<JsonString>().Select(s => s.Value).ToArray();
        Assert.Equal(["formatVersion", "name", "input", "tensors", "layers", "outputs", "weights"], required);

        var layer = (JsonObject)((JsonObject)schema.Get("$defs")!).Get("layer")!;
        var op = (JsonObject)((JsonObject)layer.Get("properties")!).Get("op")!;
        var ops = ((JsonArray)op.Get("enum")!).Items.Cast<JsonString>().Select(s => s.Value).ToArray();
        Assert.Equal(Enum.GetValues<LayerOp>().Select(LayerOps.Name).ToArray(), ops);
    }
}
