using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Specialized.Testing;

/// <summary>An AdditionalFile held in memory (a manifest's path and text).</summary>
public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}
