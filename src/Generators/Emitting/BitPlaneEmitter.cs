using System;
using System.Collections.Generic;
using Specialized.Generators.Emitting.Gemm;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;

namespace Specialized.Generators.Emitting;

/// <summary>
/// Family (d), T-MAC bit-plane tables (<see cref="BitPlanePath"/>), for 1–4-bit uniform weights on any activation
/// width: each worker builds the tables its output rows read from the layer's input (runtime <c>LookupTables</c>), then
/// looks them up by the weights' bit planes. Without the zmm lookup instructions it runs the int16-accumulation ymm
/// path (every width pair this family claims has a pair-sum depth ≥ 2), then the portable Vector128 and scalar paths,
/// all over quad panels and the bordered input (built instead of the index panels and tables).
/// </summary>
internal static class BitPlaneEmitter
{
    /// <summary>
    /// Zmm registers the tile may hold (of 32; one spare for a table or temporary). Per pixel: one int16 sum per index
    /// vector's channels (per plane for int16 tables) plus, with u8 staging, a staged sum per lookup; shared: the index
    /// vectors and multipliers. The int32 sums live only across flushes.
    /// </summary>
    private const int Registers = 31;

    public static IReadOnlyList<GemmPath> Paths(GemmPlan plan, BitPlaneTables tables, int activationBits) =>
        [new BitPlanePath(plan, tables, activationBits, TilePixels(plan, tables, activationBits)), new PairSumPath(wide: false, depth: plan.PairSumDepth, split: false, tilePixels: 3), new Vector128Path()];

    public static void Emit(SourceWriter w, LayerPlan plan) => GemmLayerEmitter.Emit(w, plan, Paths(plan.Gemm!, plan.Tables!, plan.Inputs[0].Bits));

    private static int TilePixels(GemmPlan plan, BitPlaneTables tables, int activationBits)
    {
        int lookups = 2 * tables.Lookups;
        bool staged = !tables.Words && new BitPlanePath(plan, tables, activationBits, 1).Stage > 1;
        int perPixel = tables.Words ? lookups : 2 + (staged ? lookups : 0);
        int shared = lookups + (tables.Words ? 0 : tables.Lookups);
        return Math.Max(1, Math.Min(7, (Registers - shared) / perPixel));
    }
}
