package org.layerlab.engine;

import java.util.List;
import java.util.Map;
import org.layerlab.snapshot.Tensor;

/**
 * One row of the study grid as the engine sees it: the first stage the row's tensors touch, and the
 * replacement tensors of each variant (one per checkpoint τ or re-randomization draw).
 */
public record VariantRow(int startStage, List<Map<String, Tensor>> variants) {
    public VariantRow {
        variants = List.copyOf(variants);
    }
}
