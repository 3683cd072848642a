package org.layerlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A sweep file as written, checked for its shape but not yet expanded: which study every point starts from
 * ({@code base}), what changes for all of them ({@code set}), what varies ({@code grid} or {@code points}) and
 * the run seeds. Keys are dotted spec keys ({@code model.depth}); values are YAML nodes, typed when each point
 * is resolved like a study spec.
 *
 * @param label how messages name the file
 * @param base a preset name or the path of a spec file (already resolved against the sweep file's folder)
 * @param grid key → its values, in file order; empty when the file has none
 * @param points explicit override maps; empty when the file has none (at most one of grid and points is given)
 * @param seeds run seeds; empty means one run per point with the base's own seed
 */
public record SweepSpec(
        String label,
        String name,
        String base,
        Map<String, JsonNode> set,
        Map<String, List<JsonNode>> grid,
        List<Map<String, JsonNode>> points,
        List<Long> seeds) {

    public SweepSpec {
        set = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(set));
        grid = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(grid));
        points = List.copyOf(points);
        seeds = List.copyOf(seeds);
    }
}
