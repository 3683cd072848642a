package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.init.Initializer;
import org.layerlab.random.Rng;
import org.layerlab.testing.ArrayBatchSource;

/**
 * A tiny ViT learns with the engine's SGD trainer (EpochTrainer as it is today): which of the four 4×4
 * patches of an 8×8 image is the bright one? The answer is where, not what, so it needs the position
 * embedding and the class token's attention.
 */
class VitTrainingTest {
    /** {@code n} noisy images (uniform in ±0.5) with patch {@code label} raised by 1. */
    private static ArrayBatchSource brightPatch(int n, long seed) {
        Rng rng = new Rng(seed);
        float[][] x = new float[n][64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(4);
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    int patch = (r / 4) * 2 + c / 4;
                    x[i][r * 8 + c] = (float) (rng.uniform(-0.5, 0.5) + (patch == y[i] ? 1 : 0));
                }
            }
        }
        return new ArrayBatchSource(new int[] {1, 8, 8}, x, y, 4);
    }

    @Test
    void aFewEpochsOfSgdLowerTheLoss() {
        ArrayBatchSource data = brightPatch(256, 4);
        try (Network net = TransformerNets.build(TransformerNets.vit(1, 4, 16, 2, null), DataShape.of(data))) {
            net.load(Initializer.initialSnapshot(net.layout(), 1));
            EpochTrainer trainer = new EpochTrainer(net, 0.9, 0);
            Rng order = new Rng(2);
            List<EpochStats> epochs = new ArrayList<>();
            for (int e = 0; e < 8; e++) {
                epochs.add(trainer.runEpoch(data, order.permutation(data.size()), 16, 0.05, null, ConvNets.QUIET));
            }
            // The head starts at zero, so the first batch scores ln 4 whatever the input.
            assertEquals(Math.log(4), epochs.get(0).meanLoss(), 0.15, epochs.toString());
            EpochStats last = epochs.get(epochs.size() - 1);
            assertTrue(last.meanLoss() < 0.5 * epochs.get(0).meanLoss(), "loss did not halve: " + epochs);
            assertTrue(last.error() < 0.4, "error (chance 0.75): " + epochs);
        }
    }
}
