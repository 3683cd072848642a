package org.layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.testing.RecordingProgress;

/** Training reports each finished epoch once, with the test error it logged; a resumed run only the rest. */
class TrainingProgressTest {
    @TempDir
    Path tmp;

    private static String line(EpochRecord r) {
        return String.format(Locale.ROOT, "train fcn-mnist-quick: epoch %d/3 test err %.4f", r.epoch(), r.testError());
    }

    @Test
    void oneReportPerEpochWithTheLoggedTestError() {
        RecordingProgress p = new RecordingProgress();
        List<EpochRecord> log = TinyRun.train(tmp, p);
        assertEquals(List.of("train fcn-mnist-quick"), p.tasks());
        assertEquals(log.subList(1, 4).stream().map(TrainingProgressTest::line).toList(), p.completed());
    }

    @Test
    void aResumedRunReportsOnlyTheEpochsItTrains() {
        // 64 examples per epoch: the crash comes in epoch 2, after epoch 1 was saved.
        assertThrows(IllegalStateException.class, () -> TinyRun.train(tmp, TinyRun.progress(100, s -> {})));
        RecordingProgress p = new RecordingProgress();
        List<EpochRecord> log = TinyRun.train(tmp, p);
        assertEquals(log.subList(2, 4).stream().map(TrainingProgressTest::line).toList(), p.completed());
    }
}
