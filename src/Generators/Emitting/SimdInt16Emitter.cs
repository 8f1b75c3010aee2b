using System;
using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;
using Specialized.Manifest;

namespace Specialized.Generators.Emitting;

/// <summary>
/// Emits a conv or gemm layer of the SimdInt16 family. Per output pixel and conv group: gather the receptive field
/// into an int16 row (x − z_x, zero for padding taps; the K order is ky, kx, input channel like the weights), then
/// dot it with four weight rows at a time (<see cref="DotHelperEmitter"/>), the leftover channels as straight-line
/// single-row calls, each followed by the fused epilogue: + bias, Q31 requantize (the runtime's
/// FixedPointMultiplier), + z_y, clamp. Every shape, offset and constant is a literal.
/// </summary>
internal static class SimdInt16Emitter
{
    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        if (plan.Family != KernelFamily.SimdInt16 || plan.PaddedReductionSize % 32 != 0 || plan.TileChannels != 4)
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
            EmitChannels(w, plan, id, "0", y.Channels);
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
        w.Open($"for (int oy = 0; oy < {L(y.Height)}; oy++)");
        w.Open($"for (int ox = 0; ox < {L(y.Width)}; ox++)");
        w.WriteLine($"int pixel = (oy * {L(y.Width)} + ox) * {L(y.Channels)};");
        if (!allInterior && !noInterior)
        {
            w.WriteLine($"bool interior = oy >= {L(rowLo)} && oy < {L(rowHi)} && ox >= {L(colLo)} && ox < {L(colHi)};");
        }

        if (groups > 1)
        {
            w.Open($"for (int g = 0; g < {L(groups)}; g++)");
        }

        string groupInput = groups > 1 ? $" + g * {L(inPerGroup)}" : string.Empty;
        if (allInterior)
        {
            EmitGather(w, plan, groupInput, checkBounds: false);
        }
        else if (noInterior)
        {
            EmitGather(w, plan, groupInput, checkBounds: true);
        }
        else
        {
            w.Open("if (interior)");
            EmitGather(w, plan, groupInput, checkBounds: false);
            w.Close();
            w.Open("else");
            EmitGather(w, plan, groupInput, checkBounds: true);
            w.Close();
        }

        EmitChannels(w, plan, id, groups > 1 ? $"g * {L(outPerGroup)}" : "0", outPerGroup);
        if (groups > 1)
        {
            w.Close();
        }

        w.Close();
        w.Close();
    }

    /// <summary>Output positions whose every tap lies inside the input: [lo, hi).</summary>
    private static (int Lo, int Hi) Interior(int outSize, int inSize, int kernel, int stride, int padBegin, int dilation)
    {
        int lo = (padBegin + stride - 1) / stride;
        long last = (long)inSize - 1 + padBegin - (long)(kernel - 1) * dilation;
        int hi = last < 0 ? 0 : (int)Math.Min(outSize, last / stride + 1);
        return (Math.Min(lo, outSize), Math.Max(hi, 0));
    }

    private static void EmitGather(SourceWriter w, LayerPlan plan, string groupInput, bool checkBounds)
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
                string ix = $"{Scaled("ox", win.StrideW)}{Signed(dx)}";
                int rowStart = tap * inPerGroup;
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

    private static void EmitChannels(SourceWriter w, LayerPlan plan, string id, string first, int count)
    {
        int kp = plan.PaddedReductionSize;
        int full = count / 4 * 4;
        string start = first == "0" ? string.Empty : first + " + ";
        if (full > 0)
        {
            w.Open($"for (int o = {start}0; o < {start}{L(full)}; o += 4)");
            w.WriteLine($"Kernels.Dot4_K{kp}(ref r, ref {Names.Unsafe}.Add(ref w, o * {L(kp)}), out int a0, out int a1, out int a2, out int a3);");
            for (int j = 0; j < 4; j++)
            {
                w.WriteLine($"Store{id}(y, pixel + o{Signed(j)}, o{Signed(j)}, a{j});");
            }

            w.Close();
        }

        for (int c = full; c < count; c++)
        {
            // Edge channels: straight-line, no remainder loop.
            string o = $"{start}{L(c)}";
            w.WriteLine($"Store{id}(y, pixel + {o}, {o}, Kernels.Dot1_K{kp}(ref r, ref {Names.Unsafe}.Add(ref w, ({o}) * {L(kp)})));");
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
