using System.Reflection;
using Specialized.Runtime.Data;

namespace Specialized.Samples.ResNet18;

/// <summary>What the sample knows about Fashion-MNIST: class names, the model's preprocessing, where the data is.</summary>
internal static class FashionMnist
{
    public const int ImageSize = 28;

    /// <summary>The test set from Debian's <c>dataset-fashion-mnist</c> package, used by <c>--full</c>.</summary>
    public const string DebianTestImages = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
    public const string DebianTestLabels = "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz";

    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>pixels / 255, then (x − 0.2860) / 0.3530: the statistics the model was trained with.</summary>
    public static readonly ImageNormalization Normalization = new([0.2860f], [0.3530f]);

    /// <summary>The first 1,000 test images and labels, embedded in this assembly.</summary>
    public static LabeledImages EmbeddedTestImages()
    {
        var images = IdxFile.Read(OpenResource("test-images.idx.gz"), "embedded test images");
        var labels = IdxFile.Read(OpenResource("test-labels.idx.gz"), "embedded test labels");
        return new LabeledImages(images, labels.Data);
    }

    public static Stream OpenResource(string name) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"resource '{name}' is missing from the sample assembly");
}
