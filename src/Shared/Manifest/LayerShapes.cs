using System.Collections.Generic;

namespace Specialized.Manifest;

/// <summary>
/// The output shape each op computes from its input shapes and geometry (per image: [C, H, W] or [F]), with the
/// same formulas as the runtime's <c>Conv2dGeometry</c> and <c>Pool2dGeometry</c>. Reports a ShapeMismatch and
/// returns null when the inputs do not fit the op.
/// </summary>
internal readonly struct LayerShapes
{
    private readonly LayerSpec _layer;
    private readonly ObjectReader _reader;

    public LayerShapes(LayerSpec layer, ObjectReader reader)
    {
        _layer = layer;
        _reader = reader;
    }

    public EquatableArray<int>? Expected(List<TensorSpec> inputs)
    {
        var x = inputs[0];
        switch (_layer.Op)
        {
            case LayerOp.Conv:
                return Conv(x);
            case LayerOp.Gemm:
                if (x.Shape.Count != 1)
                {
                    return Fail($"gemm input '{x.Id}' must be rank 1 [F] (flatten it first), has shape {x.Shape}");
                }

                return EquatableArray.Create(_layer.Weights!.WeightScales.Count);
            case LayerOp.Add:
                if (!x.Shape.Equals(inputs[1].Shape))
                {
                    return Fail($"add inputs '{x.Id}' {x.Shape} and '{inputs[1].Id}' {inputs[1].Shape} differ in shape");
                }

                return x.Shape;
            case LayerOp.MaxPool:
            case LayerOp.AvgPool:
                return Pool(x);
            case LayerOp.GlobalAvgPool:
                return RequireImage(x) ? EquatableArray.Create(x.Channels, 1, 1) : null;
            case LayerOp.Flatten:
                return EquatableArray.Create(x.ElementCount);
            case LayerOp.Concat:
                return Concat(inputs);
            default:
                return x.Shape;
        }
    }

    private EquatableArray<int>? Conv(TensorSpec x)
    {
        var w = _layer.Window!;
        int outChannels = _layer.Weights!.WeightScales.Count;
        if (!RequireImage(x))
        {
            return null;
        }

        if (x.Channels % w.Groups != 0 || outChannels % w.Groups != 0)
        {
            return Fail($"groups {w.Groups} must divide the {x.Channels} input and {outChannels} output channels");
        }

        long h = Span(x.Height, w.PadTop, w.PadBottom, w.KernelH, w.DilationH);
        long wd = Span(x.Width, w.PadLeft, w.PadRight, w.KernelW, w.DilationW);
        if (h < 0 || wd < 0)
        {
            return Fail($"input '{x.Id}' {x.Shape} is smaller than the {w.KernelH}×{w.KernelW} kernel");
        }

        return EquatableArray.Create(outChannels, (int)(h / w.StrideH + 1), (int)(wd / w.StrideW + 1));
    }

    private EquatableArray<int>? Pool(TensorSpec x)
    {
        var w = _layer.Window!;
        if (!RequireImage(x))
        {
            return null;
        }

        long h = PoolSize(x.Height, w.KernelH, w.StrideH, w.PadTop, w.PadBottom, w.DilationH, w.CeilMode);
        long wd = PoolSize(x.Width, w.KernelW, w.StrideW, w.PadLeft, w.PadRight, w.DilationW, w.CeilMode);
        if (h <= 0 || wd <= 0)
        {
            return Fail($"input '{x.Id}' {x.Shape} is smaller than the {w.KernelH}×{w.KernelW} window");
        }

        return EquatableArray.Create(x.Channels, (int)h, (int)wd);
    }

    private EquatableArray<int>? Concat(List<TensorSpec> inputs)
    {
        var first = inputs[0];
        long channels = 0;
        foreach (var input in inputs)
        {
            if (input.Shape.Count != first.Shape.Count)
            {
                return Fail($"concat inputs '{first.Id}' {first.Shape} and '{input.Id}' {input.Shape} differ in rank");
            }

            for (int d = 1; d < first.Shape.Count; d++)
            {
                if (input.Shape[d] != first.Shape[d])
                {
                    return Fail($"concat joins channels; '{first.Id}' {first.Shape} and '{input.Id}' {input.Shape} differ in height or width");
                }
            }

            channels += input.Channels;
        }

        var shape = first.Shape.ToArray();
        shape[0] = (int)System.Math.Min(channels, int.MaxValue);
        return shape.ToEquatableArray();
    }

    private static long Span(int size, int padBegin, int padEnd, int kernel, int dilation) =>
        (long)size + padBegin + padEnd - (long)dilation * (kernel - 1) - 1;

    // ONNX/PyTorch pool size: with ceil mode round up, but drop a window that would start inside the end padding.
    private static long PoolSize(int size, int kernel, int stride, int padBegin, int padEnd, int dilation, bool ceil)
    {
        long span = Span(size, padBegin, padEnd, kernel, dilation);
        if (span < 0)
        {
            return 0;
        }

        long count = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (count - 1) * stride >= (long)size + padBegin)
        {
            count--;
        }

        return count;
    }

    private bool RequireImage(TensorSpec x)
    {
        if (x.Shape.Count == 3)
        {
            return true;
        }

        Fail($"op {LayerOps.Name(_layer.Op)} needs a [C, H, W] input, '{x.Id}' has shape {x.Shape}");
        return false;
    }

    private EquatableArray<int>? Fail(string message)
    {
        _reader.Error(ManifestErrorCode.ShapeMismatch, "inputs", message);
        return null;
    }
}
