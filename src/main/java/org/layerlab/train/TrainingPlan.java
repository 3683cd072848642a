package org.layerlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.layerlab.random.Rng;
import org.layerlab.random.Seeds;
import org.layerlab.spec.TrainSpec;

/**
 * The rounds of a training run: after each round the test split is evaluated, the log gains a row and
 * the state is committed (and kept, at a checkpoint). A round is an epoch, or, for step-counted training,
 * the steps up to the next log point or checkpoint. Positions count in the training's unit (epochs or
 * steps); position 0 is the initialization.
 *
 * <p>Which examples a step trains on depends on the run seed and the epoch or step alone, never on how
 * the run is cut into rounds: an epoch is a permutation from {@code shuffle/<epoch>}; a step of
 * step-counted training draws its batch (with replacement) from {@code windows/<step>}.
 */
public final class TrainingPlan {
    static final String WINDOWS = "windows";

    private final TrainSpec t;
    private final int examples;
    private final long seed;
    /** Round ends: positions 0 (the initialization), then each round's last epoch or step. */
    private final List<Integer> ends;

    private final int stepsPerEpoch;

    public TrainingPlan(TrainSpec t, int examples, long seed) {
        this.t = t;
        this.examples = examples;
        this.seed = seed;
        this.stepsPerEpoch = (examples + t.batchSize() - 1) / t.batchSize();
        TreeSet<Integer> points = new TreeSet<>();
        points.add(0);
        if (t.stepCounted()) {
            for (int p = t.logEvery(); p < t.steps(); p += t.logEvery()) {
                points.add(p);
            }
            points.addAll(t.checkpoints());
            points.add(t.steps());
        } else {
            for (int e = 1; e <= t.epochs(); e++) {
                points.add(e);
            }
        }
        this.ends = List.copyOf(points);
    }

    /** Positions after each round, from 0 (the initialization) to the last. */
    public List<Integer> positions() {
        return ends;
    }

    /** The round that ends at {@code position}, or -1. */
    public int roundEndingAt(int position) {
        return ends.indexOf(position);
    }

    public int rounds() {
        return ends.size() - 1;
    }

    /** Optimizer steps of the whole run. */
    public long totalSteps() {
        return t.stepCounted() ? t.steps() : (long) t.epochs() * stepsPerEpoch;
    }

    /** The global step (1-based) of round {@code r}'s first batch. */
    public long firstStep(int r) {
        return t.stepCounted() ? ends.get(r - 1) + 1L : (long) (r - 1) * stepsPerEpoch + 1;
    }

    /** The examples round {@code r} (1-based) trains on, in order. */
    public int[] order(int r) {
        if (!t.stepCounted()) {
            return Seeds.rng(seed, Seeds.SHUFFLE, Integer.toString(r)).permutation(examples);
        }
        int batch = t.batchSize();
        List<int[]> steps = new ArrayList<>();
        for (int s = ends.get(r - 1) + 1; s <= ends.get(r); s++) {
            Rng rng = Seeds.rng(seed, WINDOWS, Integer.toString(s));
            int[] b = new int[batch];
            for (int i = 0; i < batch; i++) {
                b[i] = rng.nextInt(examples);
            }
            steps.add(b);
        }
        int[] out = new int[steps.size() * batch];
        for (int k = 0; k < steps.size(); k++) {
            System.arraycopy(steps.get(k), 0, out, k * batch, batch);
        }
        return out;
    }

    /** The learning rate of global step {@code step} (1-based) in round {@code r}. */
    public double lr(long step, int r) {
        return t.lrAt(step, totalSteps(), t.stepCounted() ? (int) step : r);
    }
}
