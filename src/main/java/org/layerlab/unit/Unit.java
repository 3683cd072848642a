package org.layerlab.unit;

import java.util.List;
import java.util.Objects;

/**
 * A unit of the study: the set of parameters the paper re-initializes together, e.g. one dense layer
 * with its bias, one residual block with its shortcut and BatchNorms (and their running statistics).
 *
 * @param name layerlab's stable name ({@code layer1}, {@code stage2.resblk1}, …), independent of DJL's
 *     positional parameter names
 * @param stage index of the first network stage whose output depends on this unit; the analysis reuses
 *     the activations entering this stage for every variant of the unit
 */
public record Unit(String name, int stage, List<TensorSpec> tensors) {

    public Unit {
        Objects.requireNonNull(name);
        tensors = List.copyOf(tensors);
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("unit " + name + " has no tensors");
        }
    }

    public List<String> tensorNames() {
        return tensors.stream().map(TensorSpec::name).toList();
    }

    public long parameterCount() {
        return tensors.stream().mapToLong(TensorSpec::numel).sum();
    }
}
