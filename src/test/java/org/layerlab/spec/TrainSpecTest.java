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
    private static final TrainSpec PAPER =
            new TrainSpec(100, 128, 0.01, 0.9, 0, "all", 0.2, List.of(30, 60, 90), List.of(0, 100));

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
        TrainSpec t = new TrainSpec(5, 1, 0.1, 0, 0, "all", 0.5, List.of(), List.of(0, 5));
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
        // null is refused by its type, before the choices are looked at.
        UserInputException e = assertThrows(UserInputException.class, () -> loaded("train.weight_decay_on=null"));
        assertTrue(e.getMessage().contains("train.weight_decay_on: expected text, got null"), e.getMessage());
    }
}
