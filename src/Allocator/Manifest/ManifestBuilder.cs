using System.Security.Cryptography;
using Specialized.Manifest;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Quantization;
using Specialized.Runtime.Reference;

namespace Specialized.Allocator.Manifest;

/// <summary>A built manifest and its weights blob (the spec's <c>weights.sha256</c> is the blob's hash).</summary>
public sealed record ManifestBuildResult(ManifestSpec Spec, byte[] Blob);

/// <summary>
/// Float graph + per-layer precision choices + activation ranges → <see cref="ManifestSpec"/> and packed weights.
/// Quantization follows docs/quantization.md (activations asymmetric per tensor from the ranges, weights symmetric
/// per output channel with the default max-|w| clip, bias at s_in·s_w[c]); the layout decisions (NHWC flatten,
/// byte-aligned channel rows, accumulator outputs) are in docs/manifest.md.
/// </summary>
public static partial class ManifestBuilder
{
    /// <exception cref="ManifestBuildException">An unsupported node, a missing range, an invalid choice, or scales the
    /// integer kernels cannot represent; the message names the node or tensor.</exception>
    /// <exception cref="GraphException">The graph's shapes do not infer for a batch of one.</exception>
    public static ManifestBuildResult Build(ModelGraph graph, ManifestBuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        return new BuildState(graph, options).Run();
    }

    /// <summary>The state of one build: tensor table, blob, layers so far.</summary>
    private sealed partial class BuildState(ModelGraph graph, ManifestBuildOptions options)
    {
        private readonly Dictionary<string, int[]> _shapes = graph.InferShapes(graph.InputShapeForBatch(1));
        private readonly SharedQuantization _shared = SharedQuantization.For(graph);
        private readonly Dictionary<string, TensorSpec> _tensors = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ActivationQuantization> _setQuantization = new(StringComparer.Ordinal);

        // Tensors holding a flattened [C, H, W] in NHWC order (H·W > 1), with the dims the next gemm must permute by.
        private readonly Dictionary<string, (int C, int H, int W)> _nhwcFlattened = new(StringComparer.Ordinal);
        private readonly List<LayerSpec> _layers = [];
        private readonly MemoryStream _blob = new();

        public ManifestBuildResult Run()
        {
            if (_shapes[graph.InputName] is not [1, ..] || _shapes[graph.InputName].Length is not (2 or 4))
            {
                throw new ManifestBuildException($"input '{graph.InputName}' must be [N, C, H, W] or [N, F], has {ShapeText.Format(graph.InputShape)}");
            }

            ComputeSetQuantization();
            var inputTensor = Tensor(graph.InputName);
            foreach (var node in graph.Nodes)
            {
                _layers.Add(Layer(node));
            }

            var outputs = graph.OutputNames.Select(Output).ToArray();
            string name = options.Name ?? graph.Name;
            byte[] blob = _blob.ToArray();
            var spec = new ManifestSpec(
                ManifestSpec.CurrentFormatVersion,
                name,
                options.Namespace,
                new InputSpec(graph.InputName, PerChannel(options.Normalization.Mean, inputTensor.Channels, "mean"), PerChannel(options.Normalization.Std, inputTensor.Channels, "std")),
                graph.Nodes.Select(n => n.Output).Prepend(graph.InputName).Select(Tensor).ToEquatableArray(),
                _layers.ToEquatableArray(),
                outputs.ToEquatableArray(),
                new WeightsFileSpec(options.WeightsFileName ?? name + ".weights.bin", blob.Length, Convert.ToHexStringLower(SHA256.HashData(blob))));
            return new ManifestBuildResult(spec, blob);
        }

        private LayerSpec Layer(Node node)
        {
            var inputs = node.Inputs.ToEquatableArray();
            CheckFlattenConsumer(node);
            return node switch
            {
                ConvNode conv => Weighted(conv, LayerOp.Conv, Window(conv.Geometry), conv.Activation),
                GemmNode gemm => Weighted(gemm, LayerOp.Gemm, null, gemm.Activation),
                AddNode add => new LayerSpec(node.Name, LayerOp.Add, inputs, node.Output, null, Clamp(node, add.Activation), null, Rescale(add)),
                MaxPoolNode pool => new LayerSpec(node.Name, LayerOp.MaxPool, inputs, node.Output, Window(pool.Geometry, false), null, null, null),
                AveragePoolNode pool => new LayerSpec(node.Name, LayerOp.AvgPool, inputs, node.Output, Window(pool.Geometry, pool.CountIncludePad), null, null, null),
                GlobalAveragePoolNode => new LayerSpec(node.Name, LayerOp.GlobalAvgPool, inputs, node.Output, null, null, null, null),
                FlattenNode or ReshapeNode => Flatten(node),
                ConcatNode concat => Concat(concat),
                ClampNode clamp => new LayerSpec(node.Name, LayerOp.Clamp, inputs, node.Output, null, Clamp(node, clamp.Activation), null, null),
                _ => throw new ManifestBuildException($"node '{node.Name}' ({node.OpType}): op is not supported by the manifest format"),
            };
        }

