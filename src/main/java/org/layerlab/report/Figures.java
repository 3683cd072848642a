package org.layerlab.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.analysis.RowInfo;
import org.layerlab.distance.Distance;
import org.layerlab.distance.DistanceTable;
import org.layerlab.metric.Metric;
import org.layerlab.perturb.Perturbation;
import org.layerlab.robustness.RobustnessTable;

/**
 * The three heatmaps of the paper's Figure 1, as data: the robustness grid (test error after the
 * perturbation) and the two distance grids (how far each row's parameters moved).
 */
public final class Figures {
    /** The paper's column label for re-randomization. */
    public static final String RERANDOMIZE_LABEL = "ReRnd";

    static final String COLUMN_AXIS = "checkpoint τ the row is reset to (ReRnd: fresh random draw)";

    private Figures() {}

    /**
     * Test error, coloured on the fixed scale 0 … chance error so that heatmaps of different runs
     * (and datasets with different class counts) read the same: the top colour always means "no
     * better than guessing".
     */
    public static HeatmapData robustness(AnalysisResult analysis) {
        RobustnessTable t = analysis.robustness();
        double[][] v = new double[t.rows().size()][t.columns().size()];
        for (int r = 0; r < v.length; r++) {
            for (int c = 0; c < v[r].length; c++) {
                String row = t.rows().get(r);
                String col = t.columns().get(c);
                v[r][c] = t.has(row, col) ? t.value(row, col) : Double.NaN;
            }
        }
        String word = t.metric().id();
        String subtitle = "final " + word + " " + NumberStyle.FIXED3.format(t.finalValue()) + "  ·  chance " + word
                + " " + NumberStyle.FIXED3.format(t.chanceValue()) + "  ·  "
                + String.format(java.util.Locale.ROOT, "%,d", analysis.testSize()) + " test examples";
        // A classifier's scale starts at 0 error, as it always has; a loss has no natural 0 (a perfect
        // model is unreachable), so its scale runs from the trained network's loss to chance.
        double low = t.metric() == Metric.ERROR ? 0 : t.finalValue();
        return new HeatmapData(
                "Robustness: test " + word + " after resetting each row",
                subtitle,
                t.rows(),
                columnLabels(t.columns()),
                COLUMN_AXIS,
                v,
                t.metric().label() + " (top = chance)",
                low,
                t.chanceValue(),
                Colormap.VIRIDIS,
                NumberStyle.FIXED3,
                rowBreaks(analysis, t.rows()),
                columnBreaks(t.columns()));
    }

    /** "= τ 0" in the ReRnd cell of each row whose initializer is a constant (RowInfo.fixedInit); null elsewhere. */
    public static String[][] fixedInitNotes(AnalysisResult analysis) {
        RobustnessTable t = analysis.robustness();
        String[][] notes = new String[t.rows().size()][t.columns().size()];
        int rr = t.columns().indexOf(org.layerlab.perturb.Perturbation.Rerandomize.LABEL);
        if (rr < 0) {
            return notes;
        }
        for (org.layerlab.analysis.RowInfo info : analysis.rows()) {
            int r = t.rows().indexOf(info.name());
            if (info.fixedInit() && r >= 0) {
                notes[r][rr] = "= τ 0";
            }
        }
        return notes;
    }

    public static HeatmapData distanceL2(AnalysisResult analysis) {
        return distance(
                analysis, Distance::l2Rel, "Relative ℓ2 distance ‖θ(T) − θ(τ)‖₂ / ‖θ(0)‖₂", "relative ℓ2 distance");
    }

    public static HeatmapData distanceLinf(AnalysisResult analysis) {
        return distance(analysis, Distance::linf, "ℓ∞ distance max |θ(T) − θ(τ)|", "ℓ∞ distance");
    }

    /**
     * Distances have no natural upper bound, so the scale runs from 0 to the largest finite value of
     * this run (0 … 1 if every value is 0 or missing, so the scale is never empty).
     */
    private static HeatmapData distance(
            AnalysisResult analysis, ToDoubleFunction<Distance> metric, String title, String scaleLabel) {
        DistanceTable t = analysis.distances();
        double[][] v = new double[t.rows().size()][t.columns().size()];
        double max = 0;
        for (int r = 0; r < v.length; r++) {
            Map<String, Distance> row = t.entries().getOrDefault(t.rows().get(r), Map.of());
            for (int c = 0; c < v[r].length; c++) {
                Distance d = row.get(t.columns().get(c));
                v[r][c] = d == null ? Double.NaN : metric.applyAsDouble(d);
                if (Double.isFinite(v[r][c])) {
                    max = Math.max(max, v[r][c]);
                }
            }
        }
        return new HeatmapData(
                title,
                "between the trained parameters θ(T) and what each column puts in",
                t.rows(),
                columnLabels(t.columns()),
                COLUMN_AXIS,
                v,
                scaleLabel,
                0,
                max > 0 ? max : 1,
                Colormap.MAGMA,
                NumberStyle.COMPACT,
                rowBreaks(analysis, t.rows()),
                columnBreaks(t.columns()));
    }

    public static List<String> columnLabels(List<String> columns) {
        return columns.stream()
                .map(c -> c.equals(Perturbation.Rerandomize.LABEL) ? RERANDOMIZE_LABEL : c)
                .toList();
    }

    /** A separator wherever the row kind changes: units | groups | fullmodel. */
    static List<Integer> rowBreaks(AnalysisResult analysis, List<String> rows) {
        Map<String, String> kinds = kinds(analysis);
        List<Integer> breaks = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            String above = kindOf(kinds, rows.get(r - 1));
            if (!above.equals(kindOf(kinds, rows.get(r)))) {
                breaks.add(r);
            }
        }
        return breaks;
    }

    /** Row name → {@code unit}, {@code group} or {@code fullmodel}, from the analysis' row infos. */
    static Map<String, String> kinds(AnalysisResult analysis) {
        Map<String, String> kinds = new HashMap<>();
        for (RowInfo info : analysis.rows()) {
            kinds.put(info.name(), info.kind());
        }
        return kinds;
    }

    /** A row without a RowInfo is judged by its name: only {@code fullmodel} is special. */
    static String kindOf(Map<String, String> kinds, String row) {
        String k = kinds.get(row);
        if (k != null) {
            return k;
        }
        return row.equals(RobustnessTable.FULL_MODEL) ? "fullmodel" : "unit";
    }

    /** Re-randomization is not a point in training time, so it is set apart from the epoch columns. */
    static List<Integer> columnBreaks(List<String> columns) {
        List<Integer> breaks = new ArrayList<>();
        for (int c = 1; c < columns.size(); c++) {
            boolean before = columns.get(c - 1).equals(Perturbation.Rerandomize.LABEL);
            boolean here = columns.get(c).equals(Perturbation.Rerandomize.LABEL);
            if (before != here) {
                breaks.add(c);
            }
        }
        return breaks;
    }
}
