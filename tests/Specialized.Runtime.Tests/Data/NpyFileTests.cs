using System.Text;
using Specialized.Runtime.Data;
using Specialized.Runtime.Tensors;
using Specialized.Runtime.Tests.TestSupport;

namespace Specialized.Runtime.Tests.Data;

public class NpyFileTests
{
    [Fact]
    public void NumpyFloat32_2x3()
    {
        var t = NpyFile.ReadFloat32(DataFixtures.PathOf("f32_2x3.npy"));
        Assert.Equal(new[] { 2, 3 }, t.Shape);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => i * 0.5f - 1f), t.Data);
    }

    [Fact]
    public void NumpyScalarVectorAndEmpty()
    {
        var scalar = NpyFile.ReadFloat32(DataFixtures.PathOf("f32_scalar.npy"));
        Assert.Empty(scalar.Shape);
        Assert.Equal(new[] { 3.25f }, scalar.Data);

        var vector = NpyFile.ReadFloat32(DataFixtures.PathOf("f32_vec3.npy"));
        Assert.Equal(new[] { 3 }, vector.Shape);
        Assert.Equal(new[] { 1.5f, -2.0f, 0.001f }, vector.Data);

        var empty = NpyFile.ReadFloat32(DataFixtures.PathOf("f32_0x3.npy"));
        Assert.Equal(new[] { 0, 3 }, empty.Shape);
        Assert.Empty(empty.Data);
    }

    [Fact]
    public void NumpyUInt8()
    {
        var array = NpyFile.Read(DataFixtures.PathOf("u8_2x2x2.npy"));
        Assert.Equal(NpyDType.UInt8, array.DType);
        Assert.Null(array.Float32);
        Assert.Equal(new[] { 2, 2, 2 }, array.Shape);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (byte)(i * 30)), array.AsUInt8().Data);
        Assert.Contains("expected a float32 array", Assert.Throws<DataFormatException>(() => array.AsFloat32()).Message);
    }

    [Theory]
    [InlineData("f32_v2.npy")]
    [InlineData("f32_v3.npy")]
    public void NumpyVersions2And3(string name)
    {
        var t = NpyFile.ReadFloat32(DataFixtures.PathOf(name));
        Assert.Equal(new[] { 4, 1 }, t.Shape);
        Assert.Equal(new[] { 0f, 1f, 2f, 3f }, t.Data);
    }

    [Theory]
    [InlineData("f32_fortran.npy", "fortran_order True")]
    [InlineData("f64_2.npy", "'<f8' is not supported")]
    [InlineData("f32_bigendian.npy", "'>f4' is not supported")]
    public void NumpyUnsupportedVariants_Throw(string name, string problem)
    {
        string path = DataFixtures.PathOf(name);
        var e = Assert.Throws<DataFormatException>(() => NpyFile.Read(path));
        Assert.Contains(problem, e.Message);
        Assert.StartsWith(path, e.Message);
    }

    private static byte[] HandMade(string dict, int dataBytes, byte major = 1)
    {
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 };
        byte[] header = Encoding.ASCII.GetBytes(dict + "\n");
        bytes.AddRange(major == 1 ? [(byte)header.Length, (byte)(header.Length >> 8)] : [(byte)header.Length, (byte)(header.Length >> 8), 0, 0]);
        bytes.AddRange(header);
        bytes.AddRange(new byte[dataBytes]);
        return [.. bytes];
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3), }", 12, "not a tuple")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", 24, "non-negative integer")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 20, "needs 24 data bytes, file has 20")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 28, "needs 24 data bytes, file has 28")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }", 4, "no 'shape'")]
    [InlineData("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (), }", 4, "True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'extra': 1}", 4, "unexpected header key 'extra'")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}", 4, "appears twice")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': ()} junk", 4, "after the header")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,)}", 4, "larger than")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536, 65536)}", 4, "file has 4")]
    public void MalformedHeaders_Throw(string dict, int dataBytes, string problem)
    {
        var e = Assert.Throws<DataFormatException>(() => NpyFile.Read(new MemoryStream(HandMade(dict, dataBytes)), "hand.npy"));
        Assert.Contains(problem, e.Message);
        Assert.StartsWith("hand.npy", e.Message);
    }

    [Fact]
    public void BadMagicVersionAndTruncatedHeader_Throw()
    {
        Assert.Contains("magic", Assert.Throws<DataFormatException>(() => NpyFile.Read(new MemoryStream(new byte[16]), "x")).Message);
        byte[] v4 = HandMade("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", 4, major: 4);
        Assert.Contains("version 4.0", Assert.Throws<DataFormatException>(() => NpyFile.Read(new MemoryStream(v4), "x")).Message);
        byte[] truncated = HandMade("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", 0)[..20];
        Assert.Contains("claims", Assert.Throws<DataFormatException>(() => NpyFile.Read(new MemoryStream(truncated), "x")).Message);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 3 })]
    [InlineData(new[] { 2, 3 })]
    [InlineData(new[] { 1, 3, 4, 5 })]
    [InlineData(new[] { 0, 7 })]
    public void Write_IsNumpyLayoutAndRoundTrips(int[] shape)
    {
        var rng = new Random(shape.Sum() + 11);
        int count = shape.Aggregate(1, (a, b) => a * b);
        var tensor = new DenseTensor<float>(shape, Enumerable.Range(0, count).Select(_ => rng.NextSingle() * 100 - 50).ToArray());
        var stream = new MemoryStream();
        NpyFile.Write(stream, tensor);
        byte[] bytes = stream.ToArray();

        int headerLength = bytes[8] | (bytes[9] << 8);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Equal((byte)'\n', bytes[10 + headerLength - 1]);
        Assert.Equal(10 + headerLength + 4 * count, bytes.Length);

        var back = NpyFile.Read(new MemoryStream(bytes), "roundtrip").AsFloat32();
        Assert.Equal(shape, back.Shape);
        Assert.Equal(tensor.Data, back.Data);
    }

    [Fact]
    public void Write_MatchesNumpyByteForByte()
    {
        // numpy wrote f32_2x3.npy; writing the same values must reproduce it exactly.
        byte[] expected = File.ReadAllBytes(DataFixtures.PathOf("f32_2x3.npy"));
        var stream = new MemoryStream();
        NpyFile.Write(stream, new DenseTensor<float>([2, 3], Enumerable.Range(0, 6).Select(i => i * 0.5f - 1f).ToArray()));
        Assert.Equal(expected, stream.ToArray());
    }

    [SharedModelsFact]
    public void SharedModelInputs_AreFloat32Nchw()
    {
        foreach (string path in Directory.GetFiles(SharedModels.Folder!, "*.input.npy"))
        {
            var t = NpyFile.ReadFloat32(path);
            Assert.True(t.Rank == 4 && t.Shape[1] is 1 or 3, $"{path}: shape [{string.Join(", ", t.Shape)}]");
            Assert.All(t.Data, v => Assert.True(float.IsFinite(v), $"{path}: non-finite value"));
        }
    }
}
