package org.layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.layerlab.train.TinyRun.SPEC;
import static org.layerlab.train.TinyRun.TEST;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerlab.analysis.Analysis;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.checkpoint.CheckpointStore;
import org.layerlab.engine.Network;
import org.layerlab.progress.Progress;
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.AnalysisSpec;

/**
 * A run killed partway and started again in the same folder must end with exactly the files of a run
 * that was never interrupted, and the analysis of both must agree.
 */
class TrainingResumeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "crash after {0} examples")
    @CsvSource({
        // in epoch 3, at its third batch: resumes from the epoch-2 resume state
        "160, 2",
        // in epoch 1, at its second batch: no resume state yet, resumes from checkpoint 0
        "16, 0"
    })
    void aResumedRunEndsExactlyLikeAnUninterruptedOne(long crashAfter, int resumesFrom) throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        List<EpochRecord> logA = TinyRun.train(a, Progress.SILENT);
        assertEquals(List.of(0, 1, 2, 3), logA.stream().map(EpochRecord::epoch).toList());

        assertThrows(IllegalStateException.class, () -> TinyRun.train(b, TinyRun.progress(crashAfter, s -> {})));
        CheckpointStore storeB = TinyRun.store(b);
        assertFalse(Files.exists(b.resolve("checkpoints").resolve(CheckpointStore.fileName(3))));
        assertEquals(resumesFrom, storeB.loadResume().map(c -> c.epoch()).orElse(0));
        assertEquals(resumesFrom, TrainLog.read(TinyRun.log(b)).size() - 1, "log rows up to the saved state");

        List<EpochRecord> logB = TinyRun.train(b, Progress.SILENT);
        assertEquals(List.of(0, 1, 2, 3), logB.stream().map(EpochRecord::epoch).toList());
        TinyRun.assertSameRun(a, b);
        List<EpochRecord> fileA = TrainLog.read(TinyRun.log(a));
        assertEquals(0.1 * 0.2, fileA.get(3).lr(), 1e-12, "epoch 3 trains at the dropped rate");

        // Analysis of both runs: the same grid. Run b's without prefix sharing, which must not matter.
        AnalysisSpec shareless = SPEC.analysis().withSharePrefix(false);
        AnalysisResult ra = analyze(TinyRun.store(a), SPEC.analysis());
        AnalysisResult rb = analyze(storeB, shareless);
        assertEquals(ra.robustness(), rb.robustness());
        assertEquals(ra.distances(), rb.distances());
        assertEquals(ra.verdicts(), rb.verdicts());
        checkAgainstTheTrainLog(ra.robustness(), fileA);
    }

    /** Numbers the analysis measures that training measured too: they must agree exactly. */
    private static void checkAgainstTheTrainLog(RobustnessTable t, List<EpochRecord> log) {
        assertEquals(List.of("layer1", "layer2", "layer3", "layer2+layer3", "fullmodel"), t.rows());
        assertEquals(List.of("rerandomize", "0", "1", "2", "3"), t.columns());
        // Errors are k/32: exact in the log's six decimals.
        assertEquals(log.get(3).testError(), t.finalValue());
        for (EpochRecord r : log) {
            // The whole model set back to checkpoint τ is the model the log evaluated after epoch τ.
            assertEquals(
                    r.testError(),
                    t.value(RobustnessTable.FULL_MODEL, Integer.toString(r.epoch())),
                    "epoch " + r.epoch());
        }
        for (String row : t.rows()) {
            assertEquals(
                    t.finalValue(), t.value(row, "3"), row + " re-initialized to the final epoch is the trained model");
            List<Double> draws = t.rerandomizeDraws().get(row);
            assertEquals(2, draws.size());
            assertEquals((draws.get(0) + draws.get(1)) / 2, t.value(row, "rerandomize"), 1e-15);
        }
        assertEquals(0.5, t.chanceValue());
    }

    private static AnalysisResult analyze(CheckpointStore store, AnalysisSpec spec) {
        Map<Integer, WeightSnapshot> cps = new TreeMap<>();
        for (int e : store.epochs()) {
            cps.put(e, store.load(e).weights());
        }
        try (Network net = TinyRun.network()) {
            AnalysisResult r = new Analysis(net, cps, spec, SPEC.seed()).run(TEST, Progress.SILENT);
            assertEquals(cps.get(3), net.snapshot(), "the analysis leaves the trained weights loaded");
            assertEquals(TEST.size(), r.testSize());
            return r;
        }
    }
}
