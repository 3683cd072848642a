package org.layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.layerlab.spec.SpecLoader;
import org.layerlab.spec.TrainSpec;

class TrainingPlanTest {
    private static TrainSpec spec(String... sets) {
        List<String> all = new java.util.ArrayList<>(List.of(sets));
        all.add("train.lr_milestones=[]");
        return SpecLoader.load("fcn-mnist", all).train();
    }

    @Test
    void anEpochCountedRunHasOneRoundPerEpoch() {
        TrainingPlan p = new TrainingPlan(spec("train.epochs=3", "train.checkpoints=[0]"), 300, 7);
        assertEquals(List.of(0, 1, 2, 3), p.positions());
        // 300 examples in batches of 128: 3 steps per epoch.
        assertEquals(9, p.totalSteps());
        assertEquals(4, p.firstStep(2));
        assertEquals(300, p.order(1).length);
        assertEquals(300, IntStream.of(p.order(2)).distinct().count(), "a permutation");
    }

    @Test
    void aStepCountedRunEndsRoundsAtLogPointsAndCheckpoints() {
        TrainingPlan p = new TrainingPlan(
                spec("train.steps=10", "train.log_every=3", "train.batch_size=4", "train.checkpoints=[4]"), 50, 7);
        assertEquals(List.of(0, 3, 4, 6, 9, 10), p.positions());
        assertEquals(10, p.totalSteps());
        assertEquals(4, p.firstStep(2));
        assertEquals(4 * 3, p.order(1).length, "3 steps of 4 examples");
        assertEquals(4, p.order(2).length);
    }

    /** The examples of a step depend on the seed and the step alone: not on where rounds end. */
    @Test
    void theDataOrderDoesNotDependOnHowTheRunIsCut() {
        int[] a = all(new TrainingPlan(
                spec("train.steps=12", "train.log_every=3", "train.batch_size=5", "train.checkpoints=[0]"), 40, 7));
        int[] b = all(new TrainingPlan(
                spec("train.steps=12", "train.log_every=5", "train.batch_size=5", "train.checkpoints=[0, 7]"), 40, 7));
        assertArrayEquals(a, b);
        assertEquals(60, a.length);
        int[] otherSeed = all(new TrainingPlan(
                spec("train.steps=12", "train.log_every=3", "train.batch_size=5", "train.checkpoints=[0]"), 40, 8));
        assertEquals(false, java.util.Arrays.equals(a, otherSeed));
    }

    private static int[] all(TrainingPlan p) {
        return IntStream.rangeClosed(1, p.rounds())
                .flatMap(r -> IntStream.of(p.order(r)))
                .toArray();
    }
}
