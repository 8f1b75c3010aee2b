using System;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;

namespace Specialized.Generators.Emitting.Gemm;

/// <summary>
/// T-MAC's bit-plane lookup on zmm (family <see cref="KernelFamily.BitPlane"/>). The reduction unit is one table of
/// <see cref="BitPlaneTables"/> (a run of 5 or 6 input codes of one pixel); per unit and per 32 output channels the
/// panels hold <see cref="BitPlaneTables.Lookups"/> index vectors, and one vpermb / vpermw per index vector and pixel
/// looks up 32 channels' sums at once. A tile is <see cref="TilePixels"/> pixels × 64 channels (two index vectors per
/// table load: loads, not lookups, bound a single one).
/// <list type="bullet">
/// <item>u8 tables: a lookup's byte pair of channel c is the (plane 2i, plane 2i + 1) sums; lookups of one pair add in
/// u8 for <see cref="Stage"/> units (⌊255 / (6·(2^a − 1))⌋, at most 8), then vpmaddubsw with the planes' weights
/// (2^(2i), 2^(2i+1), the top plane negative) widens them exactly into one int16 sum per channel;</item>
/// <item>int16 tables: each plane adds into its own int16 (unsigned, or signed for binary) sum.</item>
/// </list>
/// The int16 sums are widened into int32 (weighted by plane for int16 tables) every <see cref="FlushDepth"/> units, a
/// bound proven from both widths. Index vectors of channels or codes that do not exist are zero, so they select
/// table entries without those codes. The int32 sums (4 vectors per pixel) would not fit the registers beside the
/// int16 and staged ones: they are declared by the final widening when the reduction needs no earlier one, else they
/// live in a stack buffer touched only at widenings.
/// </summary>
internal sealed class BitPlanePath(GemmPlan plan, BitPlaneTables tables, int activationBits, int tilePixels) : GemmPath
{
    private int Max => (1 << activationBits) - 1;

    /// <summary>The int16 sums' element type: unsigned for the int16 tables of unsigned sums (their bound is 65535).</summary>
    private string Narrow => tables.Words && !tables.Signed ? "ushort" : "short";

    public override string Name => tables.Words ? "Avx512Permw" : "Avx512Permb";

    public override string Guard => GuardOf(tables);

    /// <summary>The guard of the path reading <paramref name="t"/>: vpermw needs Avx512BW, vpermb Avx512Vbmi.</summary>
    public static string GuardOf(BitPlaneTables t) => (t.Words ? Names.Avx512BW : Names.Avx512Vbmi) + ".IsSupported";

    public override int Lanes => 16;

    public override string Vector => Names.Vector512;

    public override int TilePixels => tilePixels;

    public override int TileVectors => 4;

    /// <summary>u8 tables: units whose lookups add in u8 before vpmaddubsw (capped at 8 to bound the unrolled code); int16 tables: 1.</summary>
    public int Stage => tables.Words ? 1 : Math.Min(8, 255 / (6 * Max));

    /// <summary>
    /// Units per int16 stage. u8: a unit adds at most Σ_planes 2^p · 6·(2^a − 1) = (2^planes − 1)·6·(2^a − 1) to a
    /// channel's int16 sum in magnitude. int16: a plane's sum grows by at most 5·(2^a − 1) per unit, within
    /// 65535 unsigned (32767 for the signed binary tables).
    /// </summary>
    public override int FlushDepth => tables.Words
        ? (tables.Signed ? 32767 : 65535) / (5 * Max)
        : 32767 / (((1 << tables.Planes) - 1) * 6 * Max);

    public override int Unroll => Stage >= 4 ? Stage : 4 / Stage * Stage;

    public override string Describe => tables.Words
        ? $"{Name}: vpermw of {tables.Lookups} plane index vector(s) into int16 tables of 5 codes{(tables.Signed ? " (signed, binary weights)" : string.Empty)}, one int16 sum per plane, widened into int32 every {FlushDepth} tables"
        : $"{Name}: vpermb of {tables.Lookups} plane-pair index vector(s) into u8 tables of 6 codes, u8 sums over {Stage} table(s), vpmaddubsw with the planes' weights into int16, widened into int32 every {FlushDepth} tables";

    public override ReductionLayout Layout(GemmPlan g)
    {
        int pixelBytes = g.Groups * tables.TablesPerGroup * BitPlaneTables.TableBytes;
        // One segment per kernel row when a row's taps are neighbouring pixels of one conv group; else one per tap.
        bool rows = g.Groups == 1 && (tables.KernelW == 1 || tables.TapStepX == 1);
        int perSegment = rows ? tables.KernelW * tables.TablesPerGroup : tables.TablesPerGroup;
        int unitWeights = 2 * tables.Lookups * 64;
        int units = perSegment * tables.KernelH * (rows ? 1 : tables.KernelW);
        return new ReductionLayout(
            0, tables.KernelStepY * tables.Width * pixelBytes, tables.TablesPerGroup * BitPlaneTables.TableBytes, tables.KernelStepX * pixelBytes,
            perSegment, tables.KernelH, rows ? 1 : tables.KernelW, tables.TapStepY * tables.Width * pixelBytes, rows ? 0 : tables.TapStepX * pixelBytes,
            BitPlaneTables.TableBytes, unitWeights,
            units * unitWeights, g.Slabs, 1,
            32, tables.Lookups * 64, 0,
            "tables", $"{perSegment} tables of {tables.GroupSize} codes");
    }

