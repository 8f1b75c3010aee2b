using Specialized.Runtime.Data;
using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Tests.Data;

public class ImageNormalizationTests
{
    [Fact]
    public void PerChannel_HandComputed()
    {
        // [C=2, H=1, W=2]: channel 0 mean 0.5 std 0.25; channel 1 mean 0 std 2.
        var image = new DenseTensor<byte>([2, 1, 2], [0, 255, 51, 102]);
        var result = new ImageNormalization([0.5f, 0f], [0.25f, 2f]).NormalizeImage(image);
        Assert.Equal(new[] { 2, 1, 2 }, result.Shape);
        Assert.Equal(-2f, result.Data[0], 6);
        Assert.Equal(2f, result.Data[1], 6);
        Assert.Equal(0.1f, result.Data[2], 6);
        Assert.Equal(0.2f, result.Data[3], 6);
    }

    [Fact]
    public void Batch_AppliesChannelStatisticsInEveryImage()
    {
        var rng = new Random(5);
        byte[] data = Enumerable.Range(0, 2 * 3 * 2 * 2).Select(_ => (byte)rng.Next(256)).ToArray();
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        var result = new ImageNormalization(mean, std).NormalizeBatch(new DenseTensor<byte>([2, 3, 2, 2], data));
        for (int i = 0; i < data.Length; i++)
        {
            int c = i / 4 % 3;
            Assert.Equal((data[i] / 255.0 - mean[c]) / std[c], result.Data[i], 5);
        }
    }

    [Fact]
    public void GrayscaleBatch_GainsAChannelAxis()
    {
        var result = new ImageNormalization([0.2860f], [0.3530f]).NormalizeGrayscaleBatch(new DenseTensor<byte>([2, 1, 3], [0, 128, 255, 1, 2, 3]));
        Assert.Equal(new[] { 2, 1, 1, 3 }, result.Shape);
        Assert.Equal((128 / 255.0 - 0.2860) / 0.3530, result.Data[1], 5);
        Assert.Equal(1f, ImageNormalization.UnitRange.NormalizeImage(new DenseTensor<byte>([1, 1, 1], [255])).Data[0]);
    }

    [Fact]
    public void InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => new ImageNormalization([0f], [0f]));
        Assert.Throws<ArgumentException>(() => new ImageNormalization([0f, 0f], [1f]));
        Assert.Throws<ArgumentException>(() => new ImageNormalization([], []));
        Assert.Throws<ArgumentException>(() => new ImageNormalization([float.NaN], [1f]));
        var twoChannels = new ImageNormalization([0f, 0f], [1f, 1f]);
        Assert.Throws<ArgumentException>(() => twoChannels.NormalizeImage(new DenseTensor<byte>([3, 1, 1])));
        Assert.Throws<ArgumentException>(() => twoChannels.NormalizeImage(new DenseTensor<byte>([2, 1, 1, 1])));
        Assert.Throws<ArgumentException>(() => twoChannels.NormalizeBatch(new DenseTensor<byte>([2, 1, 1])));
        Assert.Throws<ArgumentException>(() => twoChannels.NormalizeGrayscaleBatch(new DenseTensor<byte>([1, 2, 1, 1])));
    }
}
