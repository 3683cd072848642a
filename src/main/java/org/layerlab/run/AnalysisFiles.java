package org.layerlab.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.distance.Distance;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;
import org.layerlab.metric.Metric;
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.robustness.Verdict;
import org.layerlab.robustness.VerdictRule;

/**
 * Writes an analysis as tidy tables ({@code robustness.csv}, {@code rerandomize.csv},
 * {@code distances.csv}, {@code verdicts.csv}) and as {@code analysis.json}, from which the report is
 * made. Numbers are formatted with a fixed locale and precision so equal results are equal bytes.
 */
public final class AnalysisFiles {
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private AnalysisFiles() {}

    public static void write(RunDirectory run, AnalysisResult a) {
        RobustnessTable t = a.robustness();
        Metric m = t.metric();
        // A language model's loss comes with its perplexity and token error (1 − top-1 accuracy).
        boolean lm = m == Metric.LOSS;
        StringBuilder rob = new StringBuilder(
                "unit,checkpoint," + m.column() + ",damage" + (lm ? ",perplexity,token_error" : "") + "\n");
        StringBuilder dist = new StringBuilder("unit,checkpoint,l2,l2_rel,l2_rms,linf\n");
        StringBuilder draws = new StringBuilder("unit,draw," + m.column() + "\n");
        for (String row : t.rows()) {
            for (String col : t.columns()) {
                if (!t.has(row, col)) {
                    continue; // e.g. no removal value for a unit the identity cannot replace
                }
                double e = t.value(row, col);
                String damage = g(VerdictRule.damage(e, t.finalValue(), t.chanceValue()));
                if (lm) {
                    line(
                            rob,
                            row,
                            col,
                            err(e),
                            damage,
                            g(Math.exp(e)),
                            err(t.tokenErrors().get(row).get(col)));
                } else {
                    line(rob, row, col, err(e), damage);
                }
            }
            for (String col : a.distances().columns()) {
                Distance d = a.distances().get(row, col);
                line(dist, row, col, g(d.l2()), g(d.l2Rel()), g(d.l2Rms()), g(d.linf()));
            }
            List<Double> rr = t.rerandomizeDraws().get(row);
            for (int i = 0; rr != null && i < rr.size(); i++) {
                line(draws, row, Integer.toString(i), err(rr.get(i)));
            }
        }
        String id = m.id();
        StringBuilder ver = new StringBuilder("unit,verdict," + id + "_at_init,damage,final_" + id + ",chance_" + id
                + ",robust_below,critical_above,rerandomize_" + id + ",rerandomize_damage,rerandomize_is_init\n");
        java.util.Set<String> fixed = new java.util.HashSet<>();
        a.rows().stream().filter(r -> r.fixedInit()).forEach(r -> fixed.add(r.name()));
        for (Verdict v : a.verdicts()) {
            line(
                    ver,
                    v.unit(),
                    v.category().id(),
                    err(v.valueAtInit()),
                    g(v.damage()),
                    err(v.finalValue()),
                    err(v.chanceValue()),
                    err(v.robustBelow()),
                    err(v.criticalAbove()),
                    Double.isNaN(v.rerandomizeValue()) ? "" : err(v.rerandomizeValue()),
                    g(v.rerandomizeDamage()),
                    // A constant initializer: the re-randomization is the τ = 0 reset, not a second finding.
                    Boolean.toString(fixed.contains(v.unit())));
        }
        AtomicFiles.writeString(run.robustnessCsv(), rob.toString());
        AtomicFiles.writeString(run.distancesCsv(), dist.toString());
        AtomicFiles.writeString(run.rerandomizeCsv(), draws.toString());
        AtomicFiles.writeString(run.verdictsCsv(), ver.toString());
        if (!a.blockInfluence().isEmpty()) {
            StringBuilder scores = new StringBuilder("unit,block_influence\n");
            a.blockInfluence().forEach((unit, bi) -> line(scores, unit, g(bi)));
            AtomicFiles.writeString(run.scoresCsv(), scores.toString());
        }
        try {
            // Last: analysis.json is what marks the analysis as done (RunDirectory.isAnalyzed).
            AtomicFiles.writeBytes(run.analysisJson(), JSON.writeValueAsBytes(a));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(StringBuilder csv, String... cells) {
        csv.append(String.join(",", cells)).append('\n');
    }

    public static AnalysisResult read(RunDirectory run) {
        return read(run.analysisJson());
    }

    /**
     * A run's {@code analysis.json} read without opening (and locking) the run: a sweep summarizes finished runs
     * while others of the sweep are still being written.
     */
    public static AnalysisResult read(Path f) {
        try {
            return JSON.readValue(f.toFile(), AnalysisResult.class);
        } catch (IOException e) {
            throw UserInputException.io(f, "cannot read analysis", e);
        }
    }

    private static String err(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static String g(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
