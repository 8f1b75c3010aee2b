using Specialized.Runtime.Execution;
using Specialized.Runtime.Onnx;
using Specialized.Runtime.Tensors;

namespace Specialized.Samples.ResNet18;

/// <summary>
/// The embedded ONNX model run by the runtime's float32 executor: the accuracy baseline that the specialized
/// mixed-precision model is compared with.
/// </summary>
internal sealed class Float32Classifier : IDisposable
{
    private readonly FloatExecutor executor;

    public Float32Classifier(int? threads = null)
    {
        var graph = OnnxImporter.Load(FashionMnist.OpenResource("fmnist_resnet18.onnx"), "fmnist_resnet18.onnx");
        executor = new FloatExecutor(graph, threads);
    }

    public int Threads => executor.Threads;

    /// <summary>Logits for a normalized N×1×28×28 batch, written to <paramref name="logits"/> (N×10); no allocation after warm-up.</summary>
    public void Run(ReadOnlySpan<float> batch, ReadOnlySpan<int> shape, Span<float> logits) => executor.Run(batch, shape, logits);

    /// <summary>Logits for a normalized N×1×28×28 batch.</summary>
    public DenseTensor<float> Run(DenseTensor<float> batch) => executor.Run(batch);

    public void Dispose() => executor.Dispose();
}
