using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx.Proto;

namespace Specialized.Runtime.Onnx.Translation;

/// <summary>
/// Turns a parsed ONNX graph into a <see cref="ModelGraph"/>: one pass over the nodes in file order, folding
/// constants (initializers, Constant nodes) into the ops that use them, resolving Identity/Dropout as aliases,
/// folding BatchNormalization and constant Adds into the preceding Conv/Gemm, and fusing a Relu/Clip into the
/// Conv/Gemm/Add whose output it is the only reader of. One partial file per op family.
/// </summary>
internal sealed partial class GraphTranslator
{
    /// <summary>The ops <see cref="TranslateNode"/> accepts, listed in the unsupported-op error.</summary>
    public static readonly IReadOnlyList<string> SupportedOps =
    [
        "Add", "AveragePool", "BatchNormalization", "Cast", "Clip", "Concat", "Constant", "Conv", "Dropout", "Flatten",
        "Gemm", "GlobalAveragePool", "Identity", "MatMul", "MaxPool", "Relu", "Reshape",
    ];

    private readonly string source;
    private readonly Dictionary<string, TensorProto> constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> producers = new(StringComparer.Ordinal);
    private readonly List<Node> nodes = [];
    private readonly string inputName;

    private GraphTranslator(string source, GraphProto graph)
    {
        this.source = source;
        foreach (var initializer in graph.Initializers)
        {
            constants[initializer.Name] = initializer;
        }

        // Old exporters list initializers among the graph inputs too; those are not real inputs.
        var realInputs = graph.Inputs.Where(input => !constants.ContainsKey(input.Name)).ToList();
        if (realInputs.Count != 1)
        {
            throw Fail($"the graph must have exactly one non-initializer input, found {realInputs.Count}: [{string.Join(", ", realInputs.Select(i => i.Name))}]");
        }

        inputName = realInputs[0].Name;
        InputShape = ReadInputShape(realInputs[0]);
        CountConsumers(graph);
    }

    private int[] InputShape { get; }

    /// <summary>Translates the graph of <paramref name="model"/>; every problem is an <see cref="OnnxImportException"/>.</summary>
    public static ModelGraph Translate(ModelProto model, string source, OnnxModelInfo info)
    {
        var graph = model.Graph ?? throw new OnnxImportException(source, null, null, "the model has no graph");
        var translator = new GraphTranslator(source, graph);
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            var view = new OnnxNodeView(graph.Nodes[i], i, source);
            try
            {
                translator.TranslateNode(view, info.Opset);
            }
            catch (GraphException e)
            {
                throw view.Fail(e.Problem);
            }
        }

