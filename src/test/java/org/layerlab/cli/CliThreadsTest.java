package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.engine.Threads;
import org.layerlab.run.Provenance;
import org.layerlab.testing.FolderState;
import org.layerlab.testing.MnistFolder;
import org.layerlab.train.TrainingThreads;

/**
 * {@code --threads} and {@code LAYERLAB_THREADS}: bad values are refused before anything is written; the
 * count a run trains with is recorded (threads.json, provenance.json) and a resume with another count is
 * refused with a message that says why; the analysis's count changes no number.
 */
class CliThreadsTest {
    private static final String PROPERTY = "layerlab.threads";

    @TempDir
    Path tmp;

    private String property;

    @BeforeEach
    void remember() {
        property = System.getProperty(PROPERTY);
    }

    @AfterEach
    void restore() {
        if (property == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, property);
        }
    }

    private String[] command(String verb, Path out, String... more) {
        Path data = MnistFolder.learnable(tmp.resolve("mnist"), 200, 100);
        List<String> args = new ArrayList<>(List.of(
                verb,
                "fcn-mnist-quick",
                "--quiet",
                "--out",
                out.toString(),
                "--data",
                data.toString(),
                "--set",
                "model.width=16",
                "--set",
                "train.epochs=2",
                "--set",
                "train.checkpoints=[0,1,2]",
                "--set",
                "analysis.eval_batch_size=25"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static void assertBadInput(Cli r, String line) {
        assertEquals(2, r.code(), r.err());
        assertEquals(line, r.errLine());
    }

    @Test
    void aThreadCountOutsideZeroTo1024IsRefusedBeforeAnythingIsWritten() {
        Path out = tmp.resolve("run");
        for (String n : List.of("-2", "1025")) {
            assertBadInput(
                    Cli.run(command("study", out, "--threads", n)),
                    "layerlab: --threads: must be a number of threads in 1..1024, or 0 (chosen by timing), got " + n);
            assertFalse(Files.exists(out));
        }
        Cli notANumber = Cli.run(command("train", out, "--threads", "two"));
        assertEquals(2, notANumber.code());
        assertTrue(
                notANumber.errLine().contains("'--threads'")
                        && notANumber.errLine().contains("'two'"),
                notANumber.errLine());
        assertFalse(Files.exists(out));
        assertBadInput(
                Cli.run(command("study", out, "--set", "train.threads=-1")),
                "layerlab: --set train.threads=-1: train.threads: must be a number of threads in 1..1024, 0 (chosen"
                        + " by timing when the run starts) or null (one per core), got -1");
        assertBadInput(
                Cli.run(command("study", out, "--threads", "-1")),
                "layerlab: --threads: must be a number of threads in 1..1024, or 0 (chosen by timing), got -1");
        assertFalse(Files.exists(out));
    }

    @Test
    void withNothingSetARunTrainsWithOneThreadPerCoreAndTimesNothing() throws Exception {
        // Reproducibility first: the same command gives the same numbers however busy the machine is, so the
        // default is libtorch's fixed one-per-core count, not a timed choice. A child JVM, to leave the test
        // environment's LAYERLAB_THREADS out.
        Path out = tmp.resolve("run");
        Process p = org.layerlab.testing.ChildJvm.start(
                tmp,
                java.util.Collections.singletonMap("LAYERLAB_THREADS", null),
                "org.layerlab.cli.Main",
                command("train", out));
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "train did not finish");
        assertEquals(0, p.exitValue(), err);
        TrainingThreads t =
                TrainingThreads.read(out.resolve(TrainingThreads.FILE)).orElseThrow();
        assertEquals("default", t.chosenBy());
        assertEquals(Runtime.getRuntime().availableProcessors(), t.threads());
        assertTrue(t.msPerStep().isEmpty(), "nothing timed: " + t);
    }

    @Test
    void zeroThreadsChoosesByTiming() throws IOException {
        Path out = tmp.resolve("run");
        Cli train = Cli.run(command("train", out, "--threads", "0"));
        assertEquals(0, train.code(), train.err());
        TrainingThreads t =
                TrainingThreads.read(out.resolve(TrainingThreads.FILE)).orElseThrow();
        assertEquals("automatic", t.chosenBy());
        assertEquals(Threads.candidates(Threads.cores()).size(), t.msPerStep().size(), t.toString());
    }

    @Test
    void aBadProcessWideSettingIsRefusedBeforeAnythingIsWritten() {
        Path out = tmp.resolve("run");
        System.setProperty(PROPERTY, "many");
        assertBadInput(
                Cli.run(command("study", out)),
                "layerlab: layerlab.threads: must be a number of threads in 1..1024 or auto, got 'many'");
        assertFalse(Files.exists(out));
    }

    @Test
    void theCountIsRecordedAndAResumeWithAnotherIsRefused() throws IOException {
        Path out = tmp.resolve("run");
        Cli train = Cli.run(command("train", out, "--threads", "1"));
        assertEquals(0, train.code(), train.err());
        TrainingThreads t =
                TrainingThreads.read(out.resolve(TrainingThreads.FILE)).orElseThrow();
        assertEquals(1, t.threads());
        assertEquals("train.threads", t.chosenBy());
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("  threads: 1\n"));
        assertEquals(1, training(out).get("threads"));

        Map<String, String> before = FolderState.of(out);
        assertBadInput(
                Cli.run(command("study", out, "--threads", "2")),
                "layerlab: " + out + ": this run trains with train.threads=1; give --threads 1, since a run's numbers"
                        + " depend on its thread count; or start a new run with --force or --out");
        assertBadInput(
                Cli.run(command("study", out)),
                "layerlab: " + out + ": this run trains with train.threads=1; give --threads 1, since a run's numbers"
                        + " depend on its thread count; or start a new run with --force or --out");
        assertEquals(before, FolderState.of(out), "a refused command changes no file");

        Cli study = Cli.run(command("study", out, "--threads", "1"));
        assertEquals(0, study.code(), study.err());
        Map<String, Object> analysis = section(out, "analysis");
        assertEquals(1, analysis.get("threads"));
        assertEquals("train.threads", analysis.get("chosen_by"));
    }

    @Test
    void anAutomaticRunIsResumedWithoutThreadsAndItsAnalysisCountChangesNoNumber() throws IOException {
        System.setProperty(PROPERTY, "auto");
        Path out = tmp.resolve("run");
        Cli train = Cli.run(command("train", out));
        assertEquals(0, train.code(), train.err());
        TrainingThreads t =
                TrainingThreads.read(out.resolve(TrainingThreads.FILE)).orElseThrow();
        assertEquals("automatic", t.chosenBy());
        assertFalse(Files.readString(out.resolve("spec.yaml")).contains("threads"), "an automatic spec says nothing");
        assertEquals("automatic", training(out).get("chosen_by"));

        assertBadInput(
                Cli.run(command("study", out, "--threads", "1")),
                "layerlab: " + out + ": this run chose its thread count when it started (" + t.threads()
                        + ", recorded in threads.json); run the command without --threads (and without"
                        + " train.threads), since a run's numbers depend on its thread count; or start a new run"
                        + " with --force or --out");

        Cli study = Cli.run(command("study", out));
        assertEquals(0, study.code(), study.err());
        Map<String, Object> adaptive = section(out, "analysis");
        assertEquals("automatic", adaptive.get("chosen_by"));
        assertTrue(adaptive.containsKey("batches_by_threads"), adaptive.toString());
        byte[] robustness = Files.readAllBytes(out.resolve("robustness.csv"));

        assertBadInput(
                Cli.run("analyze", out.toString(), "--force", "--threads", "0"),
                "layerlab: --threads: must be a number of threads in 1..1024, got 0");
        for (String n : List.of("1", "2")) {
            Cli again = Cli.run("analyze", out.toString(), "--force", "--threads", n, "--quiet");
            assertEquals(0, again.code(), again.err());
            assertArrayEquals(robustness, Files.readAllBytes(out.resolve("robustness.csv")), "at " + n + " threads");
            Map<String, Object> fixed = section(out, "analysis");
            assertEquals(Integer.parseInt(n), fixed.get("threads"));
            assertEquals("--threads", fixed.get("chosen_by"));
            assertEquals(t.threads(), training(out).get("threads"), "the training's record stays");
        }
    }

    private static Map<String, Object> training(Path run) {
        return section(run, "training");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Path run, String name) {
        Map<String, Object> threads = (Map<String, Object>)
                Provenance.read(run.resolve("provenance.json")).get("threads");
        assertTrue(threads != null && threads.containsKey(name), "provenance.json threads." + name + ": " + threads);
        return (Map<String, Object>) threads.get(name);
    }
}
