namespace Specialized.Allocator.Sensitivity;

/// <summary>Builds the <see cref="CladoMatrix"/> from a complete <see cref="PerturbationTable"/>.</summary>
public static class CladoMatrixBuilder
{
    /// <summary>
    /// In order: (1) clamp negative singles and pairs at 0, recording them; (2) optionally make singles monotone in
    /// width; (3) C[i,i] = ΔL(i) and, between layers, C[i,j] = ½ Ω with Ω = ΔL_pair − ΔL(i) − ΔL(j) computed from the
    /// values after (1)–(2), so that the matrix reproduces every (clamped) pair measurement exactly; options marked
    /// unperturbed get zero rows; (4) optionally project onto the PSD cone.
    /// </summary>
    /// <exception cref="InvalidOperationException">A needed measurement was never recorded (named by layer and option).</exception>
    public static CladoMatrix Build(PerturbationTable table, CladoMatrixOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new CladoMatrixOptions();
        var layout = table.Layout;
        int n = layout.VariableCount;

        var singles = new double[n];
        var negativeSingles = new List<NegativePerturbation>();
        for (int l = 0; l < layout.LayerCount; l++)
        {
            for (int s = 0; s < layout.OptionCount(l); s++)
            {
                double value = table.Single(l, s)
                    ?? throw new InvalidOperationException($"the single perturbation of layer {l} option {s} was never measured");
                if (value < 0)
                {
                    negativeSingles.Add(new NegativePerturbation(l, s, value));
                    value = options.ClampNegative ? 0 : value;
                }

                singles[layout.Index(l, s)] = value;
            }
        }

        int monotone = options.MonotoneInWidth ? MakeMonotone(table, singles) : 0;

        var c = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            c[i, i] = singles[i];
        }

        int negativePairs = 0;
        double mostNegativePair = 0;
        if (options.Interactions)
        {
            for (int l = 0; l < layout.LayerCount; l++)
            {
                for (int m = l + 1; m < layout.LayerCount; m++)
                {
                    for (int s = 0; s < layout.OptionCount(l); s++)
                    {
                        for (int t = 0; t < layout.OptionCount(m); t++)
                        {
                            if (table.IsUnperturbed(l, s) || table.IsUnperturbed(m, t))
                            {
                                continue; // Ω = 0 by definition: the pair is the other option alone
                            }

                            double pair = table.Pair(l, s, m, t)
                                ?? throw new InvalidOperationException($"the pair perturbation of layer {l} option {s} with layer {m} option {t} was never measured");
                            if (pair < 0)
                            {
                                negativePairs++;
                                mostNegativePair = Math.Min(mostNegativePair, pair);
                                pair = options.ClampNegative ? 0 : pair;
                            }

                            int i = layout.Index(l, s), j = layout.Index(m, t);
                            double half = 0.5 * (pair - singles[i] - singles[j]);
                            c[i, j] = half;
                            c[j, i] = half;
                        }
                    }
                }
            }
        }

        PsdProjectionReport? projection = null;
        if (options.ProjectToPsd)
        {
            (c, projection) = PsdProjection.Project(c);
        }

        return new CladoMatrix(layout, c, singles, new CladoDiagnostics(negativeSingles, negativePairs, mostNegativePair, monotone, projection));
    }

    /// <summary>ΔL(l, s) ← max(ΔL(l, s), ΔL(l, s + 1)) from the widest option down; unperturbed options keep 0. Returns the number raised.</summary>
    private static int MakeMonotone(PerturbationTable table, double[] singles)
    {
        var layout = table.Layout;
        int raised = 0;
        for (int l = 0; l < layout.LayerCount; l++)
        {
            for (int s = layout.OptionCount(l) - 2; s >= 0; s--)
            {
                int i = layout.Index(l, s);
                if (!table.IsUnperturbed(l, s) && singles[i] < singles[i + 1])
                {
                    singles[i] = singles[i + 1];
                    raised++;
                }
            }
        }

        return raised;
    }
}
