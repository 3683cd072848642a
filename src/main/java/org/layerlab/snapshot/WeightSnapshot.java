package org.layerlab.snapshot;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * All of a network's parameters at one moment (an epoch's checkpoint, the final model, a perturbed
 * variant), keyed by layerlab's stable tensor names such as {@code layer2.weight}.
 *
 * <p>The paper's operations are plain functions on snapshots: re-initializing a unit is
 * {@code trained.with(atTau.select(unitTensors))}, the same shape as big_vision's {@code merge_params}.
 * Snapshots are immutable and share unchanged tensors.
 */
public final class WeightSnapshot {
    private final Map<String, Tensor> tensors;

    public WeightSnapshot(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new NoSuchElementException("no tensor '" + name + "' in snapshot (has " + tensors.keySet() + ")");
        }
        return t;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    public Collection<String> names() {
        return tensors.keySet();
    }

    public Map<String, Tensor> asMap() {
        return tensors;
    }

    /** The named tensors only, in the order given. */
    public Map<String, Tensor> select(Collection<String> names) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, get(n));
        }
        return out;
    }

    /**
     * This snapshot with some tensors replaced. Every replacement must name an existing tensor of the
     * same shape: a perturbation never adds or reshapes parameters.
     */
    public WeightSnapshot with(Map<String, Tensor> replacements) {
        Map<String, Tensor> out = new LinkedHashMap<>(tensors);
        for (Map.Entry<String, Tensor> e : replacements.entrySet()) {
            Tensor old = get(e.getKey());
            if (!old.sameShape(e.getValue())) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' has shape "
                        + java.util.Arrays.toString(old.shape()) + ", replacement has "
                        + java.util.Arrays.toString(e.getValue().shape()));
            }
            out.put(e.getKey(), e.getValue());
        }
        return new WeightSnapshot(out);
    }

    /** Number of scalar parameters in the named tensors. */
    public long count(List<String> names) {
        long n = 0;
        for (String s : names) {
            n += get(s).size();
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightSnapshot w && tensors.equals(w.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "WeightSnapshot" + tensors.keySet();
    }
}
