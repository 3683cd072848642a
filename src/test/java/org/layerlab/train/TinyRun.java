package org.layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.layerlab.checkpoint.CheckpointStore;
import org.layerlab.engine.DataShape;
import org.layerlab.engine.Network;
import org.layerlab.engine.Networks;
import org.layerlab.progress.Progress;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.testing.ArrayBatchSource;

/**
 * A three-epoch run on 64 synthetic 1×2×2 examples, small enough to train several times per test.
 * A run folder holds {@code checkpoints/} and {@code logs/train-log.csv}.
 */
final class TinyRun {
    static final int[] EXAMPLE = {1, 2, 2};
    // 64 training examples in batches of 16: 4 steps (64 progress units) per epoch.
    static final ArrayBatchSource TRAIN = ArrayBatchSource.halves(64, EXAMPLE, 1);
    static final ArrayBatchSource TEST = ArrayBatchSource.halves(32, EXAMPLE, 2);
    // The rate drops after epoch 2, so a resumed epoch 3 must pick the dropped rate; a little weight
    // decay and momentum make the optimizer state matter.
    private static final List<String> SETTINGS = List.of(
            "seed=5",
            "model.depth=2",
            "model.width=8",
            "train.epochs=3",
            "train.batch_size=16",
            "train.lr=0.1",
            "train.weight_decay=0.001",
            "train.lr_milestones=[2]",
            "train.checkpoints=[0, 1, 2]",
            "analysis.eval_batch_size=16",
            "analysis.rerandomize_draws=2",
            "analysis.groups=[\"layer2,layer3\"]");
    static final ExperimentSpec SPEC = spec();

    private TinyRun() {}

    static Network network() {
        return network(SPEC);
    }

    static Network network(ExperimentSpec spec) {
        return Networks.build(spec.model(), DataShape.images(EXAMPLE, 2), "cpu");
    }

    /** The tiny run's spec with more {@code key=value} settings, e.g. a frozen or removed unit. */
    static ExperimentSpec spec(String... more) {
        List<String> all = new java.util.ArrayList<>(SETTINGS);
        all.addAll(List.of(more));
        return SpecLoader.load("fcn-mnist-quick", all);
    }

    static Path log(Path run) {
        return run.resolve("logs").resolve("train-log.csv");
    }

    static CheckpointStore store(Path run) {
        return new CheckpointStore(run.resolve("checkpoints"));
    }

    /** Trains (or resumes) in {@code run} with a fresh network, as a new process would. */
    static List<EpochRecord> train(Path run, Progress progress) {
        return train(run, SPEC, progress);
    }

    /** The same for another spec of the same data (its train section may differ from SPEC's). */
    static List<EpochRecord> train(Path run, ExperimentSpec spec, Progress progress) {
        try (Network net = network(spec)) {
            return new Training(spec, net, TRAIN, TEST, store(run), log(run), progress).run();
        }
    }

    /** Both folders hold a finished run with byte-identical checkpoints and the same log, wall times aside. */
    static void assertSameRun(Path a, Path b) throws IOException {
        CheckpointStore sa = store(a);
        CheckpointStore sb = store(b);
        assertEquals(List.of(0, 1, 2, 3), sa.epochs());
        assertEquals(sa.manifest(), sb.manifest());
        assertNull(sb.manifest().resume());
        try (var files = Files.list(b.resolve("checkpoints"))) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("resume")), "no resume state left");
        }
        for (int e : sa.epochs()) {
            String f = CheckpointStore.fileName(e);
            assertArrayEquals(
                    Files.readAllBytes(a.resolve("checkpoints").resolve(f)),
                    Files.readAllBytes(b.resolve("checkpoints").resolve(f)),
                    f);
        }
        assertEquals(
                TrainLog.read(log(a)).stream().map(TinyRun::withoutTime).toList(),
                TrainLog.read(log(b)).stream().map(TinyRun::withoutTime).toList());
    }

    private static EpochRecord withoutTime(EpochRecord r) {
        return new EpochRecord(r.epoch(), r.lr(), r.trainLoss(), r.trainError(), r.testLoss(), r.testError(), 0);
    }

    /** A progress sink that calls {@code onStatus} with each status line and throws after {@code limit} examples. */
    static Progress progress(long limit, java.util.function.Consumer<String> onStatus) {
        long[] done = {0};
        return (name, total) -> new Progress.Task() {
            @Override
            public void step(long n) {
                done[0] += n;
                if (done[0] > limit) {
                    throw new IllegalStateException("simulated crash");
                }
            }

            @Override
            public void status(String text) {
                onStatus.accept(text);
            }

            @Override
            public void close() {}
        };
    }
}
