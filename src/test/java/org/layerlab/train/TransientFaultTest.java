package org.layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.engine.Network;
import org.layerlab.error.UserInputException;
import org.layerlab.progress.Progress;
import org.layerlab.random.Rng;

/**
 * A non-finite loss that does not recur (a transient fault: the same round redone from its saved state is
 * finite) costs a redone round and changes no number; one that recurs is divergence.
 */
class TransientFaultTest {
    @TempDir
    Path tmp;

    /** The tiny run's training data, but the {@code nth} batch filled (counting from 1) gets NaN inputs. */
    private static BatchSource faulty(int... nth) {
        return new BatchSource() {
            private int fills;

            @Override
            public int size() {
                return TinyRun.TRAIN.size();
            }

            @Override
            public int[] exampleShape() {
                return TinyRun.TRAIN.exampleShape();
            }

            @Override
            public int numClasses() {
                return TinyRun.TRAIN.numClasses();
            }

            @Override
            public void fill(int[] indices, int from, int count, BatchBuffers dst, Rng augment) {
                TinyRun.TRAIN.fill(indices, from, count, dst, augment);
                fills++;
                for (int n : nth) {
                    if (fills == n) {
                        dst.pixels()[0] = Float.NaN;
                    }
                }
            }
        };
    }

    private List<EpochRecord> train(Path run, BatchSource data) {
        try (Network net = TinyRun.network()) {
            return new Training(
                            TinyRun.SPEC,
                            net,
                            data,
                            TinyRun.TEST,
                            TinyRun.store(run),
                            TinyRun.log(run),
                            Progress.SILENT)
                    .run();
        }
    }

    @Test
    void aFaultThatDoesNotRecurIsRedoneAndChangesNothing() throws IOException {
        Path clean = tmp.resolve("clean");
        Path faulted = tmp.resolve("faulted");
        TinyRun.train(clean, Progress.SILENT);
        // 4 batches per epoch: the 6th fill is epoch 2's second batch; the redo fills it again as the 8th.
        List<EpochRecord> log = train(faulted, faulty(6));
        assertEquals(List.of(0, 1, 2, 3), log.stream().map(EpochRecord::epoch).toList());
        TinyRun.assertSameRun(clean, faulted);
    }

    @Test
    void aFaultInTheFirstRoundIsRedoneFromTheInitializationWithFreshOptimizerState() throws IOException {
        Path clean = tmp.resolve("clean");
        Path faulted = tmp.resolve("faulted");
        TinyRun.train(clean, Progress.SILENT);
        // Epoch 1's second batch, after one update has given the momentum a value. Checkpoint 0 holds no
        // optimizer state: the redo must start from zero momentum, as the run that never met the fault did.
        List<EpochRecord> log = train(faulted, faulty(2));
        assertEquals(List.of(0, 1, 2, 3), log.stream().map(EpochRecord::epoch).toList());
        TinyRun.assertSameRun(clean, faulted);
    }

    @Test
    void aFaultThatRecursIsDivergence() {
        Path run = tmp.resolve("run");
        // Epoch 2's second batch, and again when the round is redone.
        UserInputException e = assertThrows(UserInputException.class, () -> train(run, faulty(6, 8)));
        assertTrue(e.getMessage().startsWith("training diverged at epoch 2, step 2 of 4 (loss NaN)"), e.getMessage());
        assertEquals(List.of(0, 1), TinyRun.store(run).epochs(), "the checkpoints before it are kept");
    }
}
