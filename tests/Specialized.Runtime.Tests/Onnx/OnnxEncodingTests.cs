using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx;
using static Specialized.Runtime.Tests.Onnx.OnnxTestModels;

namespace Specialized.Runtime.Tests.Onnx;

/// <summary>The protobuf encodings exporters produce all decode to the same values.</summary>
public sealed class OnnxEncodingTests
{
    [Theory]
    [InlineData(TensorEncoding.Raw)]
    [InlineData(TensorEncoding.FloatData)]
    [InlineData(TensorEncoding.FloatDataUnpacked)]
    [InlineData(TensorEncoding.Float16Raw)]
    [InlineData(TensorEncoding.Float16Int32)]
    public void Initializer_DecodesTheSameInEveryEncoding(TensorEncoding encoding)
    {
        // Multiples of 1/64 in [-1, 1) are exact in float16, so every encoding must give these exact floats.
        float[] w = Values(4 * 2 * 3 * 3, 60);
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, 2, 5, 5)
            .Initializer("w", [4, 2, 3, 3], w, encoding)
            .Initializer("b", [4], [0.5f, -0.25f, 1f, 0f], encoding)
            .Node("Conv", ["x", "w", "b"], ["y"], "conv")
            .Output("y"));

        var conv = Assert.IsType<ConvNode>(Assert.Single(graph.Nodes));
        Assert.Equal(w, conv.Weight);
        Assert.Equal([0.5f, -0.25f, 1f, 0f], conv.Bias);
    }

    [Fact]
    public void Float16_DecodesNonTrivialBitPatterns()
    {
        // 0x3C00 = 1, 0xC000 = −2, 0x3555 ≈ 0.333251953125, 0x0001 = 2^−24 (smallest subnormal).
        float[] values = [1f, -2f, 0.333251953125f, MathF.Pow(2, -24)];
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, 1, 2, 2)
            .Initializer("w", [4, 1, 1, 1], values, TensorEncoding.Float16Int32)
            .Node("Conv", ["x", "w"], ["y"], "conv")
            .Output("y"));

        Assert.Equal(values, Assert.IsType<ConvNode>(Assert.Single(graph.Nodes)).Weight);
    }

    [Fact]
    public void PackedAndUnpackedInts_GiveTheSameAttributes()
    {
        ConvNode Build(bool packed) => Assert.IsType<ConvNode>(Assert.Single(Import(new OnnxModelBuilder()
            .Input("x", 1, 1, 8, 8)
            .Initializer("w", [1, 1, 3, 3], Values(9, 61))
            .Node("Conv", ["x", "w"], ["y"], "conv",
                OnnxAttribute.Ints("strides", packed, 2, 3), OnnxAttribute.Ints("pads", packed, 1, 2, 0, 1),
                OnnxAttribute.Ints("kernel_shape", packed, 3, 3))
            .Output("y")).Nodes));

        var packed = Build(true).Geometry;
        Assert.Equal(packed, Build(false).Geometry);
        Assert.Equal((2, 3, 1, 2, 0, 1), (packed.StrideH, packed.StrideW, packed.PadTop, packed.PadLeft, packed.PadBottom, packed.PadRight));
    }

    [Fact]
    public void Metadata_AndAllLoadOverloads_Agree()
    {
        var builder = SmallCnn();
        builder.Producer = "builder";
        byte[] bytes = builder.Build();

        var result = OnnxImporter.Import(bytes, "m.onnx");
        Assert.Equal(new OnnxModelInfo("m.onnx", 8, "builder", "0.0", 13), result.Info);
        Assert.Equal("m", result.Graph.Name); // the file stem, not the exporter's generic graph name

        string path = Path.Combine(Path.GetTempPath(), $"specialized-onnx-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(path, bytes);
        try
        {
            var fromPath = OnnxImporter.Load(path);
            var fromStream = OnnxImporter.Load(new MemoryStream(bytes), "m.onnx");
            var fromSpan = OnnxImporter.Load((ReadOnlySpan<byte>)bytes, "m.onnx");
            foreach (var graph in new[] { fromPath, fromStream, fromSpan })
            {
                Assert.Equal(result.Graph.Nodes.Select(n => (n.Name, n.OpType, n.Output)), graph.Nodes.Select(n => (n.Name, n.OpType, n.Output)));
                Assert.Equal(((GemmNode)result.Graph.Nodes[^1]).Weight, ((GemmNode)graph.Nodes[^1]).Weight);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
