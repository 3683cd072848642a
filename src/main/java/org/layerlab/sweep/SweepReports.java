package org.layerlab.sweep;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerlab.report.CapacityChart;
import org.layerlab.report.Colormap;
import org.layerlab.report.Figures;
import org.layerlab.report.HeatmapData;
import org.layerlab.report.NumberStyle;
import org.layerlab.report.Report;
import org.layerlab.report.SweepReport;
import org.layerlab.report.SweepReportInputs;
import org.layerlab.report.TrainingOverlay;

/** Turns a {@link SweepSummary} into the sweep's report: what each figure and table shows, in display strings. */
public final class SweepReports {
    private static final NumberStyle ERR = NumberStyle.FIXED3;

    private SweepReports() {}

    public static Report.Written write(SweepFolder folder, SweepSummary s) {
        return SweepReport.write(folder.root(), inputs(folder.plan(), s));
    }

    static SweepReportInputs inputs(SweepPlan plan, SweepSummary s) {
        int done = s.points().stream().mapToInt(p -> p.runs().size()).sum();
        List<SweepReportInputs.Point> points = new ArrayList<>();
        List<TrainingOverlay.Curve> curves = new ArrayList<>();
        double chance = Double.NaN;
        for (SweepSummary.PointSummary p : s.points()) {
            points.add(point(p));
            curves.add(curve(p));
            chance = p.chanceError();
        }
        List<SweepReportInputs.Missing> missing = s.missing().stream()
                .map(m -> new SweepReportInputs.Missing(m.run(), m.state(), m.reason()))
                .toList();
        return new SweepReportInputs(
                s.name(),
                plan.source(),
                s.sweptKeys(),
                done + " of " + plan.runs().size() + " runs done",
                capacity(s),
                curves,
                chance,
                points,
                missing);
    }

    static SweepReportInputs.Point point(SweepSummary.PointSummary p) {
        List<String> rows = p.rows().stream().map(SweepSummary.Row::unit).toList();
        double[][] means = new double[rows.size()][p.columns().size()];
        double[][] half = new double[rows.size()][p.columns().size()];
        List<SweepReportInputs.VerdictLine> verdicts = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            SweepSummary.Row row = p.rows().get(r);
            for (int c = 0; c < p.columns().size(); c++) {
                SeedStats st = row.errors().get(p.columns().get(c));
                means[r][c] = st == null ? Double.NaN : st.mean();
                half[r][c] = st == null ? Double.NaN : st.halfWidth();
            }
            if (row.verdict() != null) {
                SeedStats init = row.errors().get("0");
                verdicts.add(new SweepReportInputs.VerdictLine(
                        row.unit(),
                        meanCi(init),
                        ERR.format(row.damage()),
                        row.verdict(),
                        Math.round(row.agree() * init.n()) + " of " + init.n()));
            }
        }
        HeatmapData heatmap = new HeatmapData(
                p.point() + ": mean test error over " + p.runs().size() + " seed"
                        + (p.runs().size() == 1 ? "" : "s"),
                "final error " + meanCi(p.finalError()) + "  ·  chance error " + ERR.format(p.chanceError())
                        + "  ·  cell: mean, under it ± half-width of the 95 % interval",
                rows,
                Figures.columnLabels(p.columns()),
                "checkpoint τ the row is reset to (ReRnd: fresh random draw)",
                means,
                "mean test error (top = chance)",
                0,
                p.chanceError() > 0 ? p.chanceError() : 1,
                Colormap.VIRIDIS,
                NumberStyle.FIXED3,
                List.of(),
                List.of());
        String summary = p.runs().size() + " of " + p.planned() + " seeds finished; final test error "
                + meanCi(p.finalError()) + "; "
                + (p.withheld() != null
                        ? "no verdicts: " + p.withheld()
                        : String.format(
                                Locale.ROOT,
                                "units critical: %s of %d (fraction %s)",
                                meanCi(p.criticalCount(), "%.1f"),
                                p.units(),
                                meanCi(p.criticalFraction(), "%.2f")));
        List<SweepReportInputs.RunLink> links = p.runs().stream()
                .map(f -> new SweepReportInputs.RunLink(f.substring(f.indexOf('/') + 1), href(f + "/report.html")))
                .toList();
        return new SweepReportInputs.Point(p.point(), heatmap, half, summary, verdicts, links);
    }

    private static TrainingOverlay.Curve curve(SweepSummary.PointSummary p) {
        int[] epochs =
                p.training().stream().mapToInt(SweepSummary.EpochStats::epoch).toArray();
        double[] errors =
                p.training().stream().mapToDouble(e -> e.testError().mean()).toArray();
        return new TrainingOverlay.Curve(p.point(), epochs, errors);
    }

    /** One chart per swept key on the x axis (at most two), one line per combination of the other keys. */
    static List<CapacityChart.Data> capacity(SweepSummary s) {
        List<CapacityChart.Data> out = new ArrayList<>();
        List<String> keys = s.sweptKeys();
        Map<String, String> labels = RunNames.labels(keys);
        for (String x : keys.subList(0, Math.min(2, keys.size()))) {
            Map<String, List<CapacityChart.XPoint>> series = new LinkedHashMap<>();
            for (SweepSummary.PointSummary p : s.points()) {
                List<String> others = new ArrayList<>();
                for (String k : keys) {
                    if (!k.equals(x)) {
                        others.add(labels.get(k) + "=" + p.values().getOrDefault(k, ""));
                    }
                }
                String name = others.isEmpty() ? "all points" : String.join(",", others);
                series.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(new CapacityChart.XPoint(
                                p.values().getOrDefault(x, ""),
                                p.criticalCount().mean(),
                                p.criticalCount().halfWidth(),
                                p.criticalFraction().mean(),
                                p.criticalFraction().halfWidth()));
            }
            List<CapacityChart.Series> list = new ArrayList<>();
            series.forEach((n, pts) -> list.add(new CapacityChart.Series(n, pts)));
            List<String> otherKeys =
                    keys.stream().filter(k -> !k.equals(x)).map(labels::get).toList();
            out.add(new CapacityChart.Data(x, String.join(", ", otherKeys), list));
        }
        return out;
    }

    static String meanCi(SeedStats s) {
        return meanCi(s, "%.4f");
    }

    private static String meanCi(SeedStats s, String format) {
        if (s.n() == 0) {
            return NumberStyle.NOT_MEASURED;
        }
        String mean = String.format(Locale.ROOT, format, s.mean());
        return Double.isFinite(s.halfWidth())
                ? mean + " ± " + String.format(Locale.ROOT, format, s.halfWidth())
                : mean + " (one seed)";
    }

    /** A relative link to a run's report: each path segment percent-encoded as a URI path. */
    private static String href(String relative) {
        try {
            return new URI(null, null, relative, null).toASCIIString();
        } catch (URISyntaxException e) {
            return relative;
        }
    }
}
