package org.layerlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.error.UserInputException;
import org.layerlab.unit.TensorRole;

class TrainSpecTest {
    /** fcn-mnist's: lr 0.01, × 0.2 after epochs 30, 60, 90. */
    private static final TrainSpec PAPER =
            SpecLoader.load("fcn-mnist", List.of()).train();

    private static void assertRate(double expected, int epoch) {
        assertEquals(expected, PAPER.lrAt(epoch), 1e-12 * expected, "epoch " + epoch);
    }

    @Test
    void theRateDropsAfterEachMilestoneEpoch() {
        // "lr × 0.2 after epochs 30/60/90": epoch 30 still trains at lr, epoch 31 at 0.2·lr.
        assertRate(0.01, 1);
        assertRate(0.01, 30);
        assertRate(0.002, 31);
        assertRate(0.002, 60);
        assertRate(0.0004, 61);
        assertRate(0.0004, 90);
        assertRate(0.00008, 91);
        assertRate(0.00008, 100);
    }

    @Test
    void noMilestonesMeansAConstantRate() {
        TrainSpec t = SpecLoader.load(
                        "fcn-mnist",
                        List.of("train.epochs=5", "train.lr=0.1", "train.lr_milestones=[]", "train.checkpoints=[0, 5]"))
                .train();
        for (int e = 1; e <= 5; e++) {
            assertEquals(0.1, t.lrAt(e));
        }
    }

    private static TrainSpec loaded(String... sets) {
        return SpecLoader.load("fcn-mnist-quick", List.of(sets)).train();
    }

    @Test
    void weightDecayAppliesToEveryTrainableTensorUnlessLimitedToWeights() {
        TrainSpec byDefault = loaded();
        assertEquals("all", byDefault.weightDecayOn());
        assertEquals(
                EnumSet.of(
                        TensorRole.WEIGHT,
                        TensorRole.BIAS,
                        TensorRole.NORM_SCALE,
                        TensorRole.NORM_SHIFT,
                        TensorRole.EMBEDDING),
                byDefault.weightDecayRoles(),
                "all trainable roles; running statistics are never decayed");
        assertEquals(
                EnumSet.of(TensorRole.WEIGHT),
                loaded("train.weight_decay_on=weights").weightDecayRoles());
        // Written into the resolved spec, so a run says which it used.
        assertTrue(SpecLoader.toYaml(SpecLoader.load("fcn-mnist-quick", List.of("train.weight_decay_on=weights")))
                .contains("weight_decay_on: weights"));
    }

    @Test
    void anUnknownWeightDecayTargetIsRefusedNamingTheKeyAndTheChoices() {
        for (String bad : new String[] {"biases", "Weights", "1", "\"\""}) {
            UserInputException e =
                    assertThrows(UserInputException.class, () -> loaded("train.weight_decay_on=" + bad), bad);
            assertTrue(
                    e.getMessage().contains("train.weight_decay_on")
                            && e.getMessage().contains("must be all or weights"),
                    e.getMessage());
        }
        // null is the optimizer's own choice.
        assertEquals("all", loaded("train.weight_decay_on=null").weightDecayOn());
    }

    @Test
    void cosineWithWarmupByHand() {
        // lr 1e-3, 10 warm-up steps, 110 steps in all, ending at 1e-4.
        TrainSpec t = SpecLoader.load(
                        "fcn-mnist",
                        List.of(
                                "train.steps=110",
                                "train.schedule=cosine",
                                "train.lr=0.001",
                                "train.warmup=10",
                                "train.min_lr=0.0001",
                                "train.checkpoints=[0]"))
                .train();
        assertEquals(0.0001, t.lrAt(1, 110, 1), 1e-15, "warm-up: lr · 1/10");
        assertEquals(0.0005, t.lrAt(5, 110, 5), 1e-15, "warm-up: lr · 5/10");
        assertEquals(0.001, t.lrAt(10, 110, 10), 1e-15, "the warm-up ends at lr");
        assertEquals(0.001, t.lrAt(11, 110, 11), 1e-15, "the cosine starts at lr");
        // Step 61: half of the 100 cosine steps done, cos(π/2) = 0: the mean of lr and min_lr.
        assertEquals(0.00055, t.lrAt(61, 110, 61), 1e-15);
        // Step 110: p = 99/100: min_lr + 0.0009 · (1 + cos(0.99π)) / 2.
        assertEquals(0.0001 + 0.0009 * (1 + Math.cos(0.99 * Math.PI)) / 2, t.lrAt(110, 110, 110), 1e-18);
        assertEquals("step", t.unit());
        assertEquals(5, t.logEvery(), "steps / 20 by default");
        assertEquals(List.of(0, 110), t.checkpoints(), "the last step is always kept");
    }

    @Test
    void aStepScheduleInStepsDropsAfterItsMilestoneSteps() {
        TrainSpec t = SpecLoader.load(
                        "fcn-mnist", List.of("train.steps=100", "train.lr_milestones=[50]", "train.checkpoints=[0]"))
                .train();
        assertEquals(0.01, t.lrAt(50, 100, 50), 1e-15);
        assertEquals(0.002, t.lrAt(51, 100, 51), 1e-15);
    }

    @Test
    void adamwDecaysOnlyKernelsUnlessTold() {
        TrainSpec t =
                SpecLoader.load("fcn-mnist", List.of("train.optimizer=adamw")).train();
        assertEquals("weights", t.weightDecayOn());
        assertEquals(EnumSet.of(TensorRole.WEIGHT), t.weightDecayRoles());
        assertEquals("all", PAPER.weightDecayOn(), "sgd's default: the paper's L2 on everything");
    }
}
