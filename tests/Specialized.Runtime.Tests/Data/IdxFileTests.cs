using System.IO.Compression;
using Specialized.Runtime.Data;

namespace Specialized.Runtime.Tests.Data;

public class IdxFileTests
{
    private static byte[] Idx(byte type, int[] dims, byte[] data)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)dims.Length };
        foreach (int d in dims)
        {
            bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        }

        bytes.AddRange(data);
        return [.. bytes];
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    [Fact]
    public void Raw_ReadsShapeAndValues()
    {
        byte[] data = Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray();
        var tensor = IdxFile.Read(DataFixtures.TempFile(Idx(0x08, [2, 3, 4], data), "images.idx"));
        Assert.Equal(new[] { 2, 3, 4 }, tensor.Shape);
        Assert.Equal(data, tensor.Data);
    }

    [Fact]
    public void Gzip_IsDetectedByMagicNotByName()
    {
        byte[] data = [7, 8, 9, 250, 251];
        string path = DataFixtures.TempFile(Gzip(Idx(0x08, [5], data)), "labels-without-gz-extension");
        var tensor = IdxFile.Read(path);
        Assert.Equal(new[] { 5 }, tensor.Shape);
        Assert.Equal(data, tensor.Data);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0 }, "4-byte magic")]
    [InlineData(new byte[] { 1, 0, 8, 1, 0, 0, 0, 0 }, "not an IDX file")]
    [InlineData(new byte[] { 0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0 }, "0x0D (float32) is not supported")]
    [InlineData(new byte[] { 0, 0, 8, 0 }, "rank is 0")]
    [InlineData(new byte[] { 0, 0, 8, 2, 0, 0, 0, 1 }, "12-byte header")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 1, 2 }, "needs 3 data bytes, file has 2")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 1, 1, 2 }, "needs 1 data bytes, file has 2")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0xFF, 0xFF, 0xFF, 0xFF }, "larger than")]
    [InlineData(new byte[] { 0, 0, 8, 3, 0x7F, 0, 0, 0, 0x7F, 0, 0, 0, 0x7F, 0, 0, 0, 1 }, "needs more than 2147483647 data bytes, file has 1")]
    public void Malformed_ThrowsNamingFileAndProblem(byte[] content, string problem)
    {
        string path = DataFixtures.TempFile(content, "broken.idx");
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains(problem, e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void CorruptGzip_ThrowsDataFormatException()
    {
        byte[] gz = Gzip(Idx(0x08, [64], new byte[64]));
        gz[gz.Length / 2] ^= 0xFF;
        gz[gz.Length / 2 + 1] ^= 0xFF;
        Assert.Throws<DataFormatException>(() => IdxFile.Read(new MemoryStream(gz), "corrupt.gz"));
    }

    [Fact]
    public void LabeledImages_PairsImagesWithLabels()
    {
        string images = DataFixtures.TempFile(Idx(0x08, [3, 2, 2], new byte[12]), "img");
        string labels = DataFixtures.TempFile(Gzip(Idx(0x08, [3], [4, 0, 9])), "lbl");
        var set = LabeledImages.Read(images, labels);
        Assert.Equal(3, set.Count);
        Assert.Equal(new byte[] { 4, 0, 9 }, set.Labels);

        string twoLabels = DataFixtures.TempFile(Idx(0x08, [2], [1, 2]), "lbl2");
        Assert.Contains("2 labels for 3 images", Assert.Throws<DataFormatException>(() => LabeledImages.Read(images, twoLabels)).Message);
        string matrixLabels = DataFixtures.TempFile(Idx(0x08, [3, 1], [1, 2, 3]), "lbl3");
        Assert.Contains("must be 1-D", Assert.Throws<DataFormatException>(() => LabeledImages.Read(images, matrixLabels)).Message);
    }

    [FashionMnistFact]
    public void FashionMnist_TestSetHasTenThousand28x28ImagesWithLabels0To9()
    {
        var set = LabeledImages.Read(
            Path.Combine(FashionMnistFactAttribute.Folder, "t10k-images-idx3-ubyte.gz"),
            Path.Combine(FashionMnistFactAttribute.Folder, "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(new[] { 10000, 28, 28 }, set.Images.Shape);
        Assert.All(set.Labels, l => Assert.InRange(l, 0, 9));
        Assert.Equal(10, set.Labels.Distinct().Count());
        Assert.Equal(9, set.Labels[0]); // the first Fashion-MNIST test item is an ankle boot (class 9)
    }
}
