package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplication by a constant inside a forward pass that autograd records. Use this, never DJL's
 * {@code mul(Number)} (or {@code add}, {@code sub}, {@code div}, {@code pow} with a number), for any
 * array a gradient flows through.
 *
 * <p>DJL wraps the number in a 0-d tensor over a direct buffer that Java owns ({@code torch::from_blob},
 * no copy) and closes that array right after the op. Autograd keeps the tensor for the backward pass
 * (∂(x·c)/∂x = c), but from then on nothing keeps the buffer alive: a garbage collection between the
 * forward and the backward pass frees it, and the backward pass reads whatever was allocated there
 * since. Training then intermittently ended with other weights, or a NaN loss, depending on when the
 * collector ran. A tensor the engine allocates itself ({@code full}) owns its memory, which autograd's
 * reference keeps alive as long as it needs it. The product is the same op on the same values, so the
 * numbers are those of {@code mul(Number)} whenever its buffer survived.
 */
final class Scalars {
    private Scalars() {}

    /** {@code x · c}, with {@code c} in an engine-owned scalar of {@code x}'s type and device. */
    static NDArray times(NDArray x, float c) {
        try (NDArray factor = x.getManager().full(new Shape(), c, x.getDataType())) {
            return x.mul(factor);
        }
    }
}
