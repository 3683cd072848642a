package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.run.RunDirectory;
import org.layerlab.spec.SpecLoader;
import org.layerlab.testing.IdxFixtures;
import org.layerlab.testing.QuickStudy;
import org.layerlab.testing.ReadOnlyFolder;

/**
 * Bad input ends with exit code 2 and one line that names the file or key, with no stack trace and
 * nothing written: the run folder is not created (or not touched).
 */
class CliExitCodeTest {
    @TempDir
    Path tmp;

    private static final String[] MNIST = {
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz"
    };

    /** A tiny MNIST-shaped folder; {@code spoil} replaces one file's bytes. */
    private Path mnistDir(String name, int spoilIndex, byte[] spoiled) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        byte[][] files = {
            IdxFixtures.gzip(IdxFixtures.images(20, 28, 28)),
            IdxFixtures.gzip(IdxFixtures.labels(new int[20])),
            IdxFixtures.gzip(IdxFixtures.images(10, 28, 28)),
            IdxFixtures.gzip(IdxFixtures.labels(new int[10])),
        };
        if (spoilIndex >= 0) {
            files[spoilIndex] = spoiled;
        }
        for (int i = 0; i < 4; i++) {
            Files.write(dir.resolve(MNIST[i]), files[i]);
        }
        return dir;
    }

    private Cli expectBadInput(Path out, String mention, String... args) {
        Cli r = Cli.run(args);
        assertEquals(2, r.code(), () -> "exit code for " + Arrays.toString(args) + "; stderr: " + r.err());
        assertEquals(1, r.errLine().lines().count(), () -> "one line expected, got: " + r.err());
        assertTrue(r.errLine().contains(mention), () -> "'" + r.errLine() + "' should mention " + mention);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        if (out != null) {
            assertFalse(Files.exists(out), "nothing may be written to " + out);
        }
        return r;
    }

    private String[] quick(Path out, String... more) {
        return QuickStudy.args(out, null, more);
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] good = IdxFixtures.gzip(IdxFixtures.images(20, 28, 28));
        Path data = mnistDir("trunc", 0, Arrays.copyOf(good, good.length / 2));
        Path out = tmp.resolve("run");
        expectBadInput(out, "train-images-idx3-ubyte.gz", quick(out, "--data", data.toString()));
    }

    @Test
    void wrongIdxMagic() throws IOException {
        byte[] raw = IdxFixtures.images(10, 28, 28);
        raw[3] = 0x05;
        Path data = mnistDir("magic", 2, IdxFixtures.gzip(raw));
        Path out = tmp.resolve("run");
        Cli r = expectBadInput(out, "t10k-images-idx3-ubyte.gz", quick(out, "--data", data.toString()));
        assertTrue(r.errLine().contains("magic"), r.errLine());
    }

    @Test
    void imageLabelCountMismatch() throws IOException {
        Path data = mnistDir("count", 1, IdxFixtures.gzip(IdxFixtures.labels(new int[19])));
        Path out = tmp.resolve("run");
        expectBadInput(out, "train", quick(out, "--data", data.toString()));
    }

    @Test
    void unknownSpecKey() throws IOException {
        Path spec = tmp.resolve("typo.yaml");
        Files.writeString(spec, "train:\n  epoch: 3\n");
        Path out = tmp.resolve("run");
        Cli r = expectBadInput(out, "typo.yaml", "study", spec.toString(), "--out", out.toString());
        assertTrue(r.errLine().contains("train.epoch"), r.errLine());
    }

    @Test
    void negativeEpochs() {
        Path out = tmp.resolve("run");
        expectBadInput(
                out, "train.epochs", "study", "fcn-mnist-quick", "--out", out.toString(), "--set", "train.epochs=-3");
    }

    @Test
    void unknownWeightDecayTarget() {
        Path out = tmp.resolve("run");
        Cli r = expectBadInput(
                out,
                "train.weight_decay_on",
                "study",
                "fcn-mnist-quick",
                "--out",
                out.toString(),
                "--set",
                "train.weight_decay_on=biases");
        assertTrue(r.errLine().contains("must be all or weights, got 'biases'"), r.errLine());
    }

    @Test
    void checkpointBeyondLastEpoch() {
        Path out = tmp.resolve("run");
        expectBadInput(
                out,
                "train.checkpoints",
                "train",
                "fcn-mnist-quick",
                "--out",
                out.toString(),
                "--set",
                "train.checkpoints=[0,1,11]");
    }

    @Test
    void missingDataFolder() {
        Path out = tmp.resolve("run");
        expectBadInput(
                out,
                "no-such-folder",
                quick(out, "--data", tmp.resolve("no-such-folder").toString()));
    }

    @Test
    void unwritableOut() throws IOException {
        Path data = mnistDir("ok", -1, null);
        Path blocker = Files.writeString(tmp.resolve("a-file"), "x");
        Path out = blocker.resolve("run");
        expectBadInput(null, out.toString(), quick(out, "--data", data.toString()));
        // Running as root ignores permission bits, so also use a place no one can create folders in.
        Path proc = Path.of("/proc/layerlab-cannot-exist/run");
        expectBadInput(null, proc.toString(), quick(proc, "--data", data.toString()));
    }

    @Test
    void userTextWithALineBreakStaysOnOneLine() {
        // YAML's "\n" escape puts a line break into the name that the message quotes back.
        Path out = tmp.resolve("run");
        Cli r = expectBadInput(
                out, "name", "study", "fcn-mnist-quick", "--out", out.toString(), "--set", "name=\"two\\nlines\"");
        assertTrue(r.errLine().contains("two\\nlines"), r.errLine());
    }

    @Test
    void unknownPresetAndOption() {
        expectBadInput(null, "no-such-preset", "study", "no-such-preset");
        expectBadInput(null, "--bogus", "study", "fcn-mnist-quick", "--bogus");
    }

    @Test
    void existingRunIsNotOverwrittenWithoutForce() throws IOException {
        Path data = mnistDir("ok", -1, null);
        Path out = tmp.resolve("taken");
        Cli first = Cli.run(quick(out, "--data", data.toString()));
        assertEquals(0, first.code(), first.err());
        byte[] spec = Files.readAllBytes(out.resolve("spec.yaml"));
        expectBadInput(null, "--force", quick(out, "--data", data.toString(), "--set", "seed=7"));
        assertArrayEquals(spec, Files.readAllBytes(out.resolve("spec.yaml")));
        Path notRun = Files.createDirectories(tmp.resolve("stuff"));
        Files.writeString(notRun.resolve("notes.txt"), "mine");
        expectBadInput(null, "not a layerlab run", quick(notRun, "--data", data.toString()));
        assertEquals("mine", Files.readString(notRun.resolve("notes.txt")));
    }

    /**
     * A run whose training never finished cannot be analyzed; the refusal must not rewrite its spec with
     * the analysis overrides, or the next 'train' would see a different spec and refuse to resume it.
     */
    @Test
    void analyzingAnUnfinishedRunLeavesItsSpecAlone() throws IOException {
        Path data = mnistDir("ok", -1, null);
        Path out = tmp.resolve("run");
        RunDirectory.create(out, SpecLoader.load("fcn-mnist-quick", List.of("data.dir=" + data)), false)
                .close();
        byte[] spec = Files.readAllBytes(out.resolve("spec.yaml"));
        expectBadInput(
                null,
                "training is not finished",
                "analyze",
                out.toString(),
                "--quiet",
                "--set",
                "analysis.rerandomize_draws=3");
        assertArrayEquals(spec, Files.readAllBytes(out.resolve("spec.yaml")));
    }

    /** Checked before the data is loaded and the grid measured, not when the first result is written. */
    @Test
    void analyzingARunInAReadOnlyFolderIsBadInput() throws IOException {
        Path data = mnistDir("ok", -1, null);
        Path out = tmp.resolve("run");
        RunDirectory.create(out, SpecLoader.load("fcn-mnist-quick", List.of("data.dir=" + data)), false)
                .close();
        try (ReadOnlyFolder ro = ReadOnlyFolder.of(out)) {
            expectBadInput(null, "not writable", "analyze", out.toString(), "--quiet");
            expectBadInput(null, "not writable", "report", out.toString());
        }
    }

    /** Resuming writes into the run too: a read-only one is refused up front, not with an I/O error (exit 1) later. */
    @Test
    void resumingARunInAReadOnlyFolderIsBadInput() throws IOException {
        Path data = mnistDir("ok", -1, null);
        Path out = tmp.resolve("run");
        String[] train = quick(out, "--data", data.toString());
        train[0] = "train";
        Cli trained = Cli.run(train);
        assertEquals(0, trained.code(), trained.err());
        byte[] log = Files.readAllBytes(out.resolve("train-log.csv"));
        try (ReadOnlyFolder ro = ReadOnlyFolder.of(out)) {
            expectBadInput(null, "not writable", quick(out, "--data", data.toString()));
        }
        assertArrayEquals(log, Files.readAllBytes(out.resolve("train-log.csv")));
        assertFalse(Files.exists(out.resolve("robustness.csv")));
    }

    @Test
    void gpuWithoutOneIsBadInput() throws IOException {
        // This build ships the CPU natives only, so no GPU is ever visible here; the message says what to do.
        Path data = mnistDir("ok", -1, null);
        Path out = tmp.resolve("run");
        expectBadInput(out, "device gpu", quick(out, "--data", data.toString(), "--device", "gpu"));
        expectBadInput(out, "device", quick(out, "--data", data.toString(), "--device", "tpu"));
    }

    @Test
    void verboseShowsTheStackTrace() {
        Cli r = Cli.run("study", "fcn-mnist-quick", "--verbose", "--set", "train.epochs=-3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("UserInputException"), r.err());
    }

    @Test
    void helpAndPresets() {
        for (String cmd : new String[] {"study", "train", "analyze", "report", "presets"}) {
            Cli r = Cli.run(cmd, "--help");
            assertEquals(0, r.code(), cmd);
            assertTrue(r.out().contains("Usage: layerlab " + cmd), r.out());
        }
        Cli p = Cli.run("presets");
        assertEquals(0, p.code());
        assertTrue(p.out().contains("fcn-mnist-quick") && p.out().contains("Figure 1"), p.out());
    }
}
