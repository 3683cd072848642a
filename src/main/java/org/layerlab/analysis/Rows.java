package org.layerlab.analysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.layerlab.error.UserInputException;
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

/**
 * The rows of the study grid: each unit in forward order, then each group, then the cumulative resets,
 * then the full model. A group is units named by hand ({@code layer2,layer3}), or {@value #ALL} (every
 * unit), or {@value #ROBUST} (every unit the verdict rule calls robust in this run, resolved once the
 * unit rows are judged, so it is not among these rows).
 */
public final class Rows {
    /** The group of every unit the verdict rule calls robust. */
    public static final String ROBUST = "robust";
    /** The group of every unit. */
    public static final String ALL = "all";

    private Rows() {}

    static List<Analysis.Row> of(ModelLayout layout, List<String> groups, String cumulative) {
        return of(layout, layout.units(), groups, cumulative);
    }

    /**
     * @param units the unit rows, in order (a granularity of {@code layout}, possibly blocks and parts both)
     * @param layout whose blocks the all group and cumulative rows are made of
     */
    static List<Analysis.Row> of(ModelLayout layout, List<Unit> units, List<String> groups, String cumulative) {
        List<Analysis.Row> rows = new ArrayList<>();
        for (Unit u : units) {
            rows.add(row(u.name(), "unit", List.of(u)));
        }
        for (String g : groups) {
            if (g.trim().equals(ROBUST)) {
                continue;
            }
            if (g.trim().equals(ALL)) {
                rows.add(row(ALL, "group", layout.units()));
                continue;
            }
            List<Unit> members = parseGroup(layout, g);
            rows.add(row(String.join("+", members.stream().map(Unit::name).toList()), "group", members));
        }
        List<Unit> blocks = layout.units();
        if (cumulative.equals("bottom-up") || cumulative.equals("both")) {
            for (int k = 1; k <= blocks.size(); k++) {
                rows.add(row("bottom-" + k, "cumulative", blocks.subList(0, k)));
            }
        }
        if (cumulative.equals("top-down") || cumulative.equals("both")) {
            for (int k = 1; k <= blocks.size(); k++) {
                rows.add(row("top-" + k, "cumulative", blocks.subList(blocks.size() - k, blocks.size())));
            }
        }
        rows.add(row(RobustnessTable.FULL_MODEL, "fullmodel", layout.units()));
        return rows;
    }

    /**
     * The {@value #ROBUST} group of this run: its units judged robust, in forward order, named after them
     * ({@code robust(layer2+layer3)}); null when no unit is robust.
     */
    static Analysis.Row robust(ModelLayout layout, List<String> robustUnits) {
        if (robustUnits.isEmpty()) {
            return null;
        }
        List<Unit> members = robustUnits.stream().map(layout::anyUnit).toList();
        return row(ROBUST + "(" + String.join("+", robustUnits) + ")", "group", members);
    }

    /** Validates a group spec such as "layer2,layer3" against the layout; usable before training starts. */
    static List<Unit> parseGroup(ModelLayout layout, String group) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String s : group.split(",")) {
            if (!names.add(s.trim())) {
                throw new UserInputException("analysis.groups: '" + group + "' lists " + s.trim() + " twice");
            }
        }
        List<Unit> out = new ArrayList<>();
        for (String n : names) {
            try {
                out.add(layout.anyUnit(n));
            } catch (UserInputException e) {
                throw new UserInputException("analysis.groups: '" + group + "' names unknown unit '" + n + "' (units: "
                        + String.join(", ", layout.unitNames()) + ")");
            }
        }
        return out;
    }

    /** Checks the groups and cumulative rows against the layout; usable before training starts. */
    public static void validate(ModelLayout layout, List<String> groups, String cumulative) {
        for (String g : groups) {
            if (!g.trim().equals(ROBUST) && !g.trim().equals(ALL)) {
                parseGroup(layout, g);
            }
        }
        if (!cumulative.equals("none") && layout.units().size() < 2) {
            throw new UserInputException(
                    "analysis.cumulative: " + cumulative + " needs two or more units, but this model" + " has one ("
                            + layout.unitNames().get(0) + "); use none");
        }
    }

    private static Analysis.Row row(String name, String kind, List<Unit> units) {
        long params = 0;
        for (Unit u : units) {
            for (TensorSpec t : u.tensors()) {
                if (t.role().trainable()) {
                    params += t.numel();
                }
            }
        }
        boolean fixed = units.stream()
                .flatMap(u -> u.tensors().stream())
                .allMatch(t -> t.init().deterministic());
        return new Analysis.Row(
                new RowInfo(name, kind, units.stream().map(Unit::name).toList(), params, fixed), units);
    }
}
