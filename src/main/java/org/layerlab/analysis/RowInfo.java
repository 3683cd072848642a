package org.layerlab.analysis;

import java.util.List;

/**
 * One row of the study grid.
 *
 * @param kind {@code unit}, {@code group} or {@code fullmodel}
 * @param units the units perturbed together in this row (one for a unit row, all for fullmodel)
 * @param parameters number of trainable scalars the row perturbs
 * @param fixedInit every tensor of the row has a constant initializer (LayerNorm 1/0, a zero head or class
 *     token): re-randomizing it puts back its initial value, so its re-randomization column equals its
 *     τ = 0 column by construction and is not a second finding
 */
public record RowInfo(String name, String kind, List<String> units, long parameters, boolean fixedInit) {
    public RowInfo {
        units = List.copyOf(units);
    }

    public RowInfo(String name, String kind, List<String> units, long parameters) {
        this(name, kind, units, parameters, false);
    }
}
