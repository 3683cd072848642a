package org.layerlab.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep runs: every point × seed as a {@link PlannedRun}, in the order of the sweep file (grid keys vary
 * fastest from the last, as nested loops would), and the swept keys the summary groups by.
 *
 * @param source the sweep file or preset it was made from
 * @param base the study every point starts from
 */
public record SweepPlan(String name, String source, String base, List<String> sweptKeys, List<PlannedRun> runs) {
    public SweepPlan {
        sweptKeys = List.copyOf(sweptKeys);
        runs = List.copyOf(runs);
    }

    /** The runs of each point, points in plan order. */
    public Map<String, List<PlannedRun>> points() {
        Map<String, List<PlannedRun>> out = new LinkedHashMap<>();
        for (PlannedRun r : runs) {
            out.computeIfAbsent(r.point(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    public PlannedRun run(String id) {
        return runs.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }
}
