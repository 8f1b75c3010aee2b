using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;

namespace Specialized.Generators.Emitting;

/// <summary>
/// Emits the int16 dot-product helpers of the SimdInt16 family for each padded reduction size K (a literal):
/// <c>Dot{P}x{R}_K{K}</c> computes a P × R register tile — P activation rows (output pixels) against R weight
/// rows (output channels), rows K values apart — so each activation load feeds R products and each weight load P.
/// Tiles 1×4, 1×1, 2×4 and 2×1 are emitted (full tiles and straight-line edges). Widest first: Vector512
/// (vpmaddwd zmm), Vector256 (vpmaddwd ymm), scalar; the <c>IsSupported</c> checks are JIT/AOT constants, so only
/// one path survives in machine code.
/// </summary>
/// <remarks>
/// Products of int16 pairs summed in int32 are exact; the int32 running sum may wrap, but when the true sum fits
/// int32 (checked for the worst case at generation time, SP0021) the wrapped sum equals it, so the result is the
/// reference's accumulator bit for bit regardless of summation order.
/// </remarks>
internal static class DotHelperEmitter
{
    /// <summary>The (pixels, channels) tiles emitted for every K.</summary>
    public static readonly (int Pixels, int Channels)[] Tiles = [(1, 4), (1, 1), (2, 4), (2, 1)];

    /// <summary>Up to this many vector steps the K loop is fully unrolled; beyond, it loops with literal bounds.</summary>
    private const int MaxUnrolledSteps = 8;

    public static string Name(int pixels, int channels, int k) => $"Dot{pixels}x{channels}_K{k}";

    public static string Emit(ModelPlan plan)
    {
        var w = new SourceWriter();
        FileHeader.Open(w, plan.Namespace, $"partial class {plan.ClassName}", plan.ManifestFileName);
        w.WriteLine("/// <summary>int16 dot-product tiles with the reduction size as a literal (SimdInt16 family).</summary>");
        w.Open("private static class Kernels");
        bool first = true;
        foreach (int k in plan.DotSizes)
        {
            foreach (var (pixels, channels) in Tiles)
            {
                if (!first)
                {
                    w.WriteLine();
                }

                first = false;
                EmitDot(w, k, pixels, channels);
            }
        }

        w.Close();
        FileHeader.Close(w);
        return w.ToString();
    }

    private static void EmitDot(SourceWriter w, int k, int pixels, int channels)
    {
        // Guard like a template's $assert: the planner pads K to whole Vector512 steps.
        if (k % 32 != 0 || pixels < 1 || channels < 1)
        {
            throw new System.InvalidOperationException($"dot helper needs K padded to 32 (K = {k}) and a non-empty tile");
        }

        string outs = string.Concat(Cells(pixels, channels, (p, c) => $", out int {Out(p, c)}"));
        w.WriteLine($"/// <summary>{Out("p", "c")} = Σ x_p[i]·w_c[i] over i &lt; {k}, for {pixels} activation row(s) and {channels} weight row(s), each {k} values apart.</summary>");
        w.WriteLine($"[{Names.MethodImpl}]");
        w.Open($"public static void {Name(pixels, channels, k)}(ref short x, ref short w{outs})");
        EmitPath(w, k, pixels, channels, Names.Vector512, Names.Avx512BW, 32);
        EmitPath(w, k, pixels, channels, Names.Vector256, Names.Avx2, 16);
        foreach (string cell in Cells(pixels, channels, (p, c) => $"{Out(p, c)} = 0;"))
        {
            w.WriteLine(cell);
        }

        w.Open($"for (nint i = 0; i < {k}; i++)");
        for (int p = 0; p < pixels; p++)
        {
            w.WriteLine($"int x{p} = {Names.Unsafe}.Add(ref x, i{Offset(p * k)});");
        }

        for (int c = 0; c < channels; c++)
        {
            w.WriteLine($"int w{c} = {Names.Unsafe}.Add(ref w, i{Offset(c * k)});");
            for (int p = 0; p < pixels; p++)
            {
                w.WriteLine($"{Out(p, c)} += x{p} * w{c};");
            }
        }

        w.Close();
        w.Close();
    }

    private static void EmitPath(SourceWriter w, int k, int pixels, int channels, string vector, string isa, int lanes)
    {
        w.Open($"if ({isa}.IsSupported)");
        foreach (string cell in Cells(pixels, channels, (p, c) => $"var v{p}_{c} = {vector}<int>.Zero;"))
        {
            w.WriteLine(cell);
        }

        int steps = k / lanes;
        if (steps <= MaxUnrolledSteps)
        {
            for (int s = 0; s < steps; s++)
            {
                EmitStep(w, k, pixels, channels, vector, isa, s * lanes, $"_{s}");
            }
        }
        else
        {
            w.Open($"for (nuint i = 0; i < {k}; i += {lanes})");
            EmitStep(w, k, pixels, channels, vector, isa, null, string.Empty);
            w.Close();
        }

        foreach (string cell in Cells(pixels, channels, (p, c) => $"{Out(p, c)} = {vector}.Sum(v{p}_{c});"))
        {
            w.WriteLine(cell);
        }

        w.WriteLine("return;");
        w.Close();
    }

    /// <summary>One vector step at a literal offset (unrolled) or at loop variable i (offset null).</summary>
    private static void EmitStep(SourceWriter w, int k, int pixels, int channels, string vector, string isa, int? offset, string suffix)
    {
        for (int p = 0; p < pixels; p++)
        {
            w.WriteLine($"var x{p}{suffix} = {vector}.LoadUnsafe(ref x, {At(offset, p * k)});");
        }

        for (int c = 0; c < channels; c++)
        {
            w.WriteLine($"var w{c}{suffix} = {vector}.LoadUnsafe(ref w, {At(offset, c * k)});");
            for (int p = 0; p < pixels; p++)
            {
                w.WriteLine($"v{p}_{c} += {isa}.MultiplyAddAdjacent(x{p}{suffix}, w{c}{suffix});");
            }
        }
    }

    private static string At(int? offset, int row) =>
        offset is { } o ? $"(nuint){Lit(o + row)}" : row == 0 ? "i" : $"i + {Lit(row)}";

    private static string Out(object pixel, object channel) => $"c{pixel}_{channel}";

    private static System.Collections.Generic.IEnumerable<string> Cells(int pixels, int channels, System.Func<int, int, string> cell)
    {
        for (int p = 0; p < pixels; p++)
        {
            for (int c = 0; c < channels; c++)
            {
                yield return cell(p, c);
            }
        }
    }

    private static string Offset(int value) => value == 0 ? string.Empty : " + " + Lit(value);

    private static string Lit(int value) => value.ToString(CultureInfo.InvariantCulture);
}
