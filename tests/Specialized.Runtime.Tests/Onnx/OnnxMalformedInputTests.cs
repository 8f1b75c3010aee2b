using Google.Protobuf;
using Specialized.Runtime.Onnx;
using static Specialized.Runtime.Tests.Onnx.OnnxTestModels;

namespace Specialized.Runtime.Tests.Onnx;

/// <summary>Malformed or unsupported input gives an <see cref="OnnxImportException"/> with a clear message, and nothing else.</summary>
public sealed class OnnxMalformedInputTests
{
    [Fact]
    public void EmptyFile() => AssertFails([], "empty");

    [Fact]
    public void RandomBytes_AreRejected()
    {
        var random = new Random(70);
        for (int i = 0; i < 50; i++)
        {
            byte[] bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            Assert.Throws<OnnxImportException>(() => OnnxImporter.Load(bytes, SourceName));
        }
    }

    [Fact]
    public void TruncatedFile_NamesTheFieldBeingRead()
    {
        byte[] bytes = SmallCnn().Build();
        var e = AssertFails(bytes[..(bytes.Length / 2)], "not a valid ONNX protobuf");
        Assert.Contains("ModelProto.graph", e.Message);
    }

    [Fact]
    public void WrongWireType_IsNamed()
    {
        byte[] bytes = OnnxModelBuilder.Message(o =>
        {
            o.WriteTag(7, WireFormat.WireType.Varint);
            o.WriteInt64(5);
        });
        AssertFails(bytes, "ModelProto.graph has wire type 0");
    }

    [Fact]
    public void LengthPrefixBeyondTheFile_IsRejectedBeforeReading()
    {
        byte[] bytes = OnnxModelBuilder.Message(o =>
        {
            o.WriteTag(7, WireFormat.WireType.LengthDelimited);
            o.WriteLength(int.MaxValue);
        });
        AssertFails(bytes, "declares 2147483647 bytes");
    }

    [Fact]
    public void NegativeDims() => AssertFails(ConvWith(OnnxModelBuilder.FloatTensor("w", [-1, 1, 1, 1], [1f])), "invalid dimension -1");

    [Fact]
    public void HugeDims_AreRejectedBeforeAllocating() =>
        AssertFails(ConvWith(OnnxModelBuilder.FloatTensor("w", [1 << 20, 1 << 20, 1, 1], [1f])), "more than 2147483647 elements");

    [Fact]
    public void DimsNotMatchingData() => AssertFails(ConvWith(OnnxModelBuilder.FloatTensor("w", [2, 1, 1, 1], [1f])), "raw_data holds 4 bytes, expected 8");

    [Fact]
    public void ExternalData()
    {
        byte[] external = OnnxModelBuilder.Message(o =>
        {
            OnnxModelBuilder.WriteInt64s(o, 1, [1, 1, 1, 1], packed: true);
            o.WriteTag(2, WireFormat.WireType.Varint);
            o.WriteInt32(1);
            OnnxModelBuilder.WriteString(o, 8, "w");
            o.WriteTag(14, WireFormat.WireType.Varint);
            o.WriteInt32(1);
        });
        AssertFails(ConvWith(external), "external file");
    }

    [Fact]
    public void MissingInitializer()
    {
        var e = AssertFails(new OnnxModelBuilder()
            .Input("x", 1, 1, 2, 2)
            .Node("Conv", ["x", "nowhere"], ["y"], "conv")
            .Output("y").Build(), "'nowhere' must be an initializer or a Constant");
        Assert.Equal(("conv", "Conv"), (e.NodeName, e.OpType));
    }

    [Fact]
    public void GraphInputWithoutShape() =>
        AssertFails(new OnnxModelBuilder().InputWithoutShape("x").Node("Relu", ["x"], ["y"], "relu").Output("y").Build(), "has no shape");

    [Fact]
    public void TwoGraphInputs() =>
        AssertFails(new OnnxModelBuilder().Input("x", 1).Input("z", 1).Node("Add", ["x", "z"], ["y"], "add").Output("y").Build(), "exactly one non-initializer input");

    [Theory]
    [InlineData(10)]
    [InlineData(18)]
    public void OpsetOutsideRange(long opset) =>
        AssertFails(new OnnxModelBuilder(opset).Input("x", 1).Node("Relu", ["x"], ["y"], "relu").Output("y").Build(), $"opset {opset} is not supported");

    [Fact]
    public void NoDefaultOpset() =>
        AssertFails(new OnnxModelBuilder().ClearOpsets().Input("x", 1).Node("Relu", ["x"], ["y"], "relu").Output("y").Build(), "found none");

    [Fact]
    public void UnsupportedOp_NamesNodeOpAndSupportedOps()
    {
        var e = AssertFails(new OnnxModelBuilder().Input("x", 1, 4).Node("Softmax", ["x"], ["y"], "sm").Output("y").Build(), "op 'Softmax' is not supported");
        Assert.Equal(("sm", "Softmax"), (e.NodeName, e.OpType));
        Assert.Contains("BatchNormalization", e.Problem);
    }

