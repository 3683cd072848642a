package org.layerlab.spec;

import java.util.List;

/** SGD with momentum and a piecewise-constant learning rate; see defaults.yaml. */
public record TrainSpec(
        int epochs,
        int batchSize,
        double lr,
        double momentum,
        double weightDecay,
        double lrDecay,
        List<Integer> lrMilestones,
        List<Integer> checkpoints) {

    public TrainSpec {
        lrMilestones = lrMilestones == null ? null : List.copyOf(lrMilestones);
        checkpoints = checkpoints == null ? null : List.copyOf(checkpoints);
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