    public override (int Length, string Pack)? Panels(LayerPlan plan)
    {
        var g = plan.Gemm!;
        int taps = tables.KernelH * tables.KernelW;
        int length = g.Groups * g.Slabs * Layout(g).WeightBlockBytes;
        return (length, $"{Names.Integer}.LookupPanels.PackBitPlanes(codes, {L(g.Groups)}, {L(g.OutPerGroup)}, {L(g.InPerGroup)}, {L(taps)}, {L(tables.GroupSize)}, {L(tables.Lookups)}, {Literals.Bool(tables.Words)}, {Literals.Bool(tables.Signed)}, panels);");
    }

    /// <summary>
    /// This worker's units are whole output rows (<see cref="GemmPlan.RowMajorUnits"/> holds for every table-reading
    /// layer) from <c>begin / rowUnits</c> to <c>(end − 1) / rowUnits</c>; they read grid rows from the first one's
    /// <c>oy·KernelStepY</c> to the last one's plus <c>(KernelH − 1)·TapStepY</c>. Neighbouring workers both build the
    /// few rows between them, each into its own buffer: cheaper than a phase barrier, and no core reads tables another
    /// core wrote.
    /// </summary>
    public override string? BuildSource(LayerPlan plan)
    {
        var g = plan.Gemm!;
        var x = plan.Inputs[0];
        int rowUnits = g.Groups * g.Slabs;
        int reach = (tables.KernelH - 1) * tables.TapStepY + 1;
        string build = tables.Words ? "BuildWords" : "BuildBytes";
        string signed = tables.Words ? Literals.Bool(tables.Signed) + ", " : string.Empty;
        return $"int firstRow = begin / {L(rowUnits)} * {L(tables.KernelStepY)};\n"
            + $"int endRow = end > begin ? global::System.Math.Min({L(tables.Height)}, (end - 1) / {L(rowUnits)} * {L(tables.KernelStepY)} + {L(reach)}) : firstRow;\n"
            + $"{Names.Integer}.LookupTables.{build}(new {Names.ReadOnlySpan}<byte>(_arena, {L(x.Offset)}, {L(x.Length + 64)}), {L(x.Height)}, {L(x.Width)}, {L(x.Channels)}, {L(g.Groups)}, {L(tables.TablesPerGroup)}, "
            + $"{L(tables.PadTop)}, {L(tables.PadLeft)}, {L(tables.SourceStepY)}, {L(tables.SourceStepX)}, {L(x.ZeroPoint)}, {signed}{L(tables.Width)}, "
            + $"new {Names.Span}<byte>(_tables[worker], _tablesAt[worker], {L(tables.Length(g.Groups))}), firstRow, endRow - firstRow);";
    }

    public override (string Parameters, string Arguments) SourceParameters => (", byte[] tableBuffer, int tableAt", ", _tables[worker], _tablesAt[worker]");

    public override string DeclareSource => $"ref byte source = ref {Names.Unsafe}.Add(ref {Names.MemoryMarshal}.GetArrayDataReference(tableBuffer), tableAt);";

    /// <summary>True when the int16 sums must be widened before the reduction ends (the int32 sums then live in a stack buffer).</summary>
    private bool FlushesEarly => FlushDepth < Layout(plan).Units;

    public override void Declare(SourceWriter w, int pixels, int vectors)
    {
        int lookupVectors = (vectors + 1) / 2;
        if (FlushesEarly)
        {
            w.WriteLine($"{Names.Span}<int> sumsBuffer = stackalloc int[{L(pixels * vectors * 16)}];");
            w.WriteLine($"ref int sums = ref {Names.MemoryMarshal}.GetReference(sumsBuffer);");
        }

        if (!tables.Words)
        {
            for (int i = 0; i < tables.Lookups; i++)
            {
                int low = PlaneWeight(2 * i);
                int high = PlaneWeight(2 * i + 1);
                w.WriteLine($"var m{i} = {Vector}.AsSByte({Vector}.Create((short){L((short)((low & 0xFF) | ((high & 0xFF) << 8)))})); // planes {2 * i}, {2 * i + 1}: × {low}, × {high}");
            }
        }

        for (int p = 0; p < pixels; p++)
        {
            for (int v = 0; v < lookupVectors; v++)
            {
                if (tables.Words)
                {
                    for (int i = 0; i < tables.Lookups; i++)
                    {
                        w.WriteLine($"var a{p}_{v}_{i} = {Vector}<{Narrow}>.Zero;");
                    }
                }
                else
                {
                    w.WriteLine($"var a{p}_{v} = {Vector}<short>.Zero;");
                }
            }
        }
    }

