namespace Specialized.Runtime.Execution;

/// <summary>
/// The tensors alive just before node <see cref="NodeIndex"/> runs, for one input shape: the node's own inputs
/// and every other tensor a later node still reads (e.g. the skip branch of a residual block). That is exactly
/// what <see cref="FloatExecutor.RunFrom"/> needs to finish the pass from that node without recomputing the prefix.
/// Created by <see cref="FloatExecutor.CreateSnapshot"/> and filled by a <c>Run</c> that is given it; reusable.
/// </summary>
public sealed class ActivationSnapshot
{
    internal ActivationSnapshot(ExecutionPlan plan, int nodeIndex)
    {
        Plan = plan;
        NodeIndex = nodeIndex;
        TensorIds = plan.LiveTensors(nodeIndex);
        Offsets = new int[TensorIds.Length];
        long total = 0;
        for (int i = 0; i < TensorIds.Length; i++)
        {
            Offsets[i] = checked((int)total);
            total += plan.TensorLength(TensorIds[i]);
        }

        Data = new float[checked((int)total)];
    }

    /// <summary>The node the snapshot is taken before (index into <c>ModelGraph.Nodes</c>).</summary>
    public int NodeIndex { get; }

    /// <summary>The model input shape the snapshot belongs to.</summary>
    public IReadOnlyList<int> InputShape => Plan.InputShape;

    /// <summary>Names of the captured tensors.</summary>
    public IEnumerable<string> TensorNames => TensorIds.Select(id => Plan.Names[id]);

    internal ExecutionPlan Plan { get; }

    internal int[] TensorIds { get; }

    internal int[] Offsets { get; }

    internal float[] Data { get; }

    /// <summary>The captured values of tensor <paramref name="name"/> (C order), e.g. a Conv's input.</summary>
    public ReadOnlySpan<float> GetTensor(string name)
    {
        int i = IndexOf(name);
        return Data.AsSpan(Offsets[i], Plan.TensorLength(TensorIds[i]));
    }

    /// <summary>The shape of captured tensor <paramref name="name"/>.</summary>
    public int[] GetShape(string name) => (int[])Plan.Shapes[TensorIds[IndexOf(name)]].Clone();

    private int IndexOf(string name)
    {
        for (int i = 0; i < TensorIds.Length; i++)
        {
            if (Plan.Names[TensorIds[i]] == name)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"tensor '{name}' is not alive before node {NodeIndex}; captured: {string.Join(", ", TensorNames)}");
    }
}
