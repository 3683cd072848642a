package org.layerlab.init;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.layerlab.error.UserInputException;

/**
 * How a unit's kernels and biases are drawn at initialization. Re-randomization draws again from the
 * same scheme (never from N(0,1) or U[0,1)), which is what makes its numbers comparable to the paper's.
 */
public enum InitScheme {
    /**
     * The paper's default as our issue 2 defines it: a normal with σ = 1/√fan_in, truncated at ±2σ,
     * biases 0. σ is the scale before truncation, so the draws' standard deviation is 0.88σ; TF/JAX's
     * {@code variance_scaling(..., "truncated_normal")} instead divides σ by 0.8796 so that the std after
     * truncation is exactly 1/√fan_in. With ours, fcn-mnist shows Fig. 1's pattern: layer1 critical, layers
     * 2–4 close to the final error.
     */
    PAPER("paper"),
    /** He et al. 2015: N(0, 2/fan_in), biases 0. */
    HE_NORMAL("he-normal"),
    /** Glorot & Bengio 2010: U(±√(6/(fan_in+fan_out))), biases 0. */
    GLOROT_UNIFORM("glorot-uniform"),
    /** PyTorch's nn.Linear/nn.Conv default: kaiming-uniform with a=√5, i.e. U(±1/√fan_in), and the same bound for biases. */
    PYTORCH_DEFAULT("pytorch-default");

    private final String id;

    InitScheme(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * The initializer of one tensor of a dense or convolutional network under this scheme: kernels from
     * the scheme with their fans, biases zero (PyTorch's default: uniform like the kernel), BatchNorm
     * scale and running variance one, shift and running mean zero.
     */
    public Init init(org.layerlab.unit.TensorRole role, int fanIn, int fanOut) {
        return switch (role) {
            case WEIGHT ->
                switch (this) {
                    case PAPER -> new Init.TruncatedNormal(1 / Math.sqrt(fanIn), 2.0);
                    case HE_NORMAL -> new Init.Normal(Math.sqrt(2.0 / fanIn));
                    case GLOROT_UNIFORM -> new Init.Uniform(Math.sqrt(6.0 / ((double) fanIn + fanOut)));
                    case PYTORCH_DEFAULT -> new Init.Uniform(1 / Math.sqrt(fanIn));
                };
            case BIAS -> this == PYTORCH_DEFAULT ? new Init.Uniform(1 / Math.sqrt(fanIn)) : Init.Constant.ZEROS;
            case NORM_SCALE, RUNNING_VAR -> Init.Constant.ONES;
            case NORM_SHIFT, RUNNING_MEAN -> Init.Constant.ZEROS;
            default -> throw new IllegalArgumentException("no " + id + " initializer for " + role);
        };
    }

    public static InitScheme fromId(String id) {
        for (InitScheme s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new UserInputException("model.init: unknown scheme '" + id + "' (choose one of "
                + Arrays.stream(values()).map(InitScheme::id).collect(Collectors.joining(", ")) + ")");
    }
}
