using System.Collections.Generic;
using Specialized.Generators.Emitting.Gemm;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;
using Specialized.Generators.Planning;

namespace Specialized.Generators.Emitting;

/// <summary>
/// Family (c), DeepGEMM product tables (<see cref="ProductTablePath"/>) for width pairs whose index fits 6 bits and whose
/// products fit int8, codebooks included. Without the zmm lookup instructions it runs the int16-accumulation ymm path
/// (every width pair this family claims has a pair-sum depth ≥ 2), then the portable Vector128 and scalar paths, all
/// over quad panels of the codes (built instead of the index panels when the lookup path cannot run).
/// </summary>
internal static class ProductTableEmitter
{
    public static IReadOnlyList<GemmPath> Paths(GemmPlan plan, ProductTable table) =>
        [new ProductTablePath(table, tilePixels: 6), new PairSumPath(wide: false, depth: plan.PairSumDepth, split: false, tilePixels: 3), new Vector128Path()];

    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        w.WriteLine($"// product table rows: the weight levels, T[(row << {plan.Inputs[0].Bits}) | x] = level[row]·x");
        w.WriteLine($"private static {Names.ReadOnlySpan}<int> Levels{plan.Id} => {Literals.IntArray(Table(plan).Levels)};");
        GemmLayerEmitter.Emit(w, plan, Paths(plan.Gemm!, Table(plan)));
    }

    public static ProductTable Table(LayerPlan plan) => ProductTable.For(plan.Layer.Weights!, plan.Inputs[0].Bits);
}
