using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;

namespace Specialized.Generators.Emitting;

/// <summary>
/// Emits the int16 dot-product helpers of the SimdInt16 family, one pair per padded reduction size K (a literal):
/// <c>Dot4_K{K}</c> (four weight rows against one activation row: each activation load is used four times) and
/// <c>Dot1_K{K}</c> (edge channels). Widest first: Vector512 (vpmaddwd zmm), Vector256 (vpmaddwd ymm), scalar.
/// The <c>IsSupported</c> checks are JIT/AOT constants, so only one path survives in machine code.
/// </summary>
/// <remarks>
/// Products of int16 pairs summed in int32 are exact; the int32 running sum may wrap, but when the true sum fits
/// int32 (checked for the worst case at generation time, SP0021) the wrapped sum equals it, so the result is the
/// reference's accumulator bit for bit regardless of summation order.
/// </remarks>
internal static class DotHelperEmitter
{
    /// <summary>Up to this many vector steps the K loop is fully unrolled; beyond, it loops with literal bounds.</summary>
    private const int MaxUnrolledSteps = 8;

    public static string Emit(ModelPlan plan)
    {
        var w = new SourceWriter();
        FileHeader.Open(w, plan.Namespace, $"partial class {plan.ClassName}", plan.ManifestFileName);
        w.WriteLine("/// <summary>int16 dot products with the reduction size as a literal (SimdInt16 family).</summary>");
        w.Open("private static class Kernels");
        bool first = true;
        foreach (int k in plan.DotSizes)
        {
            if (!first)
            {
                w.WriteLine();
            }

            first = false;
            EmitDot(w, k, 4);
            w.WriteLine();
            EmitDot(w, k, 1);
        }

        w.Close();
        FileHeader.Close(w);
        return w.ToString();
    }

    private static void EmitDot(SourceWriter w, int k, int rows)
    {
        // Guard like a template's $assert: the planner pads K to whole Vector512 steps.
        if (k % 32 != 0 || rows < 1)
        {
            throw new System.InvalidOperationException($"dot helper needs K padded to 32 (K = {k}) and at least one row");
        }

        string name = $"Dot{rows}_K{k}";
        string outs = rows == 1 ? string.Empty : string.Concat(Range(rows, r => $", out int a{r}"));
        w.WriteLine($"/// <summary>Σ x[i]·w_r[i] over i &lt; {k} for {(rows == 1 ? "one row" : rows + " rows " + k + " values apart")} of w.</summary>");
        w.WriteLine($"[{Names.MethodImpl}]");
        w.Open($"public static {(rows == 1 ? "int" : "void")} {name}(ref short x, ref short w{outs})");
        EmitPath(w, k, rows, Names.Vector512, Names.Avx512BW, 32);
        EmitPath(w, k, rows, Names.Vector256, Names.Avx2, 16);
        for (int r = 0; r < rows; r++)
        {
            w.WriteLine($"int s{r} = 0;");
        }

        w.Open($"for (nint i = 0; i < {k}; i++)");
        w.WriteLine($"int xi = {Names.Unsafe}.Add(ref x, i);");
        for (int r = 0; r < rows; r++)
        {
            w.WriteLine($"s{r} += xi * {Names.Unsafe}.Add(ref w, i{Offset(r * k)});");
        }

        w.Close();
        EmitReturn(w, rows, r => $"s{r}");
        w.Close();
    }

    private static void EmitPath(SourceWriter w, int k, int rows, string vector, string isa, int lanes)
    {
        w.Open($"if ({isa}.IsSupported)");
        for (int r = 0; r < rows; r++)
        {
            w.WriteLine($"var v{r} = {vector}<int>.Zero;");
        }

        int steps = k / lanes;
        if (steps <= MaxUnrolledSteps)
        {
            for (int s = 0; s < steps; s++)
            {
                EmitStep(w, rows, k, vector, isa, Lit(s * lanes), s);
            }
        }
        else
        {
            w.Open($"for (nuint i = 0; i < {k}; i += {lanes})");
            EmitStep(w, rows, k, vector, isa, "i", 0);
            w.Close();
        }

        EmitReturn(w, rows, r => $"{vector}.Sum(v{r})");
        w.Close();
    }

    private static void EmitStep(SourceWriter w, int rows, int k, string vector, string isa, string offset, int step)
    {
        string xv = "x" + Lit(step);
        w.WriteLine($"var {xv} = {vector}.LoadUnsafe(ref x, {Cast(offset)});");
        for (int r = 0; r < rows; r++)
        {
            string at = offset == "i" ? (r == 0 ? "i" : $"i + {r * k}") : Lit(int.Parse(offset, CultureInfo.InvariantCulture) + r * k);
            w.WriteLine($"v{r} += {isa}.MultiplyAddAdjacent({xv}, {vector}.LoadUnsafe(ref w, {Cast(at)}));");
        }
    }

    private static void EmitReturn(SourceWriter w, int rows, System.Func<int, string> value)
    {
        if (rows == 1)
        {
            w.WriteLine($"return {value(0)};");
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            w.WriteLine($"a{r} = {value(r)};");
        }

        w.WriteLine("return;");
    }

    private static string Cast(string offset) => offset == "i" ? "i" : $"(nuint){offset}";

    private static string Offset(int value) => value == 0 ? string.Empty : " + " + Lit(value);

    private static string Lit(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static System.Collections.Generic.IEnumerable<string> Range(int count, System.Func<int, string> item)
    {
        for (int i = 0; i < count; i++)
        {
            yield return item(i);
        }
    }
}