    [Fact]
    public void CustomDomainOp() =>
        AssertFails(new OnnxModelBuilder().Input("x", 1).DomainNode("com.microsoft", "Relu", ["x"], ["y"], "r").Output("y").Build(), "domain 'com.microsoft'");

    [Fact]
    public void UnsupportedAttributeValues_AreNamedWithTheirValue()
    {
        var pool = AssertFails(new OnnxModelBuilder().Input("x", 1, 1, 4, 4)
            .Node("MaxPool", ["x"], ["y"], "pool", OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Int("storage_order", 1))
            .Output("y").Build(), "storage_order=1");
        Assert.Equal(("pool", "MaxPool"), (pool.NodeName, pool.OpType));

        AssertFails(new OnnxModelBuilder().Input("x", 1, 1, 4, 4).Initializer("w", [1, 1, 3, 3], Values(9, 71))
            .Node("Conv", ["x", "w"], ["y"], "conv", OnnxAttribute.String("auto_pad", "SAME_UPPER"), OnnxAttribute.Ints("strides", 2, 2))
            .Output("y").Build(), "auto_pad=SAME_UPPER");
        AssertFails(new OnnxModelBuilder().Input("x", 1, 3).Initializer("B", [3, 2], Values(6, 72))
            .Node("Gemm", ["x", "B"], ["y"], "fc", OnnxAttribute.Int("transA", 1))
            .Output("y").Build(), "transA=1");
    }

    [Fact]
    public void BatchNormalizationWithoutConv()
    {
        var builder = new OnnxModelBuilder().Input("x", 1, 2, 2, 2);
        foreach (var name in new[] { "g", "b", "m", "v" })
        {
            builder.Initializer(name, [2], [1f, 1f]);
        }

        AssertFails(builder.Node("BatchNormalization", ["x", "g", "b", "m", "v"], ["y"], "bn").Output("y").Build(), "only directly after a Conv");
    }

    [Fact]
    public void ConstantAddWithoutFoldableProducer() =>
        AssertFails(new OnnxModelBuilder().Input("x", 1, 2).Initializer("k", [2], [1f, 2f])
            .Node("Add", ["x", "k"], ["y"], "add").Output("y").Build(), "Add of a constant is supported only");

    [Fact]
    public void WeightsNotFittingTheInput_FailAtImportShapeCheck() =>
        AssertFails(new OnnxModelBuilder().Input("x", 1, 3, 4, 4).Initializer("w", [1, 2, 1, 1], [1f, 1f])
            .Node("Conv", ["x", "w"], ["y"], "conv").Output("y").Build(), "input has 3 channels");

    [Fact]
    public void NodesOutOfTopologicalOrder() =>
        AssertFails(new OnnxModelBuilder().Input("x", 1, 4)
            .Node("Relu", ["a"], ["y"], "second")
            .Node("Flatten", ["x"], ["a"], "first")
            .Output("y").Build(), "not produced by any earlier node");

    /// <summary>
    /// 2,000 seeded mutations of a valid model (truncations and 1–4 byte overwrites): each either imports or
    /// throws <see cref="OnnxImportException"/>; any other exception type is a bug in the reader.
    /// </summary>
    [Fact]
    public void Fuzz_MutatedModels_OnlyEverThrowOnnxImportException()
    {
        const int seed = 1234;
        byte[] valid = SmallCnn().Build();
        var random = new Random(seed);
        int rejected = 0;
        for (int iteration = 0; iteration < 2000; iteration++)
        {
            byte[] bytes;
            if (iteration % 4 == 0)
            {
                bytes = valid[..random.Next(valid.Length)];
            }
            else
            {
                bytes = (byte[])valid.Clone();
                int flips = random.Next(1, 5);
                for (int f = 0; f < flips; f++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }

            try
            {
                OnnxImporter.Load(bytes, SourceName);
            }
            catch (OnnxImportException e)
            {
                Assert.StartsWith(SourceName + ": ", e.Message);
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, iteration {iteration}: {e.GetType().Name} leaked: {e}");
            }
        }

        Assert.True(rejected > 500, $"only {rejected} of 2000 mutations were rejected; the mutations are not reaching the reader");
    }

    private static byte[] ConvWith(byte[] weight) => new OnnxModelBuilder()
        .Input("x", 1, 1, 2, 2)
        .InitializerBytes(weight)
        .Node("Conv", ["x", "w"], ["y"], "conv")
        .Output("y")
        .Build();

    private static OnnxImportException AssertFails(byte[] bytes, string expected)
    {
        var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Load(bytes, SourceName));
        Assert.StartsWith(SourceName + ": ", e.Message);
        Assert.Contains(expected, e.Message);
        return e;
    }
}
