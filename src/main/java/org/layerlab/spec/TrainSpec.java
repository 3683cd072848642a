package org.layerlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.layerlab.unit.TensorRole;

/**
 * How the network is trained; see defaults.yaml for each key. Training is counted in epochs (images)
 * or, when {@code steps} is set, in optimizer steps (a language model, where an epoch is not natural);
 * checkpoints, milestones and the log are counted in the same unit.
 *
 * @param steps null: train for {@code epochs}; else for this many steps
 * @param optimizer {@code sgd} (momentum, L2 weight decay) or {@code adamw} (decoupled weight decay)
 * @param schedule {@code step} (× lr_decay at each milestone) or {@code cosine} (after a linear warm-up)
 * @param warmup steps of linear warm-up before the cosine
 * @param minLr where the cosine ends
 * @param clipNorm null, or the global L2 norm of the gradient is scaled down to at most this
 * @param labelSmoothing ε of the training loss: (1 − ε)·NLL + ε·mean over classes of −log p
 * @param logEvery step-counted training: steps between test evaluations (log rows); null = steps / 20
 * @param weightDecayOn which trainable tensors the weight decay applies to: {@code all} or {@code weights}
 *     (kernels only); null = the optimizer's own (sgd: all; adamw: weights)
 * @param freeze units that keep their initial values through training: no update, no optimizer state, no
 *     weight decay, and BatchNorm running statistics left at their initialization too
 * @param threads the engine's intra-op threads for training, which its numbers depend on; null = chosen by
 *     layerlab when the run starts (and kept to its end). Left out of the written spec when null, so the
 *     specs and identities of runs made before the key existed stay as they were.
 */
public record TrainSpec(
        int epochs,
        Integer steps,
        int batchSize,
        String optimizer,
        double lr,
        String schedule,
        int warmup,
        double minLr,
        double lrDecay,
        List<Integer> lrMilestones,
        double momentum,
        double beta1,
        double beta2,
        double eps,
        double weightDecay,
        String weightDecayOn,
        Double clipNorm,
        double labelSmoothing,
        Integer logEvery,
        List<Integer> checkpoints,
        List<String> freeze,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer threads) {

    public TrainSpec {
        lrMilestones = lrMilestones == null ? null : List.copyOf(lrMilestones);
        checkpoints = checkpoints == null ? null : List.copyOf(checkpoints);
        freeze = freeze == null ? List.of() : List.copyOf(freeze);
    }

    /** The values {@code train.weight_decay_on} may take. */
    public static final List<String> WEIGHT_DECAY_ON = List.of("all", "weights");

    /** Thread counts beyond this are surely a typo (and OpenMP would start that many threads). */
    public static final int MAX_THREADS = 1024;

    public static final List<String> OPTIMIZERS = List.of("sgd", "adamw");

    public static final List<String> SCHEDULES = List.of("step", "cosine");

    /** Whether {@code threads} asks for a count chosen by timing when the run starts ({@code 0}). */
    public boolean threadsByTiming() {
        return threads != null && threads == 0;
    }

    /** The count {@code threads} fixes, or null when it leaves the choice to layerlab (null or 0). */
    public Integer fixedThreads() {
        return threads != null && threads > 0 ? threads : null;
    }

    /** The same training with another {@code threads}. */
    public TrainSpec withThreads(Integer newThreads) {
        return new TrainSpec(
                epochs,
                steps,
                batchSize,
                optimizer,
                lr,
                schedule,
                warmup,
                minLr,
                lrDecay,
                lrMilestones,
                momentum,
                beta1,
                beta2,
                eps,
                weightDecay,
                weightDecayOn,
                clipNorm,
                labelSmoothing,
                logEvery,
                checkpoints,
                freeze,
                newThreads);
    }

    /** Whether training is counted in steps rather than epochs. */
    public boolean stepCounted() {
        return steps != null;
    }

    /** {@code epoch} or {@code step}: the unit of checkpoints, milestones and the log. */
    public String unit() {
        return stepCounted() ? "step" : "epoch";
    }

    /** The last epoch or step. */
    public int length() {
        return stepCounted() ? steps : epochs;
    }

    /**
     * The roles of the tensors weight decay applies to: every trainable one for {@code all}; dense and
     * convolution kernels only for {@code weights}, leaving biases, norms and embeddings undecayed.
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

    /**
     * The step schedule's rate during epoch {@code epoch} (1-based), for epoch-counted training: lr ×
     * decay^(milestones already passed).
     */
    public double lrAt(int epoch) {
        return stepRate(epoch);
    }

    /**
     * The rate of global step {@code step} (1-based) of {@code totalSteps}, during epoch {@code epoch}
     * (epoch-counted training; for step-counted training pass the step again).
     *
     * <ul>
     *   <li>{@code step}: lr × lr_decay^(milestones passed), the milestones counted in the training's unit;
     *   <li>{@code cosine}: lr·s/warmup during the warm-up, then min_lr + (lr − min_lr)·(1 + cos(π·p))/2
     *       with p the fraction of the steps after the warm-up that are done before this one.
     * </ul>
     */
    public double lrAt(long step, long totalSteps, int epoch) {
        if (schedule.equals("step")) {
            return stepRate(stepCounted() ? step : epoch);
        }
        if (step <= warmup) {
            return lr * step / warmup;
        }
        double p = (double) (step - 1 - warmup) / Math.max(1, totalSteps - warmup);
        return minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * p));
    }

    private double stepRate(long position) {
        double rate = lr;
        for (int m : lrMilestones) {
            if (position > m) {
                rate *= lrDecay;
            }
        }
        return rate;
    }
}
