using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;

namespace Specialized.Generators.Emitting.Gemm;

/// <summary>
/// One instruction-set path of a conv/gemm kernel family, like one XNNPACK micro-kernel template: the guard that
/// selects it (a JIT/AOT constant), its register tile (pixels × accumulator vectors of <see cref="Lanes"/> output
/// channels), and the code of one quad step (4 K values of every tile pixel against every tile vector), the int16
/// flush and the final channel sums. <see cref="MicroKernelEmitter"/> writes the loops around these pieces and the
/// epilogue; families (<see cref="Int8Emitter"/>, <see cref="Int16AccumulationEmitter"/>) list their paths.
/// </summary>
internal abstract class GemmPath
{
    /// <summary>Method name part, e.g. <c>Avx512</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The condition that selects this path (every path but the last in a family's list needs one).</summary>
    public abstract string Guard { get; }

    /// <summary>Output channels per accumulator vector.</summary>
    public abstract int Lanes { get; }

    /// <summary>Vector type prefix of the accumulators (<c>global::…Vector512</c>), for the epilogue.</summary>
    public abstract string Vector { get; }

    /// <summary>Output pixels per register tile (consecutive in an output row).</summary>
    public abstract int TilePixels { get; }

    /// <summary>Accumulator vectors per register tile; TileVectors · Lanes divides the plan's slab (32 channels, 64 for the bit-plane family).</summary>
    public abstract int TileVectors { get; }

    /// <summary>Quads one int16 stage may take before a flush; int.MaxValue when the path accumulates in int32 directly.</summary>
    public virtual int FlushDepth => int.MaxValue;

    /// <summary>One line of the kernel's comment block.</summary>
    public abstract string Describe { get; }

    /// <summary>Declares the tile's accumulators and constants.</summary>
    public abstract void Declare(SourceWriter w, int pixels, int vectors);

    /// <summary>
    /// One reduction unit (a quad of 4 codes in the quad layout): <paramref name="activation"/>(p) is the byte offset of
    /// pixel p's unit from <c>xq</c>, <paramref name="weight"/>(j) the byte offset of vector j's weights from <c>wq</c>.
    /// The unit is number <paramref name="index"/> of a straight-line run of <paramref name="count"/> (paths that stage
    /// partial sums across units close the stage at a run's end).
    /// </summary>
    public abstract void Step(SourceWriter w, int pixels, int vectors, System.Func<int, int> activation, System.Func<int, int> weight, string suffix, int index, int count);

    /// <summary>Where the path's operands are and how its reduction is walked; the quad panels over the activations unless overridden.</summary>
    public virtual ReductionLayout Layout(GemmPlan plan) => ReductionLayout.Quads(plan);

    /// <summary>Units per loop iteration of the reduction; a range of at most this many units is written out straight.</summary>
    public virtual int Unroll => 4;

    /// <summary>
    /// Panels other than the quad panels of the weight codes, built at construction when <see cref="Guard"/> holds:
    /// their length in bytes and the statement that fills <c>panels</c> from <c>codes</c>; null for the quad panels.
    /// </summary>
    public virtual (int Length, string Pack)? Panels(LayerPlan plan) => null;

    /// <summary>
    /// Statements the dispatcher runs before this path's unit loop, with <c>begin</c>, <c>end</c> (this worker's
    /// units) and <c>worker</c> in scope: the bit-plane path builds the table rows its units read into the worker's
    /// own buffer. Null when the path reads the activations themselves.
    /// </summary>
    public virtual string? BuildSource(LayerPlan plan) => null;

    /// <summary>Extra parameters of the path's unit loop after <c>(int begin, int end</c>, each with a leading comma, and the dispatcher's arguments for them.</summary>
    public virtual (string Parameters, string Arguments) SourceParameters => (string.Empty, string.Empty);

    /// <summary>The statement declaring <c>ref byte source</c>, the base that <see cref="ReductionLayout.SourceOffset"/> counts from: the arena unless overridden.</summary>
    public virtual string DeclareSource => ArenaSource;

    /// <summary><c>ref byte source</c> at the start of the activation arena.</summary>
    public static string ArenaSource => $"ref byte source = ref {Names.MemoryMarshal}.GetArrayDataReference(_arena);";

    /// <summary>Moves int16 partial sums into the int32 accumulators (paths with an int16 stage).</summary>
    public virtual void Flush(SourceWriter w, int pixels, int vectors)
    {
    }

    /// <summary>Leaves <see cref="Sum"/>(p, j) holding the int32 channel sums (after the last flush).</summary>
    public virtual void Finish(SourceWriter w, int pixels, int vectors)
    {
    }

    /// <summary>The variable holding pixel p's vector j of int32 sums.</summary>
    public static string Sum(int p, int j) => $"c{p}_{j}";

    /// <summary>The source byte <paramref name="offset"/> bytes after <c>xq</c>.</summary>
    protected static string Source(int offset) => $"{Names.Unsafe}.Add(ref xq, {L(offset)})";

