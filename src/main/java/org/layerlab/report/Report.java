package org.layerlab.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerlab.io.AtomicFiles;
import org.layerlab.metric.Metric;

/**
 * Writes a run's report: {@code figures/*.png} and a self-contained {@code report.html} that embeds
 * the same PNG bytes, so the page works when mailed or opened offline. Each file is written
 * atomically; figures come first, so a {@code report.html} that exists is always complete.
 */
public final class Report {
    public static final String HTML = "report.html";
    public static final String FIGURES_DIR = "figures";
    public static final String ROBUSTNESS_PNG = "robustness.png";
    public static final String DISTANCE_L2_PNG = "distance-l2.png";
    public static final String DISTANCE_LINF_PNG = "distance-linf.png";
    public static final String TRAINING_PNG = "training.png";
    public static final String CUMULATIVE_PNG = "cumulative.png";

    private Report() {}

    /** The files written, for the caller to log or list. */
    public record Written(Path html, List<Path> figures) {
        public Written {
            figures = List.copyOf(figures);
        }
    }

    public static Written write(Path runDir, ReportInputs in) {
        List<Figure> figures = figures(in);
        Path dir = runDir.resolve(FIGURES_DIR);
        List<Path> paths = new ArrayList<>();
        for (Figure f : figures) {
            Path p = dir.resolve(f.fileName());
            AtomicFiles.writeBytes(p, f.png());
            paths.add(p);
        }
        Path html = runDir.resolve(HTML);
        AtomicFiles.writeString(html, HtmlReport.render(in, figures));
        return new Written(html, paths);
    }

    /** The figures in the order the report shows them. */
    static List<Figure> figures(ReportInputs in) {
        List<Figure> out = new ArrayList<>();
        HeatmapData grid = Figures.robustness(in.analysis());
        Heatmap.Rendered r = Heatmap.render(grid, Figures.fixedInitNotes(in.analysis()));
        out.add(new Figure(
                ROBUSTNESS_PNG,
                grid.title(),
                capitalized(in.analysis().robustness().metric().label())
                        + " after re-initializing each row (unit, group of units, or the whole model) to its"
                        + " value at checkpoint τ, or re-randomizing it (ReRnd). Colour runs from "
                        + (in.analysis().robustness().metric() == Metric.ERROR ? "0" : "the trained network's value")
                        + " to chance. A ReRnd cell marked \"= τ 0\" belongs to a row whose initializer is a"
                        + " constant (LayerNorm, a zero head or class token): re-randomizing it is the τ = 0 reset.",
                Heatmap.encode(r, grid.title()),
                r.image().getWidth(),
                r.image().getHeight()));
        out.add(Figure.of(
                DISTANCE_L2_PNG,
                Figures.distanceL2(in.analysis()),
                "How far each row's parameters moved: ℓ2 distance between the trained value and the value each"
                        + " column resets it to, divided by the norm at initialization."));
        out.add(Figure.of(
                DISTANCE_LINF_PNG,
                Figures.distanceLinf(in.analysis()),
                "The largest single-parameter change between the trained value and the value each column resets"
                        + " it to."));
        if (CumulativeChart.applies(in.analysis().robustness())) {
            out.add(new Figure(
                    CUMULATIVE_PNG,
                    "Cumulative re-initialization",
                    "Resetting units 1..k (bottom-up) or the last k units (top-down) together to their initial values:"
                            + " are units that are robust one at a time also robust together?",
                    CumulativeChart.png(in.analysis().robustness()),
                    CumulativeChart.WIDTH,
                    CumulativeChart.HEIGHT));
        }
        if (!in.trainLog().isEmpty()) {
            byte[] png = TrainingChart.png(
                    in.trainLog(),
                    in.analysis().robustness().metric(),
                    in.trainUnit(),
                    in.analysis().robustness().chanceValue());
            out.add(new Figure(
                    TRAINING_PNG,
                    "Training",
                    "Train " + in.analysis().robustness().metric().id() + " (over the " + in.trainUnit()
                            + "'s batches, while the weights moved) and test "
                            + in.analysis().robustness().metric().id()
                            + " (weights at the end of the " + in.trainUnit() + ") per " + in.trainUnit()
                            + ", and the learning rate.",
                    png,
                    TrainingChart.WIDTH,
                    TrainingChart.HEIGHT));
        }
        return out;
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
