package org.layerlab.unit;

import java.util.Arrays;
import java.util.Objects;
import org.layerlab.init.Init;
import org.layerlab.init.InitScheme;

/**
 * One parameter tensor of a unit as the study sees it: its stable name, shape, role and the
 * initializer it was (and on re-randomization will be) drawn from.
 */
public record TensorSpec(String name, int[] shape, TensorRole role, Init init) {

    public TensorSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(role);
        Objects.requireNonNull(init);
        shape = shape.clone();
    }

    /**
     * A tensor of a dense or convolutional network, initialized by {@code scheme} with its fans.
     *
     * @param fanIn inputs feeding one output (for a conv kernel: in-channels × kernel area)
     * @param fanOut outputs fed by one input (for a conv kernel: out-channels × kernel area)
     */
    public TensorSpec(String name, int[] shape, TensorRole role, InitScheme scheme, int fanIn, int fanOut) {
        this(name, shape, role, scheme.init(role, fanIn, fanOut));
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
                && init.equals(t.init);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), role, init);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + "/" + role + "/" + init.describe();
    }
}
