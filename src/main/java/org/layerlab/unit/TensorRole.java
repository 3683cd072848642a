package org.layerlab.unit;

/**
 * What a tensor is for. Re-randomization draws each tensor from the distribution its role and the
 * unit's scheme give it at initialization (Section 3 of the paper), so the role decides, e.g., that a
 * BatchNorm scale is reset to 1 rather than drawn like a weight.
 */
public enum TensorRole {
    /** A dense or convolution kernel, drawn from the init scheme with its fan-in/fan-out. */
    WEIGHT,
    /** A dense or convolution bias. */
    BIAS,
    /** BatchNorm or LayerNorm scale: initialized to 1. */
    NORM_SCALE,
    /** BatchNorm or LayerNorm shift: initialized to 0. */
    NORM_SHIFT,
    /** BatchNorm running mean (a statistic the unit owns): 0 at initialization. */
    RUNNING_MEAN,
    /** BatchNorm running variance: 1 at initialization. */
    RUNNING_VAR,
    /**
     * A table of learned vectors looked up or added rather than multiplied: token and position
     * embeddings, a class token. Not a kernel: decoupled weight decay leaves it alone.
     */
    EMBEDDING;

    /** Running statistics are updated by forward passes, not by the optimizer. */
    public boolean trainable() {
        return this != RUNNING_MEAN && this != RUNNING_VAR;
    }
}
