using Specialized.Manifest;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Reference;

namespace Specialized.Runtime.Execution;

public sealed partial class ManifestExecutor
{
    /// <summary>Evaluates one layer on NHWC codes with the reference integer kernel for its op.</summary>
    private byte[] RunLayer(LayerSpec layer, Dictionary<string, byte[]> codes, Dictionary<string, int[]> accumulators)
    {
        var x = _tensors[layer.Inputs[0]];
        var y = _tensors[layer.Output];
        byte[] input = codes[layer.Inputs[0]];
        var output = new byte[y.ElementCount];
        switch (layer.Op)
        {
            case LayerOp.Conv:
            {
                var geometry = ConvGeometry(layer.Window!, x.Channels, y.Channels);
                var w = _weights[layer.Name];
                IntegerReference.Conv2d(input, 1, x.Height, x.Width, geometry, x.ZeroPoint, w.Codes, w.Bias, w.Multipliers, y.ZeroPoint, layer.Clamp!.QMin, layer.Clamp.QMax, output);
                if (_accumulatorOutputs.Contains(layer.Output))
                {
                    var acc = new int[y.ElementCount];
                    IntegerReference.Conv2dAccumulators(input, 1, x.Height, x.Width, geometry, x.ZeroPoint, w.Codes, w.Bias, acc);
                    accumulators[layer.Output] = acc;
                }

                break;
            }

            case LayerOp.Gemm:
            {
                var w = _weights[layer.Name];
                IntegerReference.Gemm(input, 1, x.ElementCount, y.ElementCount, x.ZeroPoint, w.Codes, w.Bias, w.Multipliers, y.ZeroPoint, layer.Clamp!.QMin, layer.Clamp.QMax, output);
                if (_accumulatorOutputs.Contains(layer.Output))
                {
                    var acc = new int[y.ElementCount];
                    IntegerReference.GemmAccumulators(input, 1, x.ElementCount, y.ElementCount, x.ZeroPoint, w.Codes, w.Bias, acc);
                    accumulators[layer.Output] = acc;
                }

                break;
            }

            case LayerOp.Add:
            {
                var right = _tensors[layer.Inputs[1]];
                var r = layer.Rescale!;
                IntegerReference.Add(input, x.ZeroPoint, codes[layer.Inputs[1]], right.ZeroPoint, new AddRescale(r.LeftMultiplier, r.RightMultiplier, r.Shift), y.ZeroPoint, layer.Clamp!.QMin, layer.Clamp.QMax, output);
                break;
            }

            case LayerOp.MaxPool:
                IntegerReference.MaxPool2d(input, 1, x.Height, x.Width, x.Channels, PoolGeometry(layer.Window!), output);
                break;
            case LayerOp.AvgPool:
                IntegerReference.AveragePool2d(input, 1, x.Height, x.Width, x.Channels, PoolGeometry(layer.Window!), layer.Window!.CountIncludePad, x.ZeroPoint, output);
                break;
            case LayerOp.GlobalAvgPool:
                IntegerReference.GlobalAveragePool(input, 1, x.Height, x.Width, x.Channels, x.ZeroPoint, output);
                break;
            case LayerOp.Flatten:
                // NHWC codes flatten in (h, w, c) order; the builder permuted the next gemm's columns to match.
                input.CopyTo(output, 0);
                break;
            case LayerOp.Concat:
                ConcatChannels(layer, codes, y, output);
                break;
            case LayerOp.Clamp:
                IntegerReference.Clamp(input, layer.Clamp!.QMin, layer.Clamp.QMax, output);
                break;
        }

        return output;
    }

    /// <summary>Channel concatenation on NHWC: per pixel, each input's channels in input order.</summary>
    private void ConcatChannels(LayerSpec layer, Dictionary<string, byte[]> codes, TensorSpec y, byte[] output)
    {
        int area = y.Height * y.Width;
        int written = 0;
        for (int p = 0; p < area; p++)
        {
            foreach (string id in layer.Inputs)
            {
                int channels = _tensors[id].Channels;
                codes[id].AsSpan(p * channels, channels).CopyTo(output.AsSpan(written));
                written += channels;
            }
        }
    }

    private static Conv2dGeometry ConvGeometry(WindowSpec w, int inChannels, int outChannels) =>
        new(inChannels, outChannels, w.KernelH, w.KernelW, w.StrideH, w.StrideW, w.PadTop, w.PadLeft, w.PadBottom, w.PadRight, w.DilationH, w.DilationW, w.Groups);

    private static Pool2dGeometry PoolGeometry(WindowSpec w) =>
        new(w.KernelH, w.KernelW, w.StrideH, w.StrideW, w.PadTop, w.PadLeft, w.PadBottom, w.PadRight, w.DilationH, w.DilationW, w.CeilMode);
}
