namespace Specialized.Generators;

/// <summary>Names of the pipeline steps (<c>WithTrackingName</c>), which the caching tests look up.</summary>
public static class TrackingNames
{
    /// <summary>Manifest path + text + the blob facts MSBuild attached to it.</summary>
    public const string ManifestInput = nameof(ManifestInput);

    /// <summary>Text → <see cref="Model.ParsedManifest"/> (spec, names, parse and blob diagnostics). Unchanged by whitespace-only edits.</summary>
    public const string Parse = nameof(Parse);

    /// <summary>Spec → <see cref="Model.ModelPlan"/> (kernel family per layer, arena offsets).</summary>
    public const string Plan = nameof(Plan);

    /// <summary>The plan split into one <see cref="Model.LayerPlan"/> per layer, each emitted to its own file.</summary>
    public const string Layers = nameof(Layers);
}
