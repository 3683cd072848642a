package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.run.RunDirectory;
import org.layerlab.spec.SpecLoader;
import org.layerlab.testing.IdxFixtures;
import org.layerlab.testing.QuickStudy;

/**
 * Hostile command-line and file input, through the real CLI: exit code 2, one line that names the
 * flag or file as the user gave it and what is wrong, and every input file byte for byte as it was
 * (and no run folder).
 */
class CliHostileInputTest {
    private static final String[] MNIST = {
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz"
    };

    @TempDir
    Path tmp;

    private Path inputs;
    private Path out;

    @BeforeEach
    void folders() throws IOException {
        inputs = Files.createDirectories(tmp.resolve("inputs"));
        out = tmp.resolve("run");
    }

    /** A tiny MNIST-shaped folder; test images {@code testSide}×{@code testSide}, the magic spoilt if asked. */
    private Path mnist(String name, int testSide, boolean badTestMagic) throws IOException {
        Path dir = Files.createDirectories(inputs.resolve(name));
        byte[] testImages = IdxFixtures.images(10, testSide, testSide);
        if (badTestMagic) {
            testImages[3] = 0x05;
        }
        byte[][] files = {
            IdxFixtures.gzip(IdxFixtures.images(20, 28, 28)),
            IdxFixtures.gzip(IdxFixtures.labels(new int[20])),
            IdxFixtures.gzip(testImages),
            IdxFixtures.gzip(IdxFixtures.labels(new int[10])),
        };
        for (int i = 0; i < 4; i++) {
            Files.write(dir.resolve(MNIST[i]), files[i]);
        }
        return dir;
    }

    /** Every file under the inputs with its bytes, to show nothing was changed. */
    private Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    private void assertSame(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
    }

    /** Runs the CLI and checks the bad-input contract; returns the one line without the "layerlab: " prefix. */
    private String badInput(String... args) throws IOException {
        Map<String, byte[]> before = snapshot(inputs);
        Cli r = Cli.run(args);
        assertEquals(2, r.code(), () -> Arrays.toString(args) + ": " + r.err());
        assertEquals(1, r.errLine().lines().count(), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertTrue(r.errLine().startsWith("layerlab: "), r.errLine());
        assertFalse(Files.exists(out), "no run folder");
        assertSame(before, snapshot(inputs));
        return r.errLine().substring("layerlab: ".length());
    }

    private String[] quick(String... more) {
        return QuickStudy.args(out, null, more);
    }

    // ---- 1. flag values are literal ----

    /** {@code --data "d #1"} used to become {@code d} (YAML comment) and train on that folder with exit 0. */
    @Test
    void aDataFolderWithAHashIsThatFolder() throws IOException {
        mnist("d", 28, false);
        Path hashed = mnist("d #1", 28, true);
        String line = badInput(quick("--data", hashed.toString()));
        assertTrue(line.startsWith(hashed.resolve("t10k-images-idx3-ubyte.gz") + ": wrong IDX magic"), line);
    }

    /** {@code --data "a: b"} used to give a message about a --set the user never typed. */
    @Test
    void aDataFolderThatLooksLikeYamlIsThatFolder() throws IOException {
        Path yamlish = inputs.resolve("a: b");
        String line = badInput(quick("--data", yamlish.toString()));
        assertEquals("data dir " + yamlish + ": does not exist", line);
    }

    @Test
    void aDeviceThatLooksLikeYamlIsNamedAsTyped() throws IOException {
        assertEquals(
                "--device gpu: 1: device: must be cpu, gpu or gpu:N, got 'gpu: 1'",
                badInput(quick("--device", "gpu: 1")));
    }

    @Test
    void aOneUnitGroupNamesTheGroupFlag() throws IOException {
        assertEquals(
                "--group layer1: analysis.groups: each group lists two or more units separated by commas, or is all or robust, got 'layer1'",
                badInput(quick("--group", "layer1")));
    }

    /** A quote in a group used to split it into two YAML strings (two one-unit groups). */
    @Test
    void aGroupWithQuotesIsOneGroup() throws IOException {
        Path data = mnist("ok", 28, false);
        String line = badInput(quick("--data", data.toString(), "--group", "layer1\", \"layer2"));
        assertTrue(line.contains("'layer1\", \"layer2' names unknown unit 'layer1\"'"), line);
    }

    @Test
    void analyzeNamesTheGroupFlagAndLeavesTheRunAlone() throws IOException {
        Path data = mnist("ok", 28, false);
        RunDirectory.create(out, SpecLoader.load("fcn-mnist-quick", List.of("data.dir=" + data)), false)
                .close();
        byte[] spec = Files.readAllBytes(out.resolve("spec.yaml"));
        Cli r = Cli.run("analyze", out.toString(), "--quiet", "--group", "layer1");
        assertEquals(2, r.code(), r.err());
        assertEquals(
                "layerlab: --group layer1: analysis.groups: each group lists two or more units separated by commas,"
                        + " or is all or robust, got 'layer1'",
                r.errLine());
        assertArrayEquals(spec, Files.readAllBytes(out.resolve("spec.yaml")));
    }

    // ---- 2. type errors in words ----

    @Test
    void aWrongTypeInASpecFileIsSaidInWords() throws IOException {
        Path spec = Files.writeString(inputs.resolve("fcn.yaml"), "model:\n  depth: abc\n");
        assertEquals(
                spec + ": model.depth: expected a whole number, got 'abc'",
                badInput("study", spec.toString(), "--quiet", "--out", out.toString()));
        assertEquals(
                "--set train.checkpoints=[0,x]: train.checkpoints: expected a list of whole numbers, got [0, 'x']",
                badInput(quick("--set", "train.checkpoints=[0,x]")));
    }

    @Test
    void brokenYamlNamesTheFileAndLine() throws IOException {
        Path spec = Files.writeString(inputs.resolve("alias.yaml"), "train:\n  epochs: &n 12\n  batch_size: *n\n");
        assertEquals(
                spec + ": 'train.batch_size' uses the alias *n at line 3, column 15; aliases are not supported, write"
                        + " the value out",
                badInput("study", spec.toString(), "--quiet", "--out", out.toString()));
    }

    // ---- 3. infinity and NaN ----

    /** {@code train.lr=Infinity} used to pass and train into NaN with exit 0. */
    @Test
    void nonFiniteNumbersAreRefusedWithTheReason() throws IOException {
        assertEquals(
                "--set train.lr=.inf: train.lr: must be a finite number > 0, got .inf (infinity)",
                badInput(quick("--set", "train.lr=.inf")));
        assertEquals(
                "--set train.lr=Infinity: train.lr: must be a finite number > 0, got .inf (infinity)",
                badInput(quick("--set", "train.lr=Infinity")));
        assertEquals(
                "--set train.weight_decay=NaN: train.weight_decay: must be a finite number ≥ 0, got .nan (not a number)",
                badInput(quick("--set", "train.weight_decay=NaN")));
        Path spec = Files.writeString(inputs.resolve("inf.yaml"), "model:\n  width_multiplier: -.inf\n");
        assertEquals(
                spec + ": model.width_multiplier: must be a finite number > 0, got -.inf (minus infinity)",
                badInput("study", spec.toString(), "--quiet", "--out", out.toString()));
    }

    // ---- 4. spec files: size and encoding, also a run's spec.yaml ----

    @Test
    void aHugeSpecFileIsRefusedAtOnce() throws IOException {
        Path spec = inputs.resolve("huge.yaml");
        try (RandomAccessFile f = new RandomAccessFile(spec.toFile(), "rw")) {
            f.setLength(100L << 20);
        }
        String line = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> badInput("study", spec.toString(), "--quiet", "--out", out.toString()));
        assertEquals(spec + ": too large for a spec file (104857600 bytes; the limit is 1048576 bytes, 1 MiB)", line);
    }

