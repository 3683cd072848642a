package org.layerlab.engine;

import java.util.List;
import java.util.Map;
import org.layerlab.snapshot.Tensor;

/**
 * One row of the study grid as the engine sees it: the first stage the row's tensors touch, the
 * replacement tensors of each variant (one per checkpoint τ or re-randomization draw), and whether one
 * more variant removes the row's stage altogether (the identity in its place).
 */
public record VariantRow(int startStage, List<Map<String, Tensor>> variants, boolean removal) {
    public VariantRow {
        variants = List.copyOf(variants);
    }

    public VariantRow(int startStage, List<Map<String, Tensor>> variants) {
        this(startStage, variants, false);
    }

    /** Variants measured: the replacements, then the removal when asked for. */
    public int columns() {
        return variants.size() + (removal ? 1 : 0);
    }
}
