package org.layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.analysis.Analysis;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.checkpoint.CheckpointStore;
import org.layerlab.engine.Network;
import org.layerlab.engine.Networks;
import org.layerlab.progress.Progress;
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.AnalysisSpec;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.testing.ArrayBatchSource;

/**
 * A run killed partway and started again in the same folder must end with exactly the files of a run
 * that was never interrupted, and the analysis of both must agree.
 */
class TrainingResumeTest {
    private static final int[] EXAMPLE = {1, 2, 2};
    // 64 training examples in batches of 16: 4 steps (64 progress units) per epoch.
    private static final ArrayBatchSource TRAIN = ArrayBatchSource.halves(64, EXAMPLE, 1);
    private static final ArrayBatchSource TEST = ArrayBatchSource.halves(32, EXAMPLE, 2);
    // The rate drops after epoch 2, so a resumed epoch 3 must pick the dropped rate; a little weight
    // decay and momentum make the optimizer state matter.
    private static final ExperimentSpec SPEC = SpecLoader.load("fcn-mnist-quick", List.of(
            "seed=5", "model.depth=2", "model.width=8", "train.epochs=3", "train.batch_size=16", "train.lr=0.1",
            "train.weight_decay=0.001", "train.lr_milestones=[2]", "train.checkpoints=[0, 1, 2]",
            "analysis.eval_batch_size=16", "analysis.rerandomize_draws=2", "analysis.groups=[\"layer2,layer3\"]"));

    @TempDir
    Path tmp;

    private static Network network() {
        return Networks.build(SPEC.model(), new Shape(1, 2, 2), 2, Device.cpu());
    }

    private static List<EpochRecord> train(Path dir, Progress progress) {
        try (Network net = network()) {
            return new Training(SPEC, net, TRAIN, TEST, new CheckpointStore(dir.resolve("checkpoints")),
                    dir.resolve("train-log.csv"), progress).run();
        }
    }

    /** A progress sink that throws once {@code limit} examples have been trained on, like a kill -9. */
    private static Progress crashingAfter(long limit) {
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
            public void close() {}
        };
    }

    @ParameterizedTest(name = "crash after {0} examples")
    @CsvSource({
        // in epoch 3, at its third batch: resumes from the epoch-2 resume state
        "160, 2",
        // in epoch 1, at its second batch: no resume state yet, resumes from checkpoint 0
        "16, 0"})
    void aResumedRunEndsExactlyLikeAnUninterruptedOne(long crashAfter, int resumesFrom) throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        List<EpochRecord> logA = train(a, Progress.SILENT);
        assertEquals(List.of(0, 1, 2, 3), logA.stream().map(EpochRecord::epoch).toList());

        assertThrows(IllegalStateException.class, () -> train(b, crashingAfter(crashAfter)));
        CheckpointStore storeB = new CheckpointStore(b.resolve("checkpoints"));
        assertFalse(Files.exists(b.resolve("checkpoints").resolve(CheckpointStore.fileName(3))));
        assertEquals(resumesFrom, storeB.loadResume().map(c -> c.epoch()).orElse(0));
        assertEquals(resumesFrom, TrainLog.read(b.resolve("train-log.csv")).size() - 1, "log rows up to the saved state");

        List<EpochRecord> logB = train(b, Progress.SILENT);
        assertEquals(List.of(0, 1, 2, 3), logB.stream().map(EpochRecord::epoch).toList());

        // Byte-identical checkpoint files, and the same manifest.
        CheckpointStore storeA = new CheckpointStore(a.resolve("checkpoints"));
        assertEquals(List.of(0, 1, 2, 3), storeA.epochs());
        assertEquals(storeA.manifest(), storeB.manifest());
        assertNull(storeB.manifest().resume());
        assertFalse(Files.exists(b.resolve("checkpoints").resolve("resume.ckpt")));
        for (int e : storeA.epochs()) {
            String f = CheckpointStore.fileName(e);
            assertArrayEquals(Files.readAllBytes(a.resolve("checkpoints").resolve(f)),
                    Files.readAllBytes(b.resolve("checkpoints").resolve(f)), f);
        }
        // The same log, wall times aside.
        List<EpochRecord> fileA = TrainLog.read(a.resolve("train-log.csv"));
        List<EpochRecord> fileB = TrainLog.read(b.resolve("train-log.csv"));
        assertEquals(fileA.stream().map(TrainingResumeTest::withoutTime).toList(),
                fileB.stream().map(TrainingResumeTest::withoutTime).toList());
        assertEquals(0.1 * 0.2, fileA.get(3).lr(), 1e-12, "epoch 3 trains at the dropped rate");

        // Analysis of both runs: the same grid. Run b's without prefix sharing, which must not matter.
        AnalysisSpec shareless = new AnalysisSpec(SPEC.analysis().rerandomizeDraws(), SPEC.analysis().groups(),
                SPEC.analysis().evalBatchSize(), false, 0.02, 0.1, 0.5);
        AnalysisResult ra = analyze(storeA, SPEC.analysis());
        AnalysisResult rb = analyze(storeB, shareless);
        assertEquals(ra.robustness(), rb.robustness());
        assertEquals(ra.distances(), rb.distances());
        assertEquals(ra.verdicts(), rb.verdicts());
        checkAgainstTheTrainLog(ra.robustness(), fileA);
    }

    /** Numbers the analysis measures twice, once during training: they must agree exactly. */
    private static void checkAgainstTheTrainLog(RobustnessTable t, List<EpochRecord> log) {
        assertEquals(List.of("layer1", "layer2", "layer3", "layer2+layer3", "fullmodel"), t.rows());
        assertEquals(List.of("rerandomize", "0", "1", "2", "3"), t.columns());
        // Errors are k/32: exact in the log's six decimals.
        assertEquals(log.get(3).testError(), t.finalError());
        for (EpochRecord r : log) {
            // The whole model set back to checkpoint τ is the model the log evaluated after epoch τ.
            assertEquals(r.testError(), t.error(RobustnessTable.FULL_MODEL, Integer.toString(r.epoch())), "epoch " + r.epoch());
        }
        for (String row : t.rows()) {
            assertEquals(t.finalError(), t.error(row, "3"), row + " re-initialized to the final epoch is the trained model");
            List<Double> draws = t.rerandomizeDraws().get(row);
            assertEquals(2, draws.size());
            assertEquals((draws.get(0) + draws.get(1)) / 2, t.error(row, "rerandomize"), 1e-15);
        }
        assertEquals(0.5, t.chanceError());
    }

    private static AnalysisResult analyze(CheckpointStore store, AnalysisSpec spec) {
        Map<Integer, WeightSnapshot> cps = new TreeMap<>();
        for (int e : store.epochs()) {
            cps.put(e, store.load(e).weights());
        }
        try (Network net = network()) {
            AnalysisResult r = new Analysis(net, cps, spec, SPEC.seed()).run(TEST, Progress.SILENT);
            assertEquals(cps.get(3), net.snapshot(), "the analysis leaves the trained weights loaded");
            assertTrue(r.testSize() == TEST.size());
            return r;
        }
    }

    private static EpochRecord withoutTime(EpochRecord r) {
        return new EpochRecord(r.epoch(), r.lr(), r.trainLoss(), r.trainError(), r.testError(), 0);
    }
}
