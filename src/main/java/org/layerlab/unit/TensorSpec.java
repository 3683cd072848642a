package org.layerlab.unit;

import java.util.Arrays;
import java.util.Objects;
import org.layerlab.init.InitScheme;

/**
 * One parameter tensor of a unit as the study sees it: its stable name, shape, role and the
 * initialization it was (and on re-randomization will be) drawn from.
 *
 * @param fanIn inputs feeding one output (for a conv kernel: in-channels × kernel area)
 * @param fanOut outputs fed by one input (for a conv kernel: out-channels × kernel area)
 */
public record TensorSpec(String name, int[] shape, TensorRole role, InitScheme scheme, int fanIn, int fanOut) {

    public TensorSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(role);
        Objects.requireNonNull(scheme);
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public long numel() {
        return org.layerlab.snapshot.Tensor.numel(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t
                && name.equals(t.name)
                && Arrays.equals(shape, t.shape)
                && role == t.role
                && scheme == t.scheme
                && fanIn == t.fanIn
                && fanOut == t.fanOut;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), role, scheme, fanIn, fanOut);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + "/" + role + "/" + scheme.id();
    }
}