    public override void Step(SourceWriter w, int pixels, int vectors, Func<int, int> activation, Func<int, int> weight, string suffix, int index, int count)
    {
        int lookupVectors = (vectors + 1) / 2;
        string element = tables.Words ? (tables.Signed ? "Int16" : "UInt16") : "Byte";
        for (int v = 0; v < lookupVectors; v++)
        {
            for (int i = 0; i < tables.Lookups; i++)
            {
                w.WriteLine($"var k{v}_{i}{suffix} = {Vector}.As{element}({Vector}.LoadUnsafe(ref wq, (nuint){L(weight(2 * v) + 64 * i)}));");
            }
        }

        int round = index / Stage;
        bool open = index % Stage == 0;
        bool close = index % Stage == Stage - 1 || index == count - 1;
        for (int p = 0; p < pixels; p++)
        {
            string table = $"{Vector}.As{element}({Vector}.LoadUnsafe(ref {Source(activation(p))}))";
            if (lookupVectors * tables.Lookups > 1)
            {
                w.WriteLine($"var t{p}{suffix} = {table};");
                table = $"t{p}{suffix}";
            }

            for (int v = 0; v < lookupVectors; v++)
            {
                for (int i = 0; i < tables.Lookups; i++)
                {
                    if (tables.Words)
                    {
                        w.WriteLine($"a{p}_{v}_{i} += {Names.Avx512BW}.PermuteVar32x16({table}, k{v}_{i}{suffix});");
                        continue;
                    }

                    string lookup = $"{Names.Avx512Vbmi}.PermuteVar64x8({table}, k{v}_{i}{suffix})";
                    string staged = $"s{p}_{v}_{i}_{round}";
                    if (Stage == 1)
                    {
                        w.WriteLine($"a{p}_{v} += {Names.Avx512BW}.MultiplyAddAdjacent({lookup}, m{i});");
                        continue;
                    }

                    w.WriteLine(open ? $"var {staged} = {lookup};" : $"{staged} += {lookup};");
                    if (close)
                    {
                        w.WriteLine($"a{p}_{v} += {Names.Avx512BW}.MultiplyAddAdjacent({staged}, m{i});");
                    }
                }
            }
        }
    }

    public override void Flush(SourceWriter w, int pixels, int vectors)
    {
        int lookupVectors = (vectors + 1) / 2;
        for (int p = 0; p < pixels; p++)
        {
            for (int v = 0; v < lookupVectors; v++)
            {
                for (int i = 0; i < (tables.Words ? tables.Lookups : 1); i++)
                {
                    string sum = tables.Words ? $"a{p}_{v}_{i}" : $"a{p}_{v}";
                    int plane = tables.Words && !tables.Signed ? PlaneWeight(i) : 1;
                    int shift = Log2(Math.Abs(plane));
                    for (int half = 0; half < 2 && 2 * v + half < vectors; half++)
                    {
                        string widened = $"{Vector}.AsInt32({Vector}.Widen{(half == 0 ? "Lower" : "Upper")}({sum}))";
                        widened = shift > 0 ? $"({widened} << {L(shift)})" : widened;
                        string sign = plane < 0 ? "-" : "+";
                        int j = 2 * v + half;
                        if (FlushesEarly)
                        {
                            string at = $"ref sums, (nuint){L((p * vectors + j) * 16)}";
                            w.WriteLine($"{Vector}.StoreUnsafe({Vector}.LoadUnsafe({at}) {sign} {widened}, {at});");
                        }
                        else
                        {
                            // The only widening: the first plane declares the sum.
                            w.WriteLine(i == 0 ? $"var {Sum(p, j)} = {(plane < 0 ? "-" : string.Empty)}{widened};" : $"{Sum(p, j)} {sign}= {widened};");
                        }
                    }

                    if (FlushesEarly)
                    {
                        w.WriteLine($"{sum} = {Vector}<{Narrow}>.Zero;");
                    }
                }
            }
        }
    }

    public override void Finish(SourceWriter w, int pixels, int vectors)
    {
        if (FlushesEarly)
        {
            ForEach(pixels, vectors, (p, j) => w.WriteLine($"var {Sum(p, j)} = {Vector}.LoadUnsafe(ref sums, (nuint){L((p * vectors + j) * 16)});"));
        }
    }

    private static int Log2(int power)
    {
        int shift = 0;
        while (1 << shift < power)
        {
            shift++;
        }

        return shift;
    }

    /// <summary>The weight of bit plane <paramref name="plane"/> in a two's-complement code of <see cref="BitPlaneTables.Planes"/> bits (0 past them).</summary>
    private int PlaneWeight(int plane) => plane >= tables.Planes ? 0 : plane == tables.Planes - 1 ? -(1 << plane) : 1 << plane;
}
