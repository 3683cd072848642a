package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;

/**
 * Dropout inside the transformer blocks. Its masks come from the engine's generator, which the trainer
 * seeds per step through {@link Network#seedDropout}; outside training, or at rate 0, it is the
 * identity and draws nothing, so evaluation and the analysis are deterministic.
 */
final class Dropouts {
    private Dropouts() {}

    static NDArray apply(NDArray x, float rate, boolean training) {
        if (!training || rate == 0f) {
            return x;
        }
        return Dropout.dropout(x, rate, true).singletonOrThrow();
    }
}