    /** Used to say "Input length = 1". */
    @Test
    void aSpecFileInAnotherEncodingIsNamed() throws IOException {
        Path spec =
                Files.write(inputs.resolve("latin1.yaml"), "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(
                spec + ": not UTF-8 text (byte 0xE9 at offset 9)",
                badInput("study", spec.toString(), "--quiet", "--out", out.toString()));
    }

    @Test
    void analyzeNamesARunSpecThatIsNotUtf8OrTooLarge() throws IOException {
        Path data = mnist("ok", 28, false);
        RunDirectory.create(out, SpecLoader.load("fcn-mnist-quick", List.of("data.dir=" + data)), false)
                .close();
        Path specFile = out.resolve("spec.yaml");
        String text = Files.readString(specFile).replace("name: fcn-mnist-quick", "name: caf\u00e9");
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        Files.write(specFile, latin1);
        Cli r = Cli.run("analyze", out.toString(), "--quiet");
        assertEquals(2, r.code(), r.err());
        assertEquals(
                "layerlab: " + specFile + ": not UTF-8 text (byte 0xE9 at offset " + text.indexOf('\u00e9') + ")",
                r.errLine());
        assertArrayEquals(latin1, Files.readAllBytes(specFile));

        try (RandomAccessFile f = new RandomAccessFile(specFile.toFile(), "rw")) {
            f.setLength(100L << 20);
        }
        Cli big =
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Cli.run("analyze", out.toString(), "--quiet"));
        assertEquals(2, big.code(), big.err());
        assertEquals(
                "layerlab: " + specFile + ": too large for a spec file (104857600 bytes; the limit is 1048576 bytes,"
                        + " 1 MiB)",
                big.errLine());
        assertEquals(100L << 20, Files.size(specFile));
    }

    // ---- 5. --set train.epochs on a preset ----

    /** Used to fail over checkpoint 10, a key the user never set. */
    @Test
    void fewerEpochsOnAPresetSayWhatElseToSet() throws IOException {
        String line =
                badInput("study", "fcn-mnist-quick", "--quiet", "--out", out.toString(), "--set", "train.epochs=5");
        assertEquals(
                "--set train.epochs=5: preset fcn-mnist-quick also sets train.checkpoints [0, 1, 2, 3, 10]; 10 is"
                        + " beyond epoch 5: also give e.g. --set train.checkpoints=[0,1,2,3]",
                line);
        // With the suggestion the spec is accepted: the run stops at the (missing) data instead.
        Path none = inputs.resolve("none");
        assertEquals(
                "data dir " + none + ": does not exist",
                badInput(
                        "study",
                        "fcn-mnist-quick",
                        "--quiet",
                        "--out",
                        out.toString(),
                        "--set",
                        "train.epochs=5",
                        "--set",
                        "train.checkpoints=[0,1,2,3]",
                        "--data",
                        none.toString()));
    }

    // ---- 7. train and test images of different shapes ----

    /** Each IDX file was fine on its own and the pair ended in an internal error (exit 1). */
    @Test
    void idxTrainAndTestOfDifferentSizesAreBadInput() throws IOException {
        Path data = mnist("sizes", 32, false);
        String line = badInput(quick("--data", data.toString()));
        assertEquals(
                data.resolve("t10k-images-idx3-ubyte.gz") + ": test images are 32x32 but the training images in "
                        + data.resolve("train-images-idx3-ubyte.gz") + " are 28x28",
                line);
    }
}
