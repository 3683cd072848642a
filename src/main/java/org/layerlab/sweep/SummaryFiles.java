package org.layerlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerlab.io.AtomicFiles;

/**
 * {@code summary.csv}, one line per point × row × checkpoint:
 *
 * <pre>
 * &lt;swept keys…&gt;,unit,checkpoint,n,mean,sd,ci95_low,ci95_high,damage,verdict,agree
 * </pre>
 *
 * (checkpoint as in robustness.csv, an epoch or {@code rerandomize}; damage, verdict and agree on checkpoint-0
 * lines only: d and the verdict of the means, and the fraction of seeds whose own verdict agrees; empty cells are
 * not measured), and {@code summary.json} with the same and the per-point final error, critical-unit counts and
 * training curves.
 */
public final class SummaryFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryFiles() {}

    public static void write(SweepFolder folder, SweepSummary s) {
        AtomicFiles.writeString(folder.summaryCsv(), csv(s));
        try {
            AtomicFiles.writeBytes(folder.summaryJson(), JSON.writeValueAsBytes(json(s)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The summary as a JSON tree; NaN (not measured) is not JSON, so it becomes null. */
    static JsonNode json(SweepSummary s) {
        return nanToNull(JSON.valueToTree(s));
    }

    private static JsonNode nanToNull(JsonNode n) {
        if (n.isDouble() && !Double.isFinite(n.doubleValue())) {
            return NullNode.getInstance();
        }
        if (n instanceof ObjectNode o) {
            o.properties().forEach(e -> e.setValue(nanToNull(e.getValue())));
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, nanToNull(a.get(i)));
            }
        }
        return n;
    }

    static String csv(SweepSummary s) {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(s.sweptKeys());
        header.addAll(List.of(
                "unit", "checkpoint", "n", "mean", "sd", "ci95_low", "ci95_high", "damage", "verdict", "agree"));
        sb.append(String.join(",", header)).append('\n');
        for (SweepSummary.PointSummary p : s.points()) {
            for (SweepSummary.Row row : p.rows()) {
                for (Map.Entry<String, SeedStats> cell : row.errors().entrySet()) {
                    List<String> line = new ArrayList<>();
                    s.sweptKeys().forEach(k -> line.add(csvText(p.values().getOrDefault(k, ""))));
                    SeedStats st = cell.getValue();
                    boolean init = cell.getKey().equals("0") && row.verdict() != null;
                    line.addAll(List.of(
                            csvText(row.unit()),
                            cell.getKey(),
                            Integer.toString(st.n()),
                            num(st.mean()),
                            num(st.sd()),
                            num(st.ciLow()),
                            num(st.ciHigh()),
                            init ? num(row.damage()) : "",
                            init ? row.verdict() : "",
                            init ? String.format(Locale.ROOT, "%.3f", row.agree()) : ""));
                    sb.append(String.join(",", line)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "";
    }

    /** A value with a comma or quote is quoted, as RFC 4180 says. */
    private static String csvText(String v) {
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
