using Specialized.Runtime.Graph;
using Specialized.Runtime.Kernels.Float;
using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Execution;

/// <summary>
/// A node's weights in the layout its kernel reads, built once per executor (and once per replaced node by
/// <see cref="FloatExecutor.WithReplacedNode"/>). Nodes without weights have none.
/// </summary>
internal abstract class PreparedNode
{
    public static PreparedNode? Create(Node node, GemmKernel kernel) => node switch
    {
        ConvNode conv => new PreparedConv(conv, kernel),
        GemmNode gemm => new PreparedGemm(gemm, kernel),
        _ => null,
    };

    /// <summary>
    /// When set, the node's output (after its fused activation) is replaced by its quantize–dequantize image, so
    /// the float pass sees the rounding and clipping the integer model applies to that tensor.
    /// </summary>
    public ActivationQuantization? OutputQuantization { get; set; }
}

/// <summary>
/// Convolution weights: one packed GEMM operand per group (W_g[Cout/groups, K/groups] of OIHW, which is already
/// row-major with K contiguous), the raw pinned weights for the direct depthwise kernel, and on demand the
/// channel panels of the pixel-major form.
/// </summary>
internal sealed class PreparedConv : PreparedNode
{
    private readonly ConvNode _node;
    private ChannelPanels? _channelPanels;

    public PreparedConv(ConvNode node, GemmKernel kernel)
    {
        _node = node;
        var g = node.Geometry;
        Activation = node.Activation;
        if (g.IsDepthwise)
        {
            DepthwiseWeight = GC.AllocateArray<float>(node.Weight.Length, pinned: true);
            DepthwiseBias = GC.AllocateArray<float>(node.Bias.Length, pinned: true);
            node.Weight.CopyTo(DepthwiseWeight, 0);
            node.Bias.CopyTo(DepthwiseBias, 0);
            Groups = [];
            return;
        }

        int rows = g.OutChannelsPerGroup, depth = g.ReductionSize;
        Groups = new PackedMatrixA[g.Groups];
        for (int group = 0; group < g.Groups; group++)
        {
            Groups[group] = PackedMatrixA.Pack(
                kernel, node.Weight.AsSpan(group * rows * depth, rows * depth), rows, depth, depth, node.Bias.AsSpan(group * rows, rows));
        }
    }

    public PackedMatrixA[] Groups { get; }

    /// <summary>
    /// The weights for <see cref="PixelMajorConv"/>, packed on first use: whether a layer runs pixel-major depends
    /// on the input shape, which is known only when a plan is built (the first run for that shape, i.e. warm-up).
    /// </summary>
    public ChannelPanels ChannelPanels =>
        _channelPanels ??= ChannelPanels.Pack(_node.Weight, _node.Geometry.OutChannels, _node.Geometry.ReductionSize, _node.Bias);

    public float[]? DepthwiseWeight { get; }

    public float[]? DepthwiseBias { get; }

    public FusedActivation Activation { get; }
}

/// <summary>Fully connected weights W[out, in] packed as the GEMM's A operand (M = out features, K = in features).</summary>
internal sealed class PreparedGemm(GemmNode node, GemmKernel kernel) : PreparedNode
{
    public PackedMatrixA Weight { get; } = PackedMatrixA.Pack(kernel, node.Weight, node.OutFeatures, node.InFeatures, node.InFeatures, node.Bias);

    public FusedActivation Activation { get; } = node.Activation;
}
