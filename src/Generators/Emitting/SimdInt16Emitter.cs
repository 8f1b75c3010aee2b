using System;
using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;
using Specialized.Manifest;

namespace Specialized.Generators.Emitting;

/// <summary>
/// Emits a conv or gemm layer of the SimdInt16 family. Per tile of output pixels (two neighbours in a row for
/// convs, an odd last pixel alone; one for gemm) and conv group: gather each pixel's receptive field into its own
/// int16 row (x − z_x, zero for padding taps; the K order is ky, kx, input channel like the weights), then compute
/// pixels × 4 channel tiles with <see cref="DotHelperEmitter"/>'s helpers, the leftover channels as straight-line
/// 1-channel tiles, each result through the fused epilogue: + bias, Q31 requantize (the runtime's
/// FixedPointMultiplier), + z_y, clamp. Every shape, offset and constant is a literal.
/// </summary>
internal static class SimdInt16Emitter
{
    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        if (plan.Family != KernelFamily.SimdInt16 || plan.PaddedReductionSize % 32 != 0 || plan.TileChannels != 4 || plan.TileRows is < 1 or > 2)
        {
            throw new InvalidOperationException($"SimdInt16 emitter got an unsupported plan for layer {plan.Layer.Name}");
        }

        var layer = plan.Layer;
        var x = plan.Inputs[0];
        var y = plan.Output;
        string id = plan.MethodName.Substring("Layer".Length);
        EmitData(w, plan, id);
        EmitInit(w, plan, id);
        EmitStore(w, plan, id);

        w.WriteLine($"/// <summary>{Literals.Comment(plan.KernelName)}: layer '{Literals.Comment(layer.Name)}'.</summary>");
        w.Open($"private void {plan.MethodName}()");
        w.WriteLine($"{Names.ReadOnlySpan}<byte> x = new(_arena, {L(x.Offset)}, {L(x.Length)});");
        w.WriteLine($"{Names.Span}<byte> y = new(_arena, {L(y.Offset)}, {L(y.Length)});");
        w.WriteLine($"{Names.Span}<short> row = _row;");
        // row[K..Kp) may hold another layer's values; the weight rows are zero there, so they add nothing.
        w.WriteLine($"ref short r = ref {Names.MemoryMarshal}.GetArrayDataReference(_row);");
        w.WriteLine($"ref short w = ref {Names.MemoryMarshal}.GetArrayDataReference(_w{id});");
        if (layer.Op == LayerOp.Gemm)
        {
            w.WriteLine($"{Names.Integer}.ActivationRows.WidenSubtract(x, {L(x.ZeroPoint)}, row);");
            w.WriteLine("const int pixel = 0;");
            EmitChannels(w, plan, id, "0", y.Channels, 1);
        }
        else
        {
            EmitConvLoops(w, plan, id);
        }

