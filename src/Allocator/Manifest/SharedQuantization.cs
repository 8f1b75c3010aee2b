using Specialized.Runtime.Graph;

namespace Specialized.Allocator.Manifest;

/// <summary>
/// Which tensors must share one quantization: ops that only move or compare codes (pools, flatten, clamp, concat)
/// do not requantize, so their inputs and output are joined into one set (union–find). Each set is quantized once,
/// over the union of its members' ranges, at the widest activation width chosen for any of its members.
/// </summary>
internal sealed class SharedQuantization
{
    private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);

    public static bool SharesQuantization(Node node) =>
        node is MaxPoolNode or AveragePoolNode or GlobalAveragePoolNode or FlattenNode or ReshapeNode or ClampNode or ConcatNode;

    public static SharedQuantization For(ModelGraph graph)
    {
        var sets = new SharedQuantization();
        foreach (var node in graph.Nodes.Where(SharesQuantization))
        {
            foreach (var input in node.Inputs)
            {
                sets.Union(node.Output, input);
            }
        }

        return sets;
    }

    /// <summary>The representative of <paramref name="tensor"/>'s set (itself when it shares with nothing).</summary>
    public string Root(string tensor)
    {
        while (_parent.TryGetValue(tensor, out var parent))
        {
            tensor = parent;
        }

        return tensor;
    }

    private void Union(string a, string b)
    {
        string ra = Root(a), rb = Root(b);
        if (ra != rb)
        {
            _parent[ra] = rb;
        }
    }
}