    /// <summary>The <c>LoadUnsafe</c> arguments of the panel bytes <paramref name="offset"/> bytes after <c>wq</c>.</summary>
    protected static string Weights(int offset) => $"ref wq, (nuint){L(offset)}";

    /// <summary>The 4 codes at <paramref name="offset"/> from <c>xq</c> broadcast to every 32-bit lane of <see cref="Vector"/>, as bytes.</summary>
    protected string BroadcastQuad(int offset) => $"{Vector}.AsByte({Vector}.Create({Names.Unsafe}.ReadUnaligned<int>(ref {Source(offset)})))";

    protected static string L(int value) => value.ToString(CultureInfo.InvariantCulture);

    protected static void ForEach(int pixels, int vectors, System.Action<int, int> cell)
    {
        for (int p = 0; p < pixels; p++)
        {
            for (int j = 0; j < vectors; j++)
            {
                cell(p, j);
            }
        }
    }
}

/// <summary>
/// vpmaddubsw paths (Avx512BW on zmm, Avx2 on ymm): u8 codes × s8 weights → int16 pair sums. With
/// <c>depth</c> ≥ 2 the pair sums add up in int16 (vpaddw) for <c>depth</c> quads and are widened with vpmaddwd
/// against ones only then; with depth 1 every pair sum is widened at once (vpmaddubsw → vpmaddwd → vpaddd).
/// With <c>split</c> (8-bit weights on 8-bit activations, where one pair sum can saturate) each code is split
/// into its low 7 bits and its top bit, x = l + 128·h, and both halves go through vpmaddubsw exactly.
/// </summary>
internal sealed class PairSumPath(bool wide, int depth, bool split, int tilePixels) : GemmPath
{
    private string Isa => wide ? Names.Avx512BW : Names.Avx2;

    public override string Name => (wide ? "Avx512" : "Avx2") + (split ? "Split" : depth >= 2 ? "Int16" : "Int8");

    public override string Guard => Isa + ".IsSupported";

    public override int Lanes => wide ? 16 : 8;

    public override string Vector => wide ? Names.Vector512 : Names.Vector256;

    public override int TilePixels => tilePixels;

    public override int TileVectors => 2;

    public override int FlushDepth => !split && depth >= 2 ? depth : int.MaxValue;

    public override string Describe => split
        ? $"{Name}: x = (x & 0x7F) + 128·(x >> 7), each half through vpmaddubsw then vpmaddwd (exact for 8-bit × 8-bit)"
        : depth >= 2
            ? $"{Name}: vpmaddubsw pair sums added in int16 for up to {depth} quads (proven safe from both widths), then vpmaddwd with ones into int32"
            : $"{Name}: vpmaddubsw → vpmaddwd with ones → vpaddd every quad (a second int16 add could overflow)";

    public override void Declare(SourceWriter w, int pixels, int vectors)
    {
        w.WriteLine($"var ones = {Vector}.Create((short)1);");
        if (split)
        {
            w.WriteLine($"var high = {Vector}.Create((short)128);");
        }

        ForEach(pixels, vectors, (p, j) =>
        {
            w.WriteLine($"var {Sum(p, j)} = {Vector}<int>.Zero;");
            if (FlushDepth != int.MaxValue)
            {
                w.WriteLine($"var s{p}_{j} = {Vector}<short>.Zero;");
            }
        });
    }

    public override void Step(SourceWriter w, int pixels, int vectors, System.Func<int, int> activation, System.Func<int, int> weight, string suffix, int index, int count)
    {
        for (int j = 0; j < vectors; j++)
        {
            w.WriteLine($"var w{j}{suffix} = {Vector}.LoadUnsafe({Weights(weight(j))});");
        }

        for (int p = 0; p < pixels; p++)
        {
            string b = $"b{p}{suffix}";
            w.WriteLine($"var {b} = {BroadcastQuad(activation(p))};");
            if (split)
            {
                w.WriteLine($"var l{p}{suffix} = {b} & {Vector}.Create((byte)0x7F);");
                w.WriteLine($"var h{p}{suffix} = {Vector}.AsByte({Vector}.AsUInt16({b}) >> 7) & {Vector}<byte>.One;");
            }

            for (int j = 0; j < vectors; j++)
            {
                string wv = $"w{j}{suffix}";
                if (split)
                {
                    w.WriteLine($"{Sum(p, j)} += {Isa}.MultiplyAddAdjacent({Isa}.MultiplyAddAdjacent(l{p}{suffix}, {wv}), ones) + {Isa}.MultiplyAddAdjacent({Isa}.MultiplyAddAdjacent(h{p}{suffix}, {wv}), high);");
                }
                else if (FlushDepth != int.MaxValue)
                {
                    w.WriteLine($"s{p}_{j} += {Isa}.MultiplyAddAdjacent({b}, {wv});");
                }
                else
                {
                    w.WriteLine($"{Sum(p, j)} += {Isa}.MultiplyAddAdjacent({Isa}.MultiplyAddAdjacent({b}, {wv}), ones);");
                }
            }
        }
    }

