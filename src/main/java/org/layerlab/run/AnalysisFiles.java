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
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.robustness.Verdict;

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
        StringBuilder rob = new StringBuilder("unit,checkpoint,test_error\n");
        StringBuilder dist = new StringBuilder("unit,checkpoint,l2,l2_rel,l2_rms,linf\n");
        StringBuilder draws = new StringBuilder("unit,draw,test_error\n");
        for (String row : t.rows()) {
            for (String col : t.columns()) {
                rob.append(row)
                        .append(',')
                        .append(col)
                        .append(',')
                        .append(err(t.error(row, col)))
                        .append('\n');
                Distance d = a.distances().get(row, col);
                dist.append(row)
                        .append(',')
                        .append(col)
                        .append(',')
                        .append(g(d.l2()))
                        .append(',')
                        .append(g(d.l2Rel()))
                        .append(',')
                        .append(g(d.l2Rms()))
                        .append(',')
                        .append(g(d.linf()))
                        .append('\n');
            }
            List<Double> rr = t.rerandomizeDraws().get(row);
            for (int i = 0; rr != null && i < rr.size(); i++) {
                draws.append(row)
                        .append(',')
                        .append(i)
                        .append(',')
                        .append(err(rr.get(i)))
                        .append('\n');
            }
        }
        StringBuilder ver = new StringBuilder(
                "unit,verdict,error_at_init,final_error,chance_error,robust_below,critical_above,rerandomize_error\n");
        for (Verdict v : a.verdicts()) {
            ver.append(v.unit())
                    .append(',')
                    .append(v.category().id())
                    .append(',')
                    .append(err(v.errorAtInit()))
                    .append(',')
                    .append(err(v.finalError()))
                    .append(',')
                    .append(err(v.chanceError()))
                    .append(',')
                    .append(err(v.robustBelow()))
                    .append(',')
                    .append(err(v.criticalAbove()))
                    .append(',')
                    .append(Double.isNaN(v.rerandomizeError()) ? "" : err(v.rerandomizeError()))
                    .append('\n');
        }
        org.layerlab.io.AtomicFiles.writeString(run.robustnessCsv(), rob.toString());
        org.layerlab.io.AtomicFiles.writeString(run.distancesCsv(), dist.toString());
        org.layerlab.io.AtomicFiles.writeString(run.rerandomizeCsv(), draws.toString());
        org.layerlab.io.AtomicFiles.writeString(run.verdictsCsv(), ver.toString());
        try {
            org.layerlab.io.AtomicFiles.writeBytes(run.analysisJson(), JSON.writeValueAsBytes(a));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AnalysisResult read(RunDirectory run) {
        Path f = run.analysisJson();
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
