using System.Globalization;
using System.Net;
using System.Text;

namespace Specialized.Allocator.Output;

/// <summary>
/// A small hand-written SVG line chart (no plotting library is on the package mirror): one polyline with markers per
/// series, "nice" axis ticks, optional dashed reference lines, and a legend. Output is self-contained markup for
/// inlining into HTML.
/// </summary>
public static class SvgLineChart
{
    private const int Width = 720, Height = 420, Left = 70, Right = 170, Top = 30, Bottom = 55;
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

    public sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points);

    public sealed record ReferenceLine(string Name, double Y);

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, IReadOnlyList<ReferenceLine> references)
    {
        var points = series.SelectMany(s => s.Points).ToArray();
        if (points.Length == 0)
        {
            return "";
        }

        var (xMin, xMax, xStep) = NiceRange(points.Min(p => p.X), points.Max(p => p.X));
        var ys = points.Select(p => p.Y).Concat(references.Select(r => r.Y)).ToArray();
        var (yMin, yMax, yStep) = NiceRange(ys.Min(), ys.Max());
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double X(double x) => Left + ((x - xMin) / (xMax - xMin) * plotW);
        double Y(double y) => Top + plotH - ((y - yMin) / (yMax - yMin) * plotH);

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<text x=\"{Left + (plotW / 2)}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">{Escape(title)}</text>\n"));
        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#444\"/>\n"));
        for (double x = xMin; x <= xMax + (xStep / 2); x += xStep)
        {
            svg.Append(Invariant($"<line x1=\"{X(x):F1}\" y1=\"{Top}\" x2=\"{X(x):F1}\" y2=\"{Top + plotH}\" stroke=\"#ddd\"/>"));
            svg.Append(Invariant($"<text x=\"{X(x):F1}\" y=\"{Top + plotH + 16}\" text-anchor=\"middle\">{Tick(x, xStep)}</text>\n"));
        }

        for (double y = yMin; y <= yMax + (yStep / 2); y += yStep)
        {
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Y(y):F1}\" x2=\"{Left + plotW}\" y2=\"{Y(y):F1}\" stroke=\"#ddd\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Y(y) + 4:F1}\" text-anchor=\"end\">{Tick(y, yStep)}</text>\n"));
        }

        svg.Append(Invariant($"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 12}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n"));
        svg.Append(Invariant($"<text transform=\"translate(18 {Top + (plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n"));

        int legend = 0;
        void Legend(string name, string color, bool dashed)
        {
            double ly = Top + 10 + (legend++ * 20);
            string dash = dashed ? " stroke-dasharray=\"6 4\"" : "";
            svg.Append(Invariant($"<line x1=\"{Left + plotW + 12}\" y1=\"{ly}\" x2=\"{Left + plotW + 36}\" y2=\"{ly}\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>"));
            svg.Append(Invariant($"<text x=\"{Left + plotW + 42}\" y=\"{ly + 4}\">{Escape(name)}</text>\n"));
        }

        foreach (var reference in references)
        {
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Y(reference.Y):F1}\" x2=\"{Left + plotW}\" y2=\"{Y(reference.Y):F1}\" stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"));
            Legend(reference.Name, "#555", dashed: true);
        }

        for (int s = 0; s < series.Count; s++)
        {
            string color = Colors[s % Colors.Length];
            var sorted = series[s].Points.OrderBy(p => p.X).ToArray();
            string path = string.Join(" ", sorted.Select(p => Invariant($"{X(p.X):F1},{Y(p.Y):F1}")));
            svg.Append(Invariant($"<polyline points=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>\n"));
            foreach (var p in sorted)
            {
                svg.Append(Invariant($"<circle cx=\"{X(p.X):F1}\" cy=\"{Y(p.Y):F1}\" r=\"4\" fill=\"{color}\"><title>{Escape(series[s].Name)}: {p.X:0.##}, {p.Y:0.##}</title></circle>\n"));
            }

            Legend(series[s].Name, color, dashed: false);
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Axis bounds on multiples of a 1/2/5 × 10^k step, about five intervals, with a margin when all values are equal.</summary>
    internal static (double Min, double Max, double Step) NiceRange(double min, double max)
    {
        if (max - min < 1e-12)
        {
            double pad = Math.Max(Math.Abs(min) * 0.05, 0.5);
            (min, max) = (min - pad, max + pad);
        }

        double raw = (max - min) / 5;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(f => f * magnitude).First(s => s >= raw);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    private static string Tick(double value, double step)
    {
        int decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(step)));
        return Math.Round(value, decimals).ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
