using Specialized.Runtime.Execution;

namespace Specialized.Runtime.Tests.Manifest;

/// <summary>The executor on <see cref="TinyManifest"/>, against values computed by hand and by naive loops written here.</summary>
public class HandMadeManifestTests
{
    [Fact]
    public void ZeroImage_GivesTheBiasAloneThroughRequantizeAndRelu()
    {
        // x = 0 → every input code is the zero point 10, so each accumulator is just the bias.
        // Channel 0: 5 + round(3 · 0.5 = 1.5 → 2, half away from zero) = 7 → 0.25 · (7 − 5) = 0.5.
        // Channel 1: 5 + round(−7 · 0.25 = −1.75 → −2) = 3 → ReLU clamp to 5 → 0.
        using var folder = new TempFolder();
        var executor = ManifestExecutor.Load(TinyManifest.WriteTo(folder.Path));
        var output = new float[2];
        executor.Run(new float[16], output);
        Assert.Equal([0.5f, 0f], output);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomImages_MatchNaiveIntegerConvolutionAndPool(int seed)
    {
        using var folder = new TempFolder();
        var executor = ManifestExecutor.Load(TinyManifest.WriteTo(folder.Path));
        Assert.Equal([1, 4, 4], executor.InputShape);
        Assert.Equal(2, executor.OutputLength);
        var random = new Random(seed);
        var image = Enumerable.Range(0, 16).Select(_ => (float)(random.NextDouble() * 12 - 6)).ToArray();
        var output = new float[2];
        executor.Run(image, output);
        Assert.True(Expected(image).SequenceEqual(output), $"seed {seed}: expected [{string.Join(", ", Expected(image))}], got [{string.Join(", ", output)}]");
    }

    /// <summary>Quantize, 3×3 valid convolution, requantize with ReLU, 2×2 max, dequantize: spelled out.</summary>
    private static float[] Expected(float[] image)
    {
        var q = image.Select(x => Math.Clamp(TinyManifest.InputZeroPoint + (int)Math.Round(x / 0.5, MidpointRounding.ToEven), 0, 255)).ToArray();
        var result = new float[2];
        for (int c = 0; c < 2; c++)
        {
            var w = c == 0 ? TinyManifest.Channel0 : TinyManifest.Channel1;
            int bias = c == 0 ? TinyManifest.Bias0 : TinyManifest.Bias1;
            double requantScale = c == 0 ? 0.5 : 0.25;
            int best = 0;
            for (int oy = 0; oy < 2; oy++)
            {
                for (int ox = 0; ox < 2; ox++)
                {
                    int acc = bias;
                    for (int ky = 0; ky < 3; ky++)
                    {
                        for (int kx = 0; kx < 3; kx++)
                        {
                            acc += (q[(oy + ky) * 4 + ox + kx] - TinyManifest.InputZeroPoint) * w[ky * 3 + kx];
                        }
                    }

                    int code = Math.Clamp(TinyManifest.OutputZeroPoint + (int)Math.Round(acc * requantScale, MidpointRounding.AwayFromZero), 5, 255);
                    best = Math.Max(best, code);
                }
            }

            result[c] = TinyManifest.OutputScale * (best - TinyManifest.OutputZeroPoint);
        }

        return result;
    }
}
