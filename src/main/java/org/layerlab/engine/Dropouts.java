package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;
import ai.djl.pytorch.jni.JniUtils;
import org.layerlab.random.Seeds;

/**
 * Dropout inside the transformer blocks. Its masks come from the engine's (PyTorch's) generator, which
 * the trainer seeds per step through {@link #seedStep}; outside training, or at rate 0, it is the
 * identity and draws nothing, so evaluation and the analysis are deterministic.
 */
final class Dropouts {
    private Dropouts() {}

    /**
     * The hook a trainer calls right before the forward pass of training step {@code step} (counted from
     * 0 over the whole run, not per epoch): it seeds the engine's generator, which draws the dropout
     * masks, with {@code Seeds.derive(runSeed, "dropout", step)}. A step's masks then depend on the run
     * seed and the step number only, so a resumed run draws the masks the uninterrupted run drew. Calling
     * it for a network without dropout is harmless: nothing in its forward pass is random.
     */
    static void seedStep(long runSeed, long step) {
        JniUtils.setSeed(Seeds.derive(runSeed, Seeds.DROPOUT, Long.toString(step)));
    }

    static NDArray apply(NDArray x, float rate, boolean training) {
        if (!training || rate == 0f) {
            return x;
        }
        return Dropout.dropout(x, rate, true).singletonOrThrow();
    }
}
