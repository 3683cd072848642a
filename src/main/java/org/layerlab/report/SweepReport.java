package org.layerlab.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.layerlab.io.AtomicFiles;

/**
 * A sweep's {@code report.html}: one self-contained page (figures as data URIs, CSS inline, nothing fetched) with
 * the comparison across points first (critical units against each swept key, the training curves of all points),
 * then each point's mean heatmap over seeds with the interval's half-width in every cell, the verdict of the means,
 * and links to every run's own report. The figures are also written to {@code figures/}; the page last.
 */
public final class SweepReport {
    private static final Mustache TEMPLATE =
            new DefaultMustacheFactory("org/layerlab/report").compile("sweep-report.mustache");

    private SweepReport() {}

    public static Report.Written write(Path sweepDir, SweepReportInputs in) {
        List<Figure> comparison = comparison(in);
        List<Figure> points = new ArrayList<>();
        for (int i = 0; i < in.points().size(); i++) {
            points.add(heatmap(in.points().get(i), i));
        }
        List<Path> paths = new ArrayList<>();
        for (Figure f : concat(comparison, points)) {
            Path p = sweepDir.resolve(Report.FIGURES_DIR).resolve(f.fileName());
            AtomicFiles.writeBytes(p, f.png());
            paths.add(p);
        }
        Path html = sweepDir.resolve(Report.HTML);
        AtomicFiles.writeString(html, render(in, comparison, points));
        return new Report.Written(html, paths);
    }

    /** The page alone (tests), drawing the figures itself. */
    public static String render(SweepReportInputs in) {
        List<Figure> points = new ArrayList<>();
        for (int i = 0; i < in.points().size(); i++) {
            points.add(heatmap(in.points().get(i), i));
        }
        return render(in, comparison(in), points);
    }

    private static List<Figure> comparison(SweepReportInputs in) {
        List<Figure> out = new ArrayList<>();
        for (CapacityChart.Data d : in.capacity()) {
            out.add(new Figure(
                    "critical-vs-" + d.xKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".png",
                    "Critical units against " + d.xKey(),
                    "Units judged critical by the verdict rule (re-initialized to checkpoint 0), counted per seed: the"
                            + " mean over seeds and its 95 % confidence interval (Student t), above as a count and"
                            + " below as a fraction of the units judged."
                            + (d.seriesKey().isEmpty() ? "" : " One line per " + d.seriesKey() + "."),
                    CapacityChart.png(d),
                    CapacityChart.WIDTH,
                    CapacityChart.HEIGHT));
        }
        if (!in.curves().isEmpty()) {
            out.add(new Figure(
                    "training.png",
                    "Training curves",
                    "Test error of the end-of-epoch weights per epoch, the mean over each point's seeds.",
                    TrainingOverlay.png(in.curves(), in.chanceError()),
                    TrainingOverlay.WIDTH,
                    TrainingOverlay.HEIGHT));
        }
        return out;
    }

    private static Figure heatmap(SweepReportInputs.Point p, int index) {
        double[][] half = p.halfWidths();
        String[][] notes = new String[half.length][];
        for (int r = 0; r < half.length; r++) {
            notes[r] = new String[half[r].length];
            for (int c = 0; c < half[r].length; c++) {
                notes[r][c] = Double.isFinite(half[r][c]) ? "±" + NumberStyle.FIXED3.format(half[r][c]) : "";
            }
        }
        byte[] png = Heatmap.png(p.heatmap(), notes);
        Heatmap.Rendered size = Heatmap.render(p.heatmap(), notes);
        return new Figure(
                String.format(java.util.Locale.ROOT, "point-%03d.png", index + 1),
                p.name(),
                "Mean test error over seeds after re-initializing each row to checkpoint τ (ReRnd: re-randomizing"
                        + " it); under each mean, the half-width of its 95 % confidence interval.",
                png,
                size.image().getWidth(),
                size.image().getHeight());
    }

    private static List<Figure> concat(List<Figure> a, List<Figure> b) {
        List<Figure> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    // ---- what the template sees ----------------------------------------------------------------------

    record Page(
            String name,
            String source,
            String sweptKeys,
            String counts,
            List<FigureView> comparison,
            List<PointView> points,
            List<SweepReportInputs.Missing> missing) {
        public boolean hasComparison() {
            return !comparison.isEmpty();
        }

        public boolean hasMissing() {
            return !missing.isEmpty();
        }
    }

    record FigureView(String fileName, String title, String caption, String dataUri, int width, int height) {}

    record PointView(
            String anchor,
            String name,
            String summary,
            FigureView figure,
            List<SweepReportInputs.VerdictLine> rows,
            List<SweepReportInputs.RunLink> runs) {}

    static String render(SweepReportInputs in, List<Figure> comparison, List<Figure> points) {
        List<PointView> views = new ArrayList<>();
        for (int i = 0; i < in.points().size(); i++) {
            SweepReportInputs.Point p = in.points().get(i);
            views.add(
                    new PointView("point-" + (i + 1), p.name(), p.summary(), view(points.get(i)), p.rows(), p.runs()));
        }
        Page page = new Page(
                in.name(),
                in.source(),
                in.sweptKeys().isEmpty() ? "nothing (seeds only)" : String.join(", ", in.sweptKeys()),
                in.counts(),
                comparison.stream().map(SweepReport::view).toList(),
                views,
                in.missing());
        StringWriter out = new StringWriter();
        TEMPLATE.execute(out, page);
        return out.toString();
    }

    private static FigureView view(Figure f) {
        return new FigureView(
                Report.FIGURES_DIR + "/" + f.fileName(),
                f.title(),
                f.caption(),
                "data:image/png;base64," + Base64.getEncoder().encodeToString(f.png()),
                f.width(),
                f.height());
    }
}