        w.Close();
    }

    private static void EmitConvLoops(SourceWriter w, LayerPlan plan, string id)
    {
        var win = plan.Layer.Window!;
        var x = plan.Inputs[0];
        var y = plan.Output;
        int groups = win.Groups;
        int inPerGroup = x.Channels / groups, outPerGroup = y.Channels / groups;
        var (rowLo, rowHi) = Interior(y.Height, x.Height, win.KernelH, win.StrideH, win.PadTop, win.DilationH);
        var (colLo, colHi) = Interior(y.Width, x.Width, win.KernelW, win.StrideW, win.PadLeft, win.DilationW);
        bool allInterior = rowLo == 0 && rowHi == y.Height && colLo == 0 && colHi == y.Width;
        bool noInterior = rowLo >= rowHi || colLo >= colHi;
        w.WriteLine($"// {win.KernelH}x{win.KernelW} window, stride {win.StrideH}x{win.StrideW}, pads {win.PadTop},{win.PadLeft},{win.PadBottom},{win.PadRight}, dilation {win.DilationH}x{win.DilationW}, {groups} group(s) of {inPerGroup} -> {outPerGroup} channels");
        w.WriteLine($"// interior (no padding taps): rows [{rowLo}, {rowHi}) x columns [{colLo}, {colHi}); other pixels take the bounds-checked gather");
        int pairs = plan.TileRows == 2 ? y.Width / 2 : 0;
        w.Open($"for (int oy = 0; oy < {L(y.Height)}; oy++)");
        if (pairs > 0)
        {
            // Full 2-pixel tiles: two neighbouring output pixels share every weight load.
            w.Open($"for (int ox = 0; ox < {L(2 * pairs)}; ox += 2)");
            EmitPixels(w, plan, id, 2, allInterior, noInterior, rowLo, rowHi, colLo, colHi);
            w.Close();
        }

        if (2 * pairs < y.Width)
        {
            // The edge pixel (or every pixel, with 1-pixel tiles).
            w.Open(pairs > 0 ? "" : $"for (int ox = 0; ox < {L(y.Width)}; ox++)");
            if (pairs > 0)
            {
                w.WriteLine($"int ox = {L(y.Width - 1)};");
            }

            EmitPixels(w, plan, id, 1, allInterior, noInterior, rowLo, rowHi, colLo, colHi);
            w.Close();
        }

        w.Close();
    }

    /// <summary>The body for <paramref name="pixels"/> output pixels starting at column ox: gather each into its row, then the channel tiles.</summary>
    private static void EmitPixels(SourceWriter w, LayerPlan plan, string id, int pixels, bool allInterior, bool noInterior, int rowLo, int rowHi, int colLo, int colHi)
    {
        var win = plan.Layer.Window!;
        var x = plan.Inputs[0];
        var y = plan.Output;
        int groups = win.Groups;
        int inPerGroup = x.Channels / groups, outPerGroup = y.Channels / groups;
        w.WriteLine($"int pixel = (oy * {L(y.Width)} + ox) * {L(y.Channels)};");
        if (groups > 1)
        {
            w.Open($"for (int g = 0; g < {L(groups)}; g++)");
        }

        string groupInput = groups > 1 ? $" + g * {L(inPerGroup)}" : string.Empty;
        for (int p = 0; p < pixels; p++)
        {
            string ox = p == 0 ? "ox" : $"(ox + {L(p)})";
            int rowBase = p * plan.PaddedReductionSize;
            w.Open(string.Empty);
            if (allInterior)
            {
                EmitGather(w, plan, groupInput, ox, rowBase, checkBounds: false);
            }
            else if (noInterior)
            {
                EmitGather(w, plan, groupInput, ox, rowBase, checkBounds: true);
            }
            else
            {
                w.Open($"if (oy >= {L(rowLo)} && oy < {L(rowHi)} && {ox} >= {L(colLo)} && {ox} < {L(colHi)})");
                EmitGather(w, plan, groupInput, ox, rowBase, checkBounds: false);
                w.Close();
                w.Open("else");
                EmitGather(w, plan, groupInput, ox, rowBase, checkBounds: true);
                w.Close();
            }

            w.Close();
        }

        EmitChannels(w, plan, id, groups > 1 ? $"g * {L(outPerGroup)}" : "0", outPerGroup, pixels);
        if (groups > 1)
        {
            w.Close();
        }
    }

    /// <summary>Output positions whose every tap lies inside the input: [lo, hi).</summary>
    private static (int Lo, int Hi) Interior(int outSize, int inSize, int kernel, int stride, int padBegin, int dilation)
    {
        int lo = (padBegin + stride - 1) / stride;
        long last = (long)inSize - 1 + padBegin - (long)(kernel - 1) * dilation;
        int hi = last < 0 ? 0 : (int)Math.Min(outSize, last / stride + 1);
        return (Math.Min(lo, outSize), Math.Max(hi, 0));
    }

    private static void EmitGather(SourceWriter w, LayerPlan plan, string groupInput, string outX, int rowBase, bool checkBounds)
    {
        var win = plan.Layer.Window!;
        var x = plan.Inputs[0];
        int inPerGroup = x.Channels / win.Groups;
        int zx = x.ZeroPoint;
        for (int ky = 0; ky < win.KernelH; ky++)
        {
            int dy = ky * win.DilationH - win.PadTop;
            string iy = $"{Scaled("oy", win.StrideH)}{Signed(dy)}";
            if (checkBounds)
            {
                w.WriteLine($"int iy{ky} = {iy};");
                w.WriteLine($"bool rowInside{ky} = (uint)iy{ky} < {L(x.Height)}u;");
                iy = $"iy{ky}";
            }
            else
            {
                iy = $"({iy})";
            }

            for (int kx = 0; kx < win.KernelW; kx++)
            {
                int tap = ky * win.KernelW + kx;
                int dx = kx * win.DilationW - win.PadLeft;
                string ix = $"{Scaled(outX, win.StrideW)}{Signed(dx)}";
                int rowStart = rowBase + tap * inPerGroup;
                if (checkBounds)
                {
                    w.WriteLine($"int ix{ky}_{kx} = {ix};");
                    w.Open($"if (rowInside{ky} && (uint)ix{ky}_{kx} < {L(x.Width)}u)");
                    EmitCopy(w, $"({iy} * {L(x.Width)} + ix{ky}_{kx}) * {L(x.Channels)}{groupInput}", inPerGroup, zx, rowStart);
                    w.Close();
                    w.Open("else");
                    w.WriteLine($"row.Slice({L(rowStart)}, {L(inPerGroup)}).Clear();");
                    w.Close();
                }
                else
                {
                    EmitCopy(w, $"({iy} * {L(x.Width)} + {ix}) * {L(x.Channels)}{groupInput}", inPerGroup, zx, rowStart);
                }
            }
        }
    }

    /// <summary>row[rowStart + i] = x[source + i] − z for i &lt; count: inline for a few channels, the vectorized helper otherwise.</summary>
    private static void EmitCopy(SourceWriter w, string source, int count, int zeroPoint, int rowStart)
    {
        if (count <= 4)
        {
            w.WriteLine($"int at{rowStart} = {source};");
            for (int i = 0; i < count; i++)
            {
                w.WriteLine($"row[{L(rowStart + i)}] = (short)(x[at{rowStart}{Signed(i)}] - {L(zeroPoint)});");
            }

            return;
        }

        w.WriteLine($"{Names.Integer}.ActivationRows.WidenSubtract(x.Slice({source}, {L(count)}), {L(zeroPoint)}, row.Slice({L(rowStart)}, {L(count)}));");
    }

    private static string Scaled(string variable, int factor) => factor == 1 ? variable : $"{variable} * {L(factor)}";

    /// <summary>Channel tiles of 4 for <paramref name="pixels"/> pixels, then the leftover channels as straight-line edge tiles.</summary>
    private static void EmitChannels(SourceWriter w, LayerPlan plan, string id, string first, int count, int pixels)
    {
        int kp = plan.PaddedReductionSize;
        int full = count / 4 * 4;
        string start = first == "0" ? string.Empty : first + " + ";
        if (full > 0)
        {
            w.Open($"for (int o = {start}0; o < {start}{L(full)}; o += 4)");
            EmitTile(w, plan, id, pixels, 4, "o", kp);
            w.Close();
        }

        for (int c = full; c < count; c++)
        {
            // Edge channels: straight-line, no remainder loop.
            w.Open(string.Empty);
            w.WriteLine($"int o = {start}{L(c)};");
            EmitTile(w, plan, id, pixels, 1, "o", kp);
            w.Close();
        }
    }

    private static void EmitTile(SourceWriter w, LayerPlan plan, string id, int pixels, int channels, string o, int kp)
    {
        var outs = new System.Text.StringBuilder();
        for (int p = 0; p < pixels; p++)
        {
            for (int c = 0; c < channels; c++)
            {
                outs.Append($", out int c{p}_{c}");
            }
        }

        w.WriteLine($"Kernels.{DotHelperEmitter.Name(pixels, channels, kp)}(ref r, ref {Names.Unsafe}.Add(ref w, {o} * {L(kp)}){outs});");
        for (int p = 0; p < pixels; p++)
        {
            string pixel = p == 0 ? "pixel" : $"pixel + {L(p * plan.Output.Channels)}";
            for (int c = 0; c < channels; c++)
            {
                w.WriteLine($"Store{id}(y, {pixel} + {o}{Signed(c)}, {o}{Signed(c)}, c{p}_{c});");
            }
        }
    }

    private static void EmitData(SourceWriter w, LayerPlan plan, string id)
    {
        var weights = plan.Layer.Weights!;
        w.WriteLine($"private static {Names.ReadOnlySpan}<int> Bias{id} => {Literals.IntArray(weights.Bias)};");
        w.WriteLine($"private static {Names.ReadOnlySpan}<int> Multipliers{id} => {Literals.IntArray(weights.Multipliers)};");
        w.WriteLine($"private static {Names.ReadOnlySpan}<int> Shifts{id} => {Literals.IntArray(weights.Shifts)};");
        if (!weights.Codebook.IsEmpty)
        {
            w.WriteLine($"private static {Names.ReadOnlySpan}<int> Codebook{id} => {Literals.IntArray(weights.Codebook)};");
        }

        w.WriteLine($"private readonly short[] _w{id} = new short[{L(plan.Output.Channels)} * {L(plan.PaddedReductionSize)}];");
        w.WriteLine();
    }

    private static void EmitInit(SourceWriter w, LayerPlan plan, string id)
    {
        var weights = plan.Layer.Weights!;
        string codebook = weights.Codebook.IsEmpty ? "default" : "Codebook" + id;
        w.WriteLine($"/// <summary>Unpacks layer '{Literals.Comment(plan.Layer.Name)}' weights into rows of {plan.PaddedReductionSize} int16 (zero padded).</summary>");
        w.Open($"private void Init{id}(byte[] blob)");
        foreach (var group in weights.ChannelGroups)
        {
            w.WriteLine($"// channels [{group.First}, {group.First + group.Count}) at {group.WeightBits} bits, blob bytes [{group.Offset}, +{group.Length})");
            w.WriteLine($"{Names.Integer}.WeightRows.Unpack(blob, {group.Offset.ToString(CultureInfo.InvariantCulture)}L, {L(group.First)}, {L(group.Count)}, {L(plan.ReductionSize)}, {L(group.WeightBits)}, {codebook}, _w{id}, {L(plan.PaddedReductionSize)});");
        }

        w.Close();
        w.WriteLine();
    }

    private static void EmitStore(SourceWriter w, LayerPlan plan, string id)
    {
        var y = plan.Output;
        var clamp = plan.Layer.Clamp!;
        w.WriteLine("/// <summary>Epilogue: + bias, Q31 requantize (round half away from zero), + output zero point, clamp.</summary>");
        w.WriteLine($"[{Names.MethodImpl}]");
        w.Open($"private void Store{id}({Names.Span}<byte> y, int index, int channel, int dot)");
        w.WriteLine($"int acc = dot + Bias{id}[channel];");
        if (y.AccumulatorOffset >= 0)
        {
            w.WriteLine($"_accumulators[{L(y.AccumulatorOffset)} + index] = acc;");
        }

        w.WriteLine($"y[index] = (byte){Names.Quantization}.Requantization.RequantizeToOutput(acc, new {Names.Quantization}.FixedPointMultiplier(Multipliers{id}[channel], Shifts{id}[channel]), {L(y.ZeroPoint)}, {L(clamp.QMin)}, {L(clamp.QMax)});");
        w.Close();
        w.WriteLine();
    }

    private static string Signed(int value) => value == 0 ? string.Empty : value > 0 ? " + " + L(value) : " - " + L(-value);

    private static string L(int value) => value.ToString(CultureInfo.InvariantCulture);
}
