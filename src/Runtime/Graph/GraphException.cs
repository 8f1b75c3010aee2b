namespace Specialized.Runtime.Graph;

/// <summary>
/// A graph that cannot be executed as given: a shape that does not fit the op, an unknown tensor name.
/// The message always names the node and its op so the user can find it in a model viewer.
/// </summary>
public class GraphException : Exception
{
    public GraphException(string nodeName, string opType, string problem)
        : base($"node '{nodeName}' ({opType}): {problem}")
    {
        NodeName = nodeName;
        OpType = opType;
        Problem = problem;
    }

    public string NodeName { get; }

    public string OpType { get; }

    public string Problem { get; }
}
