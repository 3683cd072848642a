package org.layerlab.analysis;

import java.util.List;

/**
 * One row of the study grid.
 *
 * @param kind {@code unit}, {@code group} or {@code fullmodel}
 * @param units the units perturbed together in this row (one for a unit row, all for fullmodel)
 * @param parameters number of trainable scalars the row perturbs
 */
public record RowInfo(String name, String kind, List<String> units, long parameters) {
    public RowInfo {
        units = List.copyOf(units);
    }
}
