package org.layerlab.distance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Distances on the same grid as the robustness table: row (unit, group, fullmodel) → column
 * ({@code rerandomize} or a checkpoint epoch) → distance between the trained parameters and the
 * parameters that column puts in (the first re-randomization draw for {@code rerandomize}).
 */
public record DistanceTable(List<String> rows, List<String> columns, Map<String, Map<String, Distance>> entries) {

    public DistanceTable {
        rows = List.copyOf(rows);
        columns = List.copyOf(columns);
        Map<String, Map<String, Distance>> copy = new LinkedHashMap<>();
        entries.forEach((k, v) -> copy.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        entries = java.util.Collections.unmodifiableMap(copy);
    }

    public Distance get(String row, String column) {
        Map<String, Distance> r = entries.get(row);
        Distance d = r == null ? null : r.get(column);
        if (d == null) {
            throw new NoSuchElementException("no distance for " + row + " @ " + column);
        }
        return d;
    }
}