        private LayerSpec Flatten(Node node)
        {
            int[] x = _shapes[node.Inputs[0]];
            int[] y = _shapes[node.Output];
            if (y is not [1, _] || x[0] != 1)
            {
                throw new ManifestBuildException($"node '{node.Name}' ({node.OpType}): only a flatten to [N, features] is supported, this gives {ShapeText.Format(y)}");
            }

            if (_nhwcFlattened.TryGetValue(node.Inputs[0], out var dims))
            {
                _nhwcFlattened[node.Output] = dims;
            }
            else if (x is [1, var c, var h, var w] && h * w > 1)
            {
                _nhwcFlattened[node.Output] = (c, h, w);
            }

            return new LayerSpec(node.Name, LayerOp.Flatten, node.Inputs.ToEquatableArray(), node.Output, null, null, null, null);
        }

        private LayerSpec Concat(ConcatNode node)
        {
            int rank = _shapes[node.Output].Length;
            if (node.ResolveAxis(rank) != 1)
            {
                throw new ManifestBuildException($"node '{node.Name}' (Concat): only concatenation along channels (axis 1) is supported, axis is {node.Axis}");
            }

            return new LayerSpec(node.Name, LayerOp.Concat, node.Inputs.ToEquatableArray(), node.Output, null, null, null, null);
        }

        /// <summary>A tensor flattened in NHWC order only means the model's NCHW flatten to a gemm, whose columns we permute.</summary>
        private void CheckFlattenConsumer(Node node)
        {
            foreach (var input in node.Inputs.Where(_nhwcFlattened.ContainsKey))
            {
                if (node is ClampNode)
                {
                    _nhwcFlattened[node.Output] = _nhwcFlattened[input];
                }
                else if (node is not (GemmNode or FlattenNode or ReshapeNode))
                {
                    throw new ManifestBuildException($"node '{node.Name}' ({node.OpType}) reads '{input}', a flattened [C, H, W] tensor; the manifest stores it in NHWC order, so only a gemm may consume it");
                }
            }
        }

        private OutputSpec Output(string tensor)
        {
            if (_nhwcFlattened.ContainsKey(tensor))
            {
                throw new ManifestBuildException($"graph output '{tensor}' is a flattened [C, H, W] tensor, which the manifest stores in NHWC order; end the model with a gemm or output the unflattened tensor");
            }

            // A final conv/gemm without activation returns its int32 accumulators dequantized: exact logits, no
            // output rounding to the activation grid (which could tie the top-1 class at low widths).
            var producer = graph.Nodes.FirstOrDefault(n => n.Output == tensor);
            bool accumulators = producer is ConvNode { Activation.IsNone: true } or GemmNode { Activation.IsNone: true };
            return new OutputSpec(tensor, accumulators ? OutputSource.Accumulators : OutputSource.Codes);
        }

        private ClampSpec Clamp(Node node, FusedActivation activation)
        {
            try
            {
                var (qMin, qMax) = Requantization.OutputRange(activation, Quantization(node.Output));
                return new ClampSpec(qMin, qMax);
            }
            catch (ArgumentException e)
            {
                throw new ManifestBuildException($"node '{node.Name}' ({node.OpType}): {e.Message}", e);
            }
        }

        private AddRescaleSpec Rescale(AddNode node)
        {
            try
            {
                var r = AddRescale.FromScales(Quantization(node.Inputs[0]).Scale, Quantization(node.Inputs[1]).Scale, Quantization(node.Output).Scale);
                return new AddRescaleSpec(r.LeftMultiplier, r.RightMultiplier, r.RightShift);
            }
            catch (ArgumentException e)
            {
                throw new ManifestBuildException($"node '{node.Name}' (Add): the input/output scales cannot be rescaled in integers: {e.Message}", e);
            }
        }

        private static WindowSpec Window(Conv2dGeometry g) =>
            new(g.KernelH, g.KernelW, g.StrideH, g.StrideW, g.PadTop, g.PadLeft, g.PadBottom, g.PadRight, g.DilationH, g.DilationW, g.Groups, false, false);

        private static WindowSpec Window(Pool2dGeometry g, bool countIncludePad) =>
            new(g.KernelH, g.KernelW, g.StrideH, g.StrideW, g.PadTop, g.PadLeft, g.PadBottom, g.PadRight, g.DilationH, g.DilationW, 1, g.CeilMode, countIncludePad);

        private static EquatableArray<float> PerChannel(float[] values, int channels, string what)
        {
            if (values.Length == channels)
            {
                return values.ToEquatableArray();
            }

            if (values.Length == 1)
            {
                return Enumerable.Repeat(values[0], channels).ToEquatableArray();
            }

            throw new ManifestBuildException($"normalization has {values.Length} {what} values, the input has {channels} channels");
        }
    }
}
