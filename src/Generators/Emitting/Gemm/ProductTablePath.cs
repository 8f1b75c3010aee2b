using System.Linq;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;
using Specialized.Generators.Planning;

namespace Specialized.Generators.Emitting.Gemm;

/// <summary>
/// DeepGEMM's product table on zmm (family <see cref="KernelFamily.ProductTable"/>): every product of a weight level
/// and an activation code is precomputed, T[(i &lt;&lt; a) | x] = level[i]·x, as int8; the quad panels hold the weight's
/// row i already shifted (runtime <c>LookupPanels.ProductIndices</c>), so one vpor with the broadcast activation codes
/// forms 64 indices and one lookup gives 64 products. Tables of ≤ 16 entries go through vpshufb (the table repeated in
/// every 128-bit lane, Avx512BW); up to 64 entries through vpermi2b (Avx512Vbmi) against a zero upper half, so the
/// padding index 64 reads 0 for K positions past a segment's end (vpshufb: index bit 7 zeroes). The int8 sums stay
/// exact for <see cref="FlushDepth"/> quads (⌊127 / max|product|⌋) and are then widened into int32 (vpmaddubsw with
/// ones, vpmaddwd with ones). Non-uniform codebooks are only different table contents.
/// </summary>
internal sealed class ProductTablePath(ProductTable table, int tilePixels) : GemmPath
{
    private bool Shuffle => table.IndexBits <= 4;

    public override string Name => Shuffle ? "Avx512Shufb" : "Avx512Permi2b";

    public override string Guard => (Shuffle ? Names.Avx512BW : Names.Avx512Vbmi) + ".IsSupported";

    public override int Lanes => 16;

    public override string Vector => Names.Vector512;

    public override int TilePixels => tilePixels;

    public override int TileVectors => 2;

    public override int FlushDepth => table.StageDepth;

    public override string Describe =>
        $"{Name}: index (level row << {table.ActivationBits}) | code, {(Shuffle ? "vpshufb" : "vpermi2b")} from a {table.Entries}-entry int8 product table, int8 sums for up to {table.StageDepth} quads, then vpmaddubsw + vpmaddwd with ones into int32";

    public override (int Length, string Pack)? Panels(LayerPlan plan)
    {
        var g = plan.Gemm!;
        int length = g.Groups * g.BlocksPerGroup * g.BlockBytes;
        string id = plan.Id;
        string pack = $"var indices = new sbyte[codes.Length];\n"
            + $"{Names.Integer}.LookupPanels.ProductIndices(codes, Levels{id}, {L(table.ActivationBits)}, indices);\n"
            + $"{Names.Integer}.QuadPanels.Pack(indices, {L(g.Groups)}, {L(g.OutPerGroup)}, {L(g.SegmentLength)}, {L(g.SegmentsH * g.SegmentsW)}, panels, {L(table.PaddingIndex)});";
        return (length, pack);
    }

    public override void Declare(SourceWriter w, int pixels, int vectors)
    {
        var entries = Enumerable.Range(0, 64).Select(i => Shuffle ? table.Product(i % 16) : table.Product(i));
        w.WriteLine($"var table = {Vector}.Create({string.Join(", ", entries.Select((v, i) => i == 0 ? $"(sbyte){L(v)}" : L(v)))});");
        w.WriteLine($"var ones8 = {Vector}.Create((byte)1);");
        w.WriteLine($"var ones16 = {Vector}.Create((short)1);");
        ForEach(pixels, vectors, (p, j) =>
        {
            w.WriteLine($"var {Sum(p, j)} = {Vector}<int>.Zero;");
            w.WriteLine($"var s{p}_{j} = {Vector}<sbyte>.Zero;");
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
            w.WriteLine($"var b{p}{suffix} = {Vector}.AsSByte({BroadcastQuad(activation(p))});");
            for (int j = 0; j < vectors; j++)
            {
                string indices = $"w{j}{suffix} | b{p}{suffix}";
                w.WriteLine(Shuffle
                    ? $"s{p}_{j} += {Names.Avx512BW}.Shuffle(table, {indices});"
                    : $"s{p}_{j} += {Vector}.AsSByte({Names.Avx512Vbmi}.PermuteVar64x8x2({Vector}.AsByte(table), {Vector}.AsByte({indices}), {Vector}<byte>.Zero));");
            }
        }
    }

    public override void Flush(SourceWriter w, int pixels, int vectors) =>
        ForEach(pixels, vectors, (p, j) => w.WriteLine($"{Sum(p, j)} += {Names.Avx512BW}.MultiplyAddAdjacent({Names.Avx512BW}.MultiplyAddAdjacent(ones8, s{p}_{j}), ones16); s{p}_{j} = {Vector}<sbyte>.Zero;"));
}
