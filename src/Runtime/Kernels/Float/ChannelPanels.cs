namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// Convolution weights W[Cout, K] (OIHW, K contiguous) packed as the right operand of the pixel-major GEMM
/// (<see cref="PixelMajorConv"/>): panel q holds output channels [32q, 32q + 32) as K consecutive groups of 32
/// values (channel index fastest), channels past Cout zero-filled, so the 7×32 micro-kernel reads one contiguous
/// stream per panel. The bias is padded the same way.
/// </summary>
/// <remarks>The buffers are pinned (allocated on the pinned object heap): kernels keep raw pointers into them.</remarks>
internal sealed class ChannelPanels
{
    /// <summary>Channels per panel: the micro-kernel's NR.</summary>
    public const int Width = 32;

    private ChannelPanels(int channels, int depth, float[] data, float[] bias)
    {
        Channels = channels;
        Depth = depth;
        Data = data;
        Bias = bias;
    }

    /// <summary>Cout: the number of real (unpadded) channels.</summary>
    public int Channels { get; }

    /// <summary>K: the reduction length.</summary>
    public int Depth { get; }

    public int PanelCount => (Channels + Width - 1) / Width;

    /// <summary>PanelCount × Depth × 32 values.</summary>
    public float[] Data { get; }

    /// <summary>PanelCount × 32 biases, zero past <see cref="Channels"/>.</summary>
    public float[] Bias { get; }

    /// <summary>Packs <paramref name="channels"/> rows of depth <paramref name="depth"/> from row-major <paramref name="weight"/>.</summary>
    public static ChannelPanels Pack(ReadOnlySpan<float> weight, int channels, int depth, ReadOnlySpan<float> bias)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channels);
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        if ((long)channels * depth > weight.Length || bias.Length < channels)
        {
            throw new ArgumentException($"{channels} channels of depth {depth} need {(long)channels * depth} weights and {channels} biases; got {weight.Length} and {bias.Length}");
        }

        // Channel panels of Wᵀ are laid out exactly like MR = 32 row panels of W.
        var (data, paddedBias) = PackedMatrixA.PackPanels(weight, channels, depth, depth, bias, Width);
        return new ChannelPanels(channels, depth, data, paddedBias);
    }
}