        return translator.Finish(graph, Path.GetFileNameWithoutExtension(source));
    }

    private void TranslateNode(OnnxNodeView view, long opset)
    {
        if (view.Domain is not ("" or "ai.onnx"))
        {
            throw view.Fail($"op domain '{view.Domain}' is not supported; supported ops (default domain): {string.Join(", ", SupportedOps)}");
        }

        switch (view.OpType)
        {
            case "Constant": TranslateConstant(view); break;
            case "Cast": TranslateCast(view); break;
            case "Identity" or "Dropout": TranslateAlias(view); break;
            case "Conv": TranslateConv(view); break;
            case "Gemm": TranslateGemm(view); break;
            case "MatMul": TranslateMatMul(view); break;
            case "Relu": TranslateActivation(view, FusedActivation.Relu); break;
            case "Clip": TranslateActivation(view, ClipRange(view, opset)); break;
            case "Add": TranslateAdd(view); break;
            case "BatchNormalization": TranslateBatchNormalization(view); break;
            case "MaxPool": TranslateMaxPool(view); break;
            case "AveragePool": TranslateAveragePool(view); break;
            case "GlobalAveragePool": Emit(view, new GlobalAveragePoolNode(view.Name, Dynamic(view, 0, "X"), view.RequiredOutput())); break;
            case "Flatten": TranslateFlatten(view); break;
            case "Reshape": TranslateReshape(view); break;
            case "Concat": TranslateConcat(view); break;
            default:
                throw view.Fail($"op '{view.OpType}' is not supported; supported ops: {string.Join(", ", SupportedOps)}");
        }
    }

    private ModelGraph Finish(GraphProto graph, string fileStem)
    {
        if (graph.Outputs.Count == 0)
        {
            throw Fail("the graph declares no outputs");
        }

        var outputs = new List<string>();
        foreach (var output in graph.Outputs)
        {
            string resolved = Resolve(output.Name);
            if (constants.ContainsKey(resolved))
            {
                throw Fail($"graph output '{output.Name}' is a constant; constant outputs are not supported");
            }

            outputs.Add(resolved);
        }

        // The file name is what the user chose; PyTorch names every exported graph "torch_jit" (or "main_graph").
        string name = fileStem.Length > 0 ? fileStem : graph.Name;
        try
        {
            var model = new ModelGraph(name, inputName, InputShape, nodes, outputs);
            CheckShapes(model);
            return model;
        }
        catch (GraphException e)
        {
            throw new OnnxImportException(source, e.NodeName, e.OpType, e.Problem, e);
        }
    }

    /// <summary>
    /// Runs shape inference for a batch of one when every non-batch dimension is fixed, so that weights that do
    /// not fit their input are reported at import rather than at the first run.
    /// </summary>
    private void CheckShapes(ModelGraph model)
    {
        if (InputShape.Skip(1).Any(dim => dim <= 0))
        {
            return;
        }

        try
        {
            model.InferShapes(model.InputShapeForBatch(1));
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            throw Fail($"shape inference for a batch of 1 failed: {e.Message}");
        }
    }

    private int[] ReadInputShape(ValueInfoProto input)
    {
        if (!input.IsTensor || input.ElementType != TensorProto.Float)
        {
            string type = input.IsTensor ? TensorDecoder.DataTypeName(input.ElementType) : "not a tensor";
            throw Fail($"graph input '{input.Name}' must be a float32 tensor, but is {type}");
        }

        if (input.Shape is null)
        {
            throw Fail($"graph input '{input.Name}' has no shape; export with a fixed shape (a dynamic batch dimension is fine)");
        }

        var shape = new int[input.Shape.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            long? value = input.Shape[i].Value;
            if (value is null)
            {
                shape[i] = -1;
            }
            else if (value <= 0 || value > int.MaxValue)
            {
                throw Fail($"graph input '{input.Name}' has invalid dimension {value} at index {i}");
            }
            else
            {
                shape[i] = (int)value;
            }
        }

        return shape;
    }

    /// <summary>
    /// Counts, for every tensor (after alias resolution), how many node inputs and graph outputs read it: a
    /// Conv/Gemm/Add output read by exactly one Relu can absorb it, and one read by exactly one BatchNormalization
    /// or constant Add can absorb its parameters.
    /// </summary>
    private void CountConsumers(GraphProto graph)
    {
        foreach (var node in graph.Nodes)
        {
            if (IsAlias(node) && node.Inputs.Count > 0 && node.Outputs.Count > 0 && node.Outputs[0].Length > 0)
            {
                aliases[node.Outputs[0]] = node.Inputs[0];
            }
        }

        foreach (var node in graph.Nodes)
        {
            if (!IsAlias(node))
            {
                foreach (var input in node.Inputs.Where(input => input.Length > 0))
                {
                    string resolved = Resolve(input);
                    consumers[resolved] = consumers.GetValueOrDefault(resolved) + 1;
                }
            }
        }

        foreach (var output in graph.Outputs)
        {
            string resolved = Resolve(output.Name);
            consumers[resolved] = consumers.GetValueOrDefault(resolved) + 1;
        }
    }

    private static bool IsAlias(NodeProto node) => node.OpType is ("Identity" or "Dropout") && node.Domain is ("" or "ai.onnx");

    /// <summary>Follows Identity/Dropout aliases to the tensor that actually holds the data.</summary>
    private string Resolve(string name)
    {
        for (int steps = 0; steps <= aliases.Count; steps++)
        {
            if (!aliases.TryGetValue(name, out var target))
            {
                return name;
            }

            name = target;
        }

        throw Fail($"Identity/Dropout nodes form a cycle through tensor '{name}'");
    }

    private int Consumers(string resolvedName) => consumers.GetValueOrDefault(resolvedName);

    /// <summary>The computed tensor (graph input or earlier node output) read by input <paramref name="index"/>.</summary>
    private string Dynamic(OnnxNodeView view, int index, string role)
    {
        string name = view.RequiredInput(index, role);
        string resolved = Resolve(name);
        if (resolved == inputName || producers.ContainsKey(resolved))
        {
            return resolved;
        }

        if (constants.ContainsKey(resolved))
        {
            throw view.Fail($"input {index} ({role}) '{name}' is a constant; this op needs a computed tensor there");
        }

        throw view.Fail($"input {index} ({role}) '{name}' is not produced by any earlier node (unknown name, or nodes not in topological order)");
    }

    /// <summary>The initializer or Constant read by input <paramref name="index"/>, or null when the input is omitted.</summary>
    private TensorProto? OptionalConstant(OnnxNodeView view, int index, string role)
    {
        string name = view.Input(index);
        if (name.Length == 0)
        {
            return null;
        }

        if (constants.TryGetValue(Resolve(name), out var tensor))
        {
            return tensor;
        }

        throw view.Fail($"input {index} ({role}) '{name}' must be an initializer or a Constant, but none has that name");
    }

    private TensorProto Constant(OnnxNodeView view, int index, string role) =>
        OptionalConstant(view, index, role) ?? throw view.Fail($"input {index} ({role}) is missing");

    private bool IsConstant(string name) => constants.ContainsKey(Resolve(name));

    private void Emit(OnnxNodeView view, Node node)
    {
        if (producers.ContainsKey(node.Output) || constants.ContainsKey(node.Output) || node.Output == inputName)
        {
            throw view.Fail($"writes tensor '{node.Output}', which already exists");
        }

        producers[node.Output] = nodes.Count;
        nodes.Add(node);
    }

    /// <summary>
    /// The index of the node producing <paramref name="tensor"/> when this node is its only reader (so the
    /// producer may absorb this node), else -1.
    /// </summary>
    private int SoleProducer(string tensor) =>
        producers.TryGetValue(tensor, out int index) && Consumers(tensor) == 1 ? index : -1;

    /// <summary>Replaces node <paramref name="index"/> with <paramref name="replacement"/>, which writes another tensor.</summary>
    private void Replace(OnnxNodeView view, int index, Node replacement)
    {
        if (producers.ContainsKey(replacement.Output) || constants.ContainsKey(replacement.Output))
        {
            throw view.Fail($"writes tensor '{replacement.Output}', which already exists");
        }

        producers.Remove(nodes[index].Output);
        producers[replacement.Output] = index;
        nodes[index] = replacement;
    }

    private float[] Floats(OnnxNodeView view, TensorProto tensor) => TensorDecoder.ToFloats(tensor, view.Fail);

    private int[] ShapeOf(OnnxNodeView view, TensorProto tensor) => TensorDecoder.Shape(tensor, view.Fail);

    private OnnxImportException Fail(string problem) => new(source, null, null, problem);
}
