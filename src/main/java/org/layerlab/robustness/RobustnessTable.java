package org.layerlab.robustness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.layerlab.metric.Metric;

/**
 * The paper's robustness grid (Figure 1, top): the test metric of the trained model after perturbing
 * each row (a unit, a group of units, or {@code fullmodel}) as each column says ({@code rerandomize},
 * then one column per checkpoint).
 *
 * @param metric what each cell measures (classification error, next-token loss)
 * @param finalValue the metric of the unperturbed trained model
 * @param chanceValue what guessing scores: 1 − 1/classes, or ln V
 * @param rows row names in display order: units in forward order, then groups, then fullmodel
 * @param columns column labels: {@code rerandomize} (when measured), then checkpoints ascending
 * @param values row → column → metric value (the mean over draws for {@code rerandomize})
 * @param rerandomizeDraws row → metric value of each re-randomization draw, in draw order
 * @param tokenErrors for a language model, row → column → token error (1 − top-1 accuracy) beside
 *     the loss; empty for a classifier, whose metric is already the error
 */
public record RobustnessTable(
        Metric metric,
        double finalValue,
        double chanceValue,
        List<String> rows,
        List<String> columns,
        Map<String, Map<String, Double>> values,
        Map<String, List<Double>> rerandomizeDraws,
        Map<String, Map<String, Double>> tokenErrors) {

    public static final String FULL_MODEL = "fullmodel";

    public RobustnessTable {
        rows = List.copyOf(rows);
        columns = List.copyOf(columns);
        values = copy(values);
        rerandomizeDraws = Map.copyOf(rerandomizeDraws);
        tokenErrors = copy(tokenErrors == null ? Map.of() : tokenErrors);
    }

    /** A classifier's table (test error, no separate token errors). */
    public RobustnessTable(
            double finalValue,
            double chanceValue,
            List<String> rows,
            List<String> columns,
            Map<String, Map<String, Double>> values,
            Map<String, List<Double>> rerandomizeDraws) {
        this(Metric.ERROR, finalValue, chanceValue, rows, columns, values, rerandomizeDraws, Map.of());
    }

    private static Map<String, Map<String, Double>> copy(Map<String, Map<String, Double>> m) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, Map.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    public double value(String row, String column) {
        Map<String, Double> r = values.get(row);
        Double v = r == null ? null : r.get(column);
        if (v == null) {
            throw new NoSuchElementException("no robustness entry for " + row + " @ " + column);
        }
        return v;
    }

    public boolean has(String row, String column) {
        Map<String, Double> r = values.get(row);
        return r != null && r.containsKey(column);
    }
}
