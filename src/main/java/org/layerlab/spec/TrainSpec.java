package org.layerlab.spec;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.layerlab.unit.TensorRole;

/**
 * SGD with momentum and a piecewise-constant learning rate; see defaults.yaml.
 *
 * @param weightDecayOn which trainable tensors the weight decay applies to: {@code all} or {@code weights}
 */
public record TrainSpec(
        int epochs,
        int batchSize,
        double lr,
        double momentum,
        double weightDecay,
        String weightDecayOn,
        double lrDecay,
        List<Integer> lrMilestones,
        List<Integer> checkpoints) {

    public TrainSpec {
        lrMilestones = lrMilestones == null ? null : List.copyOf(lrMilestones);
        checkpoints = checkpoints == null ? null : List.copyOf(checkpoints);
    }

    /** The values {@code train.weight_decay_on} may take. */
    public static final List<String> WEIGHT_DECAY_ON = List.of("all", "weights");

    /**
     * The roles of the tensors weight decay applies to: every trainable one for {@code all}; dense and
     * convolution kernels only for {@code weights}, leaving biases and BatchNorm scale and shift undecayed.
     */
    public Set<TensorRole> weightDecayRoles() {
        return switch (weightDecayOn) {
            case "all" ->
                EnumSet.copyOf(Arrays.stream(TensorRole.values())
                        .filter(TensorRole::trainable)
                        .toList());
            case "weights" -> EnumSet.of(TensorRole.WEIGHT);
            default -> throw new IllegalStateException("train.weight_decay_on was not validated: " + weightDecayOn);
        };
    }

    /** The rate used during epoch {@code epoch} (1-based): lr × decay^(milestones already passed). */
    public double lrAt(int epoch) {
        double rate = lr;
        for (int m : lrMilestones) {
            if (epoch > m) {
                rate *= lrDecay;
            }
        }
        return rate;
    }
}
