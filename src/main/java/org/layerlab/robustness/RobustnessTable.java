package org.layerlab.robustness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The paper's robustness grid (Figure 1, top): test error of the trained model after perturbing each
 * row (a unit, a group of units, or {@code fullmodel}) as each column says ({@code rerandomize}, then
 * one column per checkpoint epoch).
 *
 * @param finalError test error of the unperturbed trained model
 * @param chanceError error of uniform guessing, 1 − 1/classes
 * @param rows row names in display order: units in forward order, then groups, then fullmodel
 * @param columns column labels: {@code rerandomize} (when measured), then checkpoint epochs ascending
 * @param errors row → column → test error (the mean over draws for {@code rerandomize})
 * @param rerandomizeDraws row → test error of each re-randomization draw, in draw order
 */
public record RobustnessTable(
        double finalError,
        double chanceError,
        List<String> rows,
        List<String> columns,
        Map<String, Map<String, Double>> errors,
        Map<String, List<Double>> rerandomizeDraws) {

    public static final String FULL_MODEL = "fullmodel";

    public RobustnessTable {
        rows = List.copyOf(rows);
        columns = List.copyOf(columns);
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        errors.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        errors = java.util.Collections.unmodifiableMap(copy);
        rerandomizeDraws = Map.copyOf(rerandomizeDraws);
    }

    public double error(String row, String column) {
        Map<String, Double> r = errors.get(row);
        Double v = r == null ? null : r.get(column);
        if (v == null) {
            throw new NoSuchElementException("no robustness entry for " + row + " @ " + column);
        }
        return v;
    }

    public boolean has(String row, String column) {
        Map<String, Double> r = errors.get(row);
        return r != null && r.containsKey(column);
    }
}
