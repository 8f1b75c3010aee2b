using System.Text;
using System.Text.RegularExpressions;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx;
using Specialized.Runtime.Tests.TestSupport;

namespace Specialized.Runtime.Tests.Onnx;

/// <summary>
/// Imports the PyTorch exports in ../shared/models. The expected op counts were taken with an independent
/// Python protobuf walker over the files (no onnx package here): tv_resnet18_224 and fmnist_resnet18 hold
/// 20 Conv, 17 Relu, 8 Add, 1 Gemm; fmnist_resnet20 holds 21 Conv, 19 Relu, 9 Add, 1 Gemm; every Relu follows a
/// Conv or the residual Add it alone reads, so all must fuse, and no BatchNormalization remains in the files.
/// </summary>
public sealed class OnnxSharedModelTests
{
    [SharedModelsTheory]
    [InlineData("tv_resnet18_224", 20, 8, 1, 9, 8)]
    [InlineData("fmnist_resnet18", 20, 8, 0, 9, 8)]
    [InlineData("fmnist_resnet20", 21, 9, 0, 10, 9)]
    public void Import_GivesExpectedStructureAndLogitsShape(string model, int convs, int adds, int maxPools, int reluConvs, int reluAdds)
    {
        var result = OnnxImporter.Import(SharedModels.PathOf(model + ".onnx"));
        var graph = result.Graph;

        Assert.Equal("pytorch", result.Info.ProducerName);
        Assert.Equal(13, result.Info.Opset);
        Assert.Equal(convs, graph.Nodes.OfType<ConvNode>().Count());
        Assert.Single(graph.Nodes.OfType<GemmNode>());
        Assert.Equal(adds, graph.Nodes.OfType<AddNode>().Count());
        Assert.Equal(maxPools, graph.Nodes.OfType<MaxPoolNode>().Count());
        Assert.Empty(graph.Nodes.OfType<ClampNode>());
        Assert.Equal(reluConvs, graph.Nodes.OfType<ConvNode>().Count(c => c.Activation == FusedActivation.Relu));
        Assert.Equal(reluAdds, graph.Nodes.OfType<AddNode>().Count(a => a.Activation == FusedActivation.Relu));
        Assert.Equal(convs + adds + maxPools + 3, graph.Nodes.Count); // + GlobalAveragePool, Flatten, Gemm

        int[] inputShape = NpyShape(SharedModels.PathOf(model + ".input.npy"));
        int[] logitsShape = NpyShape(SharedModels.PathOf(model + ".logits.npy"));
        var shapes = graph.InferShapes(inputShape);
        Assert.Equal(logitsShape, shapes[Assert.Single(graph.OutputNames)]);
        Assert.Equal(model.StartsWith("tv_") ? 1000 : 10, logitsShape[1]);
    }

    [SharedModelsTheory]
    [InlineData("fmnist_resnet18")]
    [InlineData("fmnist_resnet20")]
    public void FashionMnistExports_HaveDynamicBatch(string model)
    {
        var graph = OnnxImporter.Load(SharedModels.PathOf(model + ".onnx"));
        Assert.Equal([-1, 1, 28, 28], graph.InputShape);
    }

    /// <summary>The shape tuple of a .npy header, e.g. "'shape': (8, 10)".</summary>
    private static int[] NpyShape(string path)
    {
        byte[] head = new byte[256];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(head, 0, Math.Min(head.Length, (int)file.Length));
        }

        var match = Regex.Match(Encoding.ASCII.GetString(head), @"'shape': \(([0-9, ]*)\)");
        Assert.True(match.Success, $"no shape in the header of {path}");
        return match.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
    }
}
