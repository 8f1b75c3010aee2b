namespace Specialized.Allocator.Manifest;

/// <summary>The graph or the choices cannot become a manifest; the message names the node (or tensor) at fault.</summary>
public sealed class ManifestBuildException(string message, Exception? inner = null) : Exception(message, inner);
