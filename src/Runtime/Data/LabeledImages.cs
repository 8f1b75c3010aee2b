using Specialized.Runtime.Graph;
using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Data;

/// <summary>
/// An image set with one class label per image, as the MNIST family ships it: an IDX image file [N, H, W] (or
/// [N, C, H, W]) and an IDX label file [N] of unsigned bytes.
/// </summary>
public sealed class LabeledImages
{
    public LabeledImages(DenseTensor<byte> images, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.Rank < 2 || images.Shape[0] != labels.Length)
        {
            throw new ArgumentException($"images {ShapeText.Format(images.Shape)} and {labels.Length} labels do not pair up");
        }

        Images = images;
        Labels = labels;
    }

    /// <summary>Images, first dimension N.</summary>
    public DenseTensor<byte> Images { get; }

    /// <summary>One label per image.</summary>
    public byte[] Labels { get; }

    public int Count => Labels.Length;

    /// <summary>Reads an image IDX file and a label IDX file (each raw or gzip) and checks that they pair up.</summary>
    /// <exception cref="DataFormatException">Either file is malformed, the labels are not 1-D, or the counts differ.</exception>
    public static LabeledImages Read(string imagesPath, string labelsPath)
    {
        DenseTensor<byte> images = IdxFile.Read(imagesPath);
        DenseTensor<byte> labels = IdxFile.Read(labelsPath);
        if (labels.Rank != 1)
        {
            throw new DataFormatException(labelsPath, $"labels must be 1-D, file holds {ShapeText.Format(labels.Shape)}");
        }

        if (images.Rank is not (3 or 4))
        {
            throw new DataFormatException(imagesPath, $"images must be [N, H, W] or [N, C, H, W], file holds {ShapeText.Format(images.Shape)}");
        }

        if (images.Shape[0] != labels.Length)
        {
            throw new DataFormatException(labelsPath, $"{labels.Length} labels for {images.Shape[0]} images in {imagesPath}");
        }

        return new LabeledImages(images, labels.Data);
    }
}
