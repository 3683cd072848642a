package org.layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.engine.Network;
import org.layerlab.engine.Threads;
import org.layerlab.error.UserInputException;
import org.layerlab.progress.Progress;
import org.layerlab.spec.ExperimentSpec;

/**
 * A training run's thread count is chosen once, recorded in threads.json before its first step, and
 * kept on resume whatever the setting of the resuming process: the run's numbers depend on it.
 */
class TrainingThreadsTest {
    private static final String PROPERTY = "layerlab.threads";

    @TempDir
    Path tmp;

    private String property;
    private int threads;

    @BeforeEach
    void remember() {
        property = System.getProperty(PROPERTY);
        threads = Threads.current();
    }

    @AfterEach
    void restore() {
        if (property == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, property);
        }
        Threads.use(threads);
    }

    private static TrainingThreads recorded(Path run) {
        return TrainingThreads.read(run.resolve(TrainingThreads.FILE)).orElseThrow();
    }

    /** Trains in {@code run} until {@code examples} examples are done, then fails as a crash would. */
    private static void crashAfter(Path run, long examples) {
        assertThrows(IllegalStateException.class, () -> TinyRun.train(run, TinyRun.progress(examples, s -> {})));
    }

    @Test
    void aNewRunTimesItsStepsAndRecordsTheChoiceBeforeItsFirstUpdate() {
        System.setProperty(PROPERTY, "auto");
        Path run = tmp.resolve("run");
        crashAfter(run, 0); // dies in its first step
        TrainingThreads t = recorded(run);
        List<Integer> candidates = Threads.candidates(Threads.cores());
        assertEquals("automatic", t.chosenBy());
        assertTrue(candidates.contains(t.threads()), t.toString());
        assertEquals(
                candidates.stream().map(String::valueOf).sorted().toList(),
                List.copyOf(t.msPerStep().keySet()),
                "every candidate timed");
        assertTrue(t.reason().startsWith("timed forward and backward passes on a training batch of 16"), t.reason());
    }

    @Test
    void aResumedRunKeepsItsCountWhateverTheResumingProcessSays() throws IOException {
        System.setProperty(PROPERTY, "1");
        Path a = tmp.resolve("a");
        TinyRun.train(a, Progress.SILENT);
        Path b = tmp.resolve("b");
        crashAfter(b, 100);
        assertEquals(1, recorded(b).threads());
        assertEquals("layerlab.threads", recorded(b).chosenBy());
        byte[] record = Files.readAllBytes(b.resolve(TrainingThreads.FILE));

        System.setProperty(PROPERTY, "2");
        TinyRun.train(b, Progress.SILENT);
        assertEquals(1, Threads.current(), "the resumed run trained at its recorded count");
        assertEquals(new String(record), Files.readString(b.resolve(TrainingThreads.FILE)), "the record is kept");
        TinyRun.assertSameRun(a, b);
    }

    @Test
    void aResumeWithAnotherTrainThreadsIsRefused() {
        System.setProperty(PROPERTY, "1");
        Path run = tmp.resolve("run");
        crashAfter(run, 100);
        ExperimentSpec two = TinyRun.SPEC.withTrain(TinyRun.SPEC.train().withThreads(2));
        try (Network net = TinyRun.network()) {
            Training t = new Training(
                    two, net, TinyRun.TRAIN, TinyRun.TEST, TinyRun.store(run), TinyRun.log(run), Progress.SILENT);
            UserInputException e = assertThrows(UserInputException.class, t::run);
            assertEquals(
                    run.resolve(TrainingThreads.FILE) + ": this run trains with 1 threads, but train.threads is 2; its"
                            + " numbers depend on the count, so it resumes with the count it started with: set"
                            + " train.threads to 1, or start a new run with --force",
                    e.getMessage());
        }
    }

    @Test
    void aRunStartedBeforeThreadRecordsGoesOnWithTheEngineDefault() throws IOException {
        Path run = tmp.resolve("run");
        crashAfter(run, 100);
        Files.delete(run.resolve(TrainingThreads.FILE));
        System.setProperty(PROPERTY, "1"); // not for a run that has already trained
        TinyRun.train(run, Progress.SILENT);
        TrainingThreads t = recorded(run);
        assertEquals("engine default", t.chosenBy());
        assertEquals(Threads.engineDefault(), t.threads());
        assertTrue(t.msPerStep().isEmpty());
    }

    @Test
    void anUnreadableRecordIsBadInputAndNothingTrains() throws IOException {
        Path run = tmp.resolve("run");
        crashAfter(run, 100);
        Files.writeString(run.resolve(TrainingThreads.FILE), "{\"format\": \"layerlab-threads/1\", \"threads\": 0}");
        byte[] log = Files.readAllBytes(TinyRun.log(run));
        UserInputException e = assertThrows(UserInputException.class, () -> TinyRun.train(run, Progress.SILENT));
        assertTrue(e.getMessage().startsWith(run.resolve(TrainingThreads.FILE) + ": not a layerlab thread record"));
        assertEquals(new String(log), Files.readString(TinyRun.log(run)), "no epoch trained");
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }
}
