package org.layerlab.testing;

import org.layerlab.init.InitScheme;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.TensorSpec;

/** Short constructors for the tensor specs of hand-built layouts. */
public final class Specs {
    private Specs() {}

    /** A dense kernel {@code out × in} as DJL stores it. */
    public static TensorSpec weight(String name, int out, int in, InitScheme scheme) {
        return new TensorSpec(name, new int[] {out, in}, TensorRole.WEIGHT, scheme, in, out);
    }

    public static TensorSpec bias(String name, int out, int in, InitScheme scheme) {
        return new TensorSpec(name, new int[] {out}, TensorRole.BIAS, scheme, in, out);
    }

    public static TensorSpec vector(String name, int n, TensorRole role) {
        return new TensorSpec(name, new int[] {n}, role, InitScheme.PAPER, n, n);
    }
}
