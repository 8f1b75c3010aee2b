using Specialized.Runtime.Graph;
using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Data;

/// <summary>
/// Turns byte images into model input: <c>y = (x / 255 − Mean[c]) / Std[c]</c> per channel c, as torchvision's
/// ToTensor followed by Normalize. One mean/std value applies to every channel; otherwise there is one per channel.
/// </summary>
public sealed class ImageNormalization
{
    /// <exception cref="ArgumentException">mean and std are empty, differ in length, or a value is not finite, or a std is not &gt; 0.</exception>
    public ImageNormalization(float[] mean, float[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || mean.Length != std.Length)
        {
            throw new ArgumentException($"need as many means as stds, and at least one (got {mean.Length} and {std.Length})");
        }

        if (mean.Any(m => !float.IsFinite(m)) || std.Any(s => !(s > 0f && float.IsFinite(s))))
        {
            throw new ArgumentException("means must be finite and stds positive and finite");
        }

        Mean = [.. mean];
        Std = [.. std];
    }

    /// <summary>x / 255 only: mean 0, std 1.</summary>
    public static ImageNormalization UnitRange => new([0f], [1f]);

    public float[] Mean { get; }

    public float[] Std { get; }

    /// <summary>Normalizes one image [C, H, W] into a float tensor of the same shape.</summary>
    public DenseTensor<float> NormalizeImage(DenseTensor<byte> image) => Normalize(image, rank: 3);

    /// <summary>Normalizes a batch [N, C, H, W] into a float tensor of the same shape.</summary>
    public DenseTensor<float> NormalizeBatch(DenseTensor<byte> images) => Normalize(images, rank: 4);

    /// <summary>Normalizes a single-channel batch [N, H, W] (an IDX image file) into [N, 1, H, W].</summary>
    public DenseTensor<float> NormalizeGrayscaleBatch(DenseTensor<byte> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 3)
        {
            throw new ArgumentException($"expected a gray batch [N, H, W], got {ShapeText.Format(images.Shape)}", nameof(images));
        }

        return Normalize(new DenseTensor<byte>([images.Shape[0], 1, images.Shape[1], images.Shape[2]], images.Data), rank: 4);
    }

    private DenseTensor<float> Normalize(DenseTensor<byte> images, int rank)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != rank)
        {
            string expected = rank == 3 ? "[C, H, W]" : "[N, C, H, W]";
            throw new ArgumentException($"expected {expected}, got {ShapeText.Format(images.Shape)}", nameof(images));
        }

        int channels = images.Shape[rank - 3];
        if (Mean.Length != 1 && Mean.Length != channels)
        {
            throw new ArgumentException($"{Mean.Length} mean/std values do not fit {channels} channels", nameof(images));
        }

        int plane = images.Shape[rank - 2] * images.Shape[rank - 1];
        var result = new DenseTensor<float>(images.Shape);
        ReadOnlySpan<byte> source = images.Span;
        Span<float> destination = result.Span;
        for (int start = 0, c = 0; start < source.Length; start += plane, c = (c + 1) % channels)
        {
            int k = Mean.Length == 1 ? 0 : c;
            float mean = Mean[k], std = Std[k];
            for (int i = start; i < start + plane; i++)
            {
                destination[i] = (source[i] / 255f - mean) / std;
            }
        }

        return result;
    }
}