    public override void Flush(SourceWriter w, int pixels, int vectors)
    {
        if (FlushDepth == int.MaxValue)
        {
            return;
        }

        ForEach(pixels, vectors, (p, j) => w.WriteLine($"{Sum(p, j)} += {Isa}.MultiplyAddAdjacent(s{p}_{j}, ones); s{p}_{j} = {Vector}<short>.Zero;"));
    }
}

/// <summary>AvxVnni vpdpbusd on ymm: 4 u8 × s8 products summed into each int32 lane with no intermediate saturation, so exact for every width pair (the 8-bit × 8-bit path where AvxVnni exists). VEX-encoded, so the tile fits 16 ymm registers.</summary>
internal sealed class VnniPath(int tilePixels) : GemmPath
{
    public override string Name => "AvxVnni";

    public override string Guard => Names.AvxVnni + ".IsSupported";

    public override int Lanes => 8;

    public override string Vector => Names.Vector256;

    public override int TilePixels => tilePixels;

    public override int TileVectors => 2;

    public override string Describe => "AvxVnni: vpdpbusd ymm (u8 × s8, 4 products per int32 lane, no saturation)";

    public override void Declare(SourceWriter w, int pixels, int vectors) =>
        ForEach(pixels, vectors, (p, j) => w.WriteLine($"var {Sum(p, j)} = {Vector}<int>.Zero;"));

    public override void Step(SourceWriter w, int pixels, int vectors, System.Func<int, int> activation, System.Func<int, int> weight, string suffix, int index, int count)
    {
        for (int j = 0; j < vectors; j++)
        {
            w.WriteLine($"var w{j}{suffix} = {Vector}.LoadUnsafe({Weights(weight(j))});");
        }

        for (int p = 0; p < pixels; p++)
        {
            w.WriteLine($"var b{p}{suffix} = {BroadcastQuad(activation(p))};");
            for (int j = 0; j < vectors; j++)
            {
                w.WriteLine($"{Sum(p, j)} = {Names.AvxVnni}.MultiplyWideningAndAdd({Sum(p, j)}, b{p}{suffix}, w{j}{suffix});");
            }
        }
    }
}

/// <summary>
/// The portable path (Vector128 API only, so ARM64 and any x86 run it): codes and weights widened to int32 and
/// multiplied lane by lane; each channel keeps 4 partial sums (one per position in the quad) that are added once
/// at the end. Exact for every width pair.
/// </summary>
internal sealed class Vector128Path : GemmPath
{
    public override string Name => "Vector128";

    public override string Guard => Names.Vector128 + ".IsHardwareAccelerated";

    public override int Lanes => 4;

    public override string Vector => Names.Vector128;

    public override int TilePixels => 2;

    public override int TileVectors => 1;

    public override string Describe => "Vector128 (portable): int32 products of widened codes, 4 partial sums per channel";

    public override void Declare(SourceWriter w, int pixels, int vectors) =>
        ForEach(pixels, vectors, (p, j) =>
        {
            for (int l = 0; l < 4; l++)
            {
                w.WriteLine($"var k{p}_{j}_{l} = {Vector}<int>.Zero;");
            }
        });

    public override void Step(SourceWriter w, int pixels, int vectors, System.Func<int, int> activation, System.Func<int, int> weight, string suffix, int index, int count)
    {
        for (int j = 0; j < vectors; j++)
        {
            string v = $"w{j}{suffix}";
            w.WriteLine($"var {v} = {Vector}.LoadUnsafe({Weights(weight(j))});");
            w.WriteLine($"var {v}l = {Vector}.WidenLower({v});");
            w.WriteLine($"var {v}h = {Vector}.WidenUpper({v});");
            w.WriteLine($"var {v}_0 = {Vector}.WidenLower({v}l); var {v}_1 = {Vector}.WidenUpper({v}l); var {v}_2 = {Vector}.WidenLower({v}h); var {v}_3 = {Vector}.WidenUpper({v}h);");
        }

        for (int p = 0; p < pixels; p++)
        {
            w.WriteLine($"var b{p}{suffix} = {Vector}.AsInt32({Vector}.WidenLower({Vector}.WidenLower({Vector}.AsByte({Vector}.CreateScalarUnsafe({Names.Unsafe}.ReadUnaligned<uint>(ref {Source(activation(p))}))))));");
            for (int j = 0; j < vectors; j++)
            {
                for (int l = 0; l < 4; l++)
                {
                    w.WriteLine($"k{p}_{j}_{l} += b{p}{suffix} * w{j}{suffix}_{l};");
                }
            }
        }
    }

    public override void Finish(SourceWriter w, int pixels, int vectors) =>
        ForEach(pixels, vectors, (p, j) =>
            w.WriteLine($"var {Sum(p, j)} = {Vector}.Create({Vector}.Sum(k{p}_{j}_0), {Vector}.Sum(k{p}_{j}_1), {Vector}.Sum(k{p}_{j}_2), {Vector}.Sum(k{p}_{j}_3));"));
}
