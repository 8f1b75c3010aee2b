using Specialized.Manifest;
using Specialized.Testing;

namespace Specialized.Benchmarks.Generator;

/// <summary>Models for the generator benchmarks: a ResNet-18-shaped network and single-conv layers.</summary>
internal static class BenchmarkModels
{
    /// <summary>
    /// torchvision ResNet-18 geometry (7×7/2 stem, 3×3/2 max pool, four stages of two basic blocks with 1×1/2
    /// downsampling, global pool, 1000-way fc) at <paramref name="size"/>×<paramref name="size"/> input, with
    /// <paramref name="weightBits"/>-bit weights and 8-bit activations, random parameters.
    /// </summary>
    public static (ManifestSpec Spec, byte[] Blob) ResNet18(int size, int weightBits) =>
        ResNet18(size, new ResNet18Widths(weightBits, [weightBits, weightBits, weightBits, weightBits], weightBits), $"resnet18-{size}");

    /// <summary>The same network with per-part weight widths (8-bit activations everywhere).</summary>
    public static (ManifestSpec Spec, byte[] Blob) ResNet18(int size, ResNet18Widths widths, string name)
    {
        var b = new TestModelBuilder(18, name);
        int[] same = [1, 1, 1, 1];
        string x = b.Conv(b.Input(3, size, size, 8), 64, 7, 2, [3, 3, 3, 3], 1, 1, [widths.Stem], 8, relu: true);
        x = b.Pool(x, max: true, 3, 2, same, ceil: false, false);
        int channels = 64;
        foreach (var (width, stage) in new[] { 64, 128, 256, 512 }.Select((w, i) => (w, i)))
        {
            int weightBits = widths.Stages[stage];
            int bits = widths.ActivationBits(stage);
            for (int block = 0; block < 2; block++)
            {
                int stride = block == 0 && width != channels ? 2 : 1;
                string y = b.Conv(x, width, 3, stride, same, 1, 1, [weightBits], bits, relu: true);
                y = b.Conv(y, width, 3, 1, same, 1, 1, [weightBits], bits, relu: false);
                string shortcut = stride == 1 ? x : b.Conv(x, width, 1, 2, [0, 0, 0, 0], 1, 1, [weightBits], bits, relu: false);
                x = b.Add(y, shortcut, bits, relu: true);
                channels = width;
            }
        }

        string logits = b.Gemm(b.Unary(b.Unary(x, LayerOp.GlobalAvgPool), LayerOp.Flatten), 1000, widths.Classifier, 8, relu: false);
        b.Output(logits, OutputSource.Accumulators);
        return b.Build();
    }

    /// <summary>One conv layer (padding kernel/2: 3 for 7×7, 1 for 3×3, none for 1×1) on a channels×size×size input of <paramref name="activationBits"/>-bit codes.</summary>
    public static (ManifestSpec Spec, byte[] Blob) Conv(int inChannels, int outChannels, int kernel, int stride, int size, int weightBits, int activationBits = 8)
    {
        var b = new TestModelBuilder(kernel, $"conv{kernel}x{kernel}-{inChannels}-{outChannels}-{size}");
        int pad = kernel / 2;
        string y = b.Conv(b.Input(inChannels, size, size, activationBits), outChannels, kernel, stride, [pad, pad, pad, pad], 1, 1, [weightBits], 8, relu: true);
        b.Output(y, OutputSource.Codes);
        return b.Build();
    }

    /// <summary>One gemm layer (features → outputs, accumulator output like a classifier) on <paramref name="activationBits"/>-bit features.</summary>
    public static (ManifestSpec Spec, byte[] Blob) Gemm(int features, int outputs, int weightBits, int activationBits = 8)
    {
        var b = new TestModelBuilder(features, $"gemm-{features}-{outputs}");
        string y = b.Gemm(b.Unary(b.Input(features, 1, 1, activationBits), LayerOp.Flatten), outputs, weightBits, 8, relu: false);
        b.Output(y, OutputSource.Accumulators);
        return b.Build();
    }

    /// <summary>Multiply-accumulates of every conv and gemm layer (the work a GOP/s figure counts twice).</summary>
    public static long MultiplyAccumulates(ManifestSpec spec)
    {
        long total = 0;
        foreach (var layer in spec.Layers)
        {
            if (layer.Weights is null)
            {
                continue;
            }

            var input = spec.FindTensor(layer.Inputs[0])!;
            var output = spec.FindTensor(layer.Output)!;
            long k = layer.Window is { } w ? (long)w.KernelH * w.KernelW * (input.Channels / w.Groups) : input.ElementCount;
            total += k * output.ElementCount;
        }

        return total;
    }
}

/// <summary>
/// Widths of ResNet-18's parts: weight bits of the 7×7 stem, of the four stages (every conv of a stage, shortcut
/// included) and of the fc; optionally the activation bits each stage's convs and adds write (8 everywhere by default;
/// the stem and its max pool always write 8).
/// </summary>
internal sealed record ResNet18Widths(int Stem, int[] Stages, int Classifier, int[]? StageActivations = null)
{
    public int ActivationBits(int stage) => StageActivations?[stage] ?? 8;
}
