package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.layerlab.spec.ModelSpec;

/**
 * Dropout is deterministic and resumable: a training step's masks depend only on the run seed and the
 * step number (Dropouts.seedStep), and without dropout the forward pass draws nothing.
 */
class DropoutTest {
    private static final DataShape TEXT = TransformerNets.text(6, 5);
    private static final DataShape IMAGES = TransformerNets.images(3, 8, 8, 4);

    private static float[] trainingForward(Network net, NDArray x, long seed, long step) {
        Dropouts.seedStep(seed, step);
        return net.forward(x, true).toFloatArray();
    }

    @Test
    void theMasksOfAStepFollowFromTheRunSeedAndTheStep() {
        ModelSpec[] specs = {
            TransformerNets.spec("transformer-lm", 2, null, 8, 2, null, null, null, null, 0.5),
            TransformerNets.spec("vit", 2, 4, 8, 2, null, null, null, null, 0.5),
            TransformerNets.spec("mixer", 2, 4, 8, null, null, null, null, null, 0.5)
        };
        for (ModelSpec spec : specs) {
            DataShape data = spec.arch().equals("transformer-lm") ? TEXT : IMAGES;
            try (Network net = TransformerNets.build(spec, data)) {
                net.load(TransformerNets.randomWeights(net, 0.3, 1));
                NDArray x = TransformerNets.input(net, data, 4, 2);
                float[] step3 = trainingForward(net, x, 7, 3);
                float[] step4 = trainingForward(net, x, 7, 4);
                // Another step between does not matter: step 3 again draws step 3's masks.
                assertArrayEquals(step3, trainingForward(net, x, 7, 3), spec.arch());
                assertFalse(Arrays.equals(step3, step4), spec.arch() + ": steps 3 and 4 share their masks");
                assertFalse(Arrays.equals(step3, trainingForward(net, x, 8, 3)), spec.arch() + ": another run seed");
                float[] eval = net.forward(x, false).toFloatArray();
                assertFalse(Arrays.equals(step3, eval), spec.arch() + ": no dropout in training");
                assertArrayEquals(eval, net.forward(x, false).toFloatArray(), spec.arch() + ": evaluation is exact");
            }
        }
    }

    @Test
    void withoutDropoutTrainingAndEvaluationAgree() {
        try (Network net = TransformerNets.build(TransformerNets.lm(2, 8, 2, null, null), TEXT)) {
            net.load(TransformerNets.randomWeights(net, 0.3, 1));
            NDArray x = TransformerNets.input(net, TEXT, 4, 2);
            float[] eval = net.forward(x, false).toFloatArray();
            assertArrayEquals(eval, trainingForward(net, x, 7, 3));
            assertArrayEquals(eval, net.forward(x, true).toFloatArray());
        }
    }
}
