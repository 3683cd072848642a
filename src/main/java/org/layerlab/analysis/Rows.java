package org.layerlab.analysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.layerlab.error.UserInputException;
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

/** The rows of the study grid: each unit in forward order, then each group, then the full model. */
public final class Rows {
    private Rows() {}

    static List<Analysis.Row> of(ModelLayout layout, List<String> groups) {
        List<Analysis.Row> rows = new ArrayList<>();
        for (Unit u : layout.units()) {
            rows.add(row(u.name(), "unit", List.of(u)));
        }
        for (String g : groups) {
            List<Unit> members = parseGroup(layout, g);
            rows.add(row(String.join("+", members.stream().map(Unit::name).toList()), "group", members));
        }
        rows.add(row(RobustnessTable.FULL_MODEL, "fullmodel", layout.units()));
        return rows;
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
            if (!layout.unitNames().contains(n)) {
                throw new UserInputException("analysis.groups: '" + group + "' names unknown unit '" + n + "' (units: "
                        + String.join(", ", layout.unitNames()) + ")");
            }
            out.add(layout.unit(n));
        }
        return out;
    }

    public static void validateGroups(ModelLayout layout, List<String> groups) {
        for (String g : groups) {
            parseGroup(layout, g);
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
        return new Analysis.Row(
                new RowInfo(name, kind, units.stream().map(Unit::name).toList(), params), units);
    }
}
