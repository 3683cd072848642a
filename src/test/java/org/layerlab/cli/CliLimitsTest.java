package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.testing.IdxFixtures;
import org.layerlab.testing.ImageFixtures;

/**
 * Absurd sizes are bad input, found before anything is allocated: exit 2 within seconds, one line
 * naming the key, no run folder. Refusals that depend on how much memory there is set
 * {@code layerlab.memory}, so they do not depend on the machine the tests run on.
 */
class CliLimitsTest {
    private static final Duration SECONDS = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @AfterEach
    void restore() {
        System.clearProperty("layerlab.memory");
    }

    /** An MNIST-shaped folder with {@code train} training and 10 test images. */
    private Path mnist(int train) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mnist-" + train));
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.images(train, 28, 28)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.labels(new int[train])));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.images(10, 28, 28)));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.labels(new int[10])));
        return dir;
    }

    private Cli expectBadInput(String mention, String command, String preset, Path data, String... sets) {
        Path out = tmp.resolve("run");
        List<String> args = new ArrayList<>(List.of(command, preset, "--quiet", "--out", out.toString()));
        if (data != null) {
            args.addAll(List.of("--data", data.toString()));
        }
        for (String s : sets) {
            args.addAll(List.of("--set", s));
        }
        Cli r = assertTimeoutPreemptively(SECONDS, () -> Cli.run(args.toArray(String[]::new)));
        assertEquals(2, r.code(), () -> "exit code for " + args + "; stderr: " + r.err());
        assertEquals(1, r.errLine().lines().count(), () -> "one line expected, got: " + r.err());
        assertTrue(r.errLine().contains(mention), () -> "'" + r.errLine() + "' should mention " + mention);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(out), "no run folder");
        return r;
    }

    /** 6,000 examples in one batch need about 110 MB of activations, more than the 64 MiB allowed. */
    @Test
    void aBatchSizeWhoseActivationsDoNotFit() throws IOException {
        System.setProperty("layerlab.memory", "64M");
        Cli r = expectBadInput(
                "train.batch_size=2000000000", "study", "fcn-mnist-quick", mnist(6_000), "train.batch_size=2000000000");
        assertTrue(r.errLine().contains("6000 examples of 1×28×28 per batch, the whole training set"), r.errLine());
        assertTrue(r.errLine().contains("layerlab.memory allows 64 MiB"), r.errLine());
    }

    /**
     * Where it does fit, a batch size beyond the training set is one batch of all of it. (Run on this
     * thread: PyTorch's grad mode is per thread, and DJL switches it off only on the thread that
     * started the engine, so training on a timeout's worker thread fails.)
     */
    @Test
    void aBatchSizeBeyondASmallTrainingSetTrainsInOneBatch() throws IOException {
        Path out = tmp.resolve("run");
        Path data = mnist(20);
        Cli r = assertTimeout(
                SECONDS,
                () -> Cli.run(
                        "train",
                        "fcn-mnist-quick",
                        "--quiet",
                        "--out",
                        out.toString(),
                        "--data",
                        data.toString(),
                        "--set",
                        "train.batch_size=2000000000",
                        "--set",
                        "analysis.eval_batch_size=2000000000",
                        "--set",
                        "train.epochs=2",
                        "--set",
                        "train.checkpoints=[0,1]"));
        assertEquals(0, r.code(), r.err());
        assertEquals(4, Files.readAllLines(out.resolve("train-log.csv")).size(), "a header and epochs 0, 1, 2");
    }

    @Test
    void aMillionLayers() throws IOException {
        // Refused by its range before any estimate (MemoryCheckTest shows the 735 GiB it would need).
        Cli r = expectBadInput("model.depth", "train", "fcn-mnist-quick", mnist(20), "model.depth=1000000");
        assertTrue(r.errLine().contains("must be in 0..4096"), r.errLine());
    }

    @Test
    void theDeepestAllowedWideNetworkIsRefusedByItsMemory() throws IOException {
        System.setProperty("layerlab.memory", "64G");
        Cli r = expectBadInput(
                "model.depth=4096, model.width=65536",
                "train",
                "fcn-mnist-quick",
                mnist(20),
                "model.depth=4096",
                "model.width=65536");
        assertTrue(r.errLine().contains("lower model.width or model.depth"), r.errLine());
    }

    /** Two hundred trillion parameters: no machine has the 2 PiB, so this one uses the real budget. */
    @Test
    void tenMillionUnitsPerLayer() throws IOException {
        Cli r = expectBadInput("model.width=10000000", "study", "fcn-mnist-quick", mnist(20), "model.width=10000000");
        assertTrue(r.errLine().contains("2.1 PiB"), r.errLine());
    }

    @Test
    void anAbsurdWidthMultiplier() {
        expectBadInput(
                "model.width_multiplier: must be in (0, 1000]",
                "study",
                "vgg11-cifar10-w4",
                null,
                "model.width_multiplier=1e12");
    }

    @Test
    void anAbsurdImageSize() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            for (String c : List.of("a", "b")) {
                entries.put(split + "/" + c + "/0.png", ImageFixtures.png(c.length(), 8, 8));
            }
        }
        Path zip = ImageFixtures.zip(tmp.resolve("images.zip"), entries);
        byte[] before = Files.readAllBytes(zip);
        expectBadInput(
                "data.image_size: must be in 1..4096",
                "study",
                "resnet18-cifar10-w4",
                zip,
                "data.name=imagefolder",
                "data.image_size=100000");
        assertTrue(Arrays.equals(before, Files.readAllBytes(zip)), "the data is left as it was");
    }
}
