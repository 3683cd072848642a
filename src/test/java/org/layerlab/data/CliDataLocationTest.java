package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.testing.CliProcess;
import org.layerlab.testing.ReadOnlyFolder;

/**
 * Where data comes from is set by the environment, so these run the real CLI in a child process with
 * exactly the variables under test: exit code 2, one line on stderr naming the variable or folder,
 * nothing left behind (no run folder, no {@code .part} file).
 */
class CliDataLocationTest {
    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    private static final long TRAIN_IMAGES_SIZE = 9_912_422;

    @TempDir
    Path tmp;

    private final TestMirror mirror = new TestMirror();

    @AfterEach
    void stop() {
        mirror.close();
    }

    private Path out() {
        return tmp.resolve("run");
    }

    /** A quick study with {@code env} (HOME in the temp folder, nothing else inherited). */
    private CliProcess study(Map<String, String> env, List<String> jvmOptions) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("HOME", tmp.resolve("home").toString());
        return CliProcess.start(
                tmp.resolve("cwd"),
                all,
                jvmOptions,
                "study",
                "fcn-mnist-quick",
                "--quiet",
                "--out",
                out().toString(),
                "--set",
                "train.epochs=1",
                "--set",
                "train.checkpoints=[0,1]");
    }

    private static String oneLine(CliProcess p) {
        String err = p.err().strip();
        assertEquals(1, err.lines().count(), "one line on stderr: " + err);
        assertFalse(err.contains("Exception"), err);
        assertTrue(err.startsWith("layerlab: "), err);
        return err.substring("layerlab: ".length());
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** Set to a file, LAYERLAB_DATA used to be skipped without a word (and the data downloaded instead). */
    @Test
    void aDataVariableNamingAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("datasets.txt"), "a file, not a folder");
        Path cache = tmp.resolve("cache");
        CliProcess p = study(
                Map.of(
                        "LAYERLAB_DATA",
                        file.toString(),
                        "LAYERLAB_CACHE",
                        cache.toString(),
                        "LAYERLAB_MIRROR",
                        mirror.root().toString()),
                List.of());
        assertEquals(2, p.waitFor(120), p.err());
        assertEquals(
                "LAYERLAB_DATA=" + file
                        + ": not a folder (it names a folder holding one folder per dataset, e.g. mnist/; or unset it)",
                oneLine(p));
        assertFalse(Files.exists(out()));
        assertFalse(Files.exists(cache), "nothing downloaded");
        assertEquals(0, mirror.totalRequests());
        assertEquals("a file, not a folder", Files.readString(file));
    }

    /** An unwritable cache used to be reported as a download failing from every mirror. */
    @Test
    void anUnwritableCacheFolder() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        try (ReadOnlyFolder locked = ReadOnlyFolder.of(ro)) {
            CliProcess viaVariable = study(
                    Map.of(
                            "LAYERLAB_CACHE",
                            ro.toString(),
                            "LAYERLAB_MIRROR",
                            mirror.root().toString()),
                    List.of());
            CliProcess viaXdg = study(
                    Map.of(
                            "XDG_CACHE_HOME",
                            ro.toString(),
                            "LAYERLAB_MIRROR",
                            mirror.root().toString()),
                    List.of());
            assertEquals(2, viaVariable.waitFor(120), viaVariable.err());
            String line = oneLine(viaVariable);
            assertTrue(line.startsWith("cache folder " + ro + ": not writable ("), line);
            assertTrue(line.endsWith("); set LAYERLAB_CACHE to a folder you can write to"), line);
            assertEquals(2, viaXdg.waitFor(120), viaXdg.err());
            line = oneLine(viaXdg);
            assertTrue(line.startsWith("cache folder " + ro.resolve("layerlab") + ": not writable ("), line);
        }
        assertEquals(0, mirror.totalRequests(), "the mirror is not asked, nor blamed");
        assertFalse(Files.exists(out()));
        assertEquals(List.of(), files(ro));
    }

    /** A mirror that sends headers and then nothing used to hang the run forever. */
    @Test
    void aMirrorThatStallsAfterTheHeaders() throws Exception {
        mirror.serve("/mnist/" + TRAIN_IMAGES, new byte[1000], TestMirror.Mode.STALL);
        Path cache = tmp.resolve("cache");
        long t0 = System.nanoTime();
        CliProcess p = study(
                Map.of(
                        "LAYERLAB_CACHE",
                        cache.toString(),
                        "LAYERLAB_MIRROR",
                        mirror.root().toString()),
                List.of("-Dlayerlab.download.timeout=1"));
        assertEquals(2, p.waitFor(120), p.err());
        assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "well before the default timeout");
        assertEquals(
                TRAIN_IMAGES + ": download failed from every mirror: "
                        + mirror.base("mnist").resolve(TRAIN_IMAGES) + " (no data for 1 s after "
                        + TestMirror.STALL_AFTER + " of " + TRAIN_IMAGES_SIZE + " bytes)",
                oneLine(p));
        assertEquals(List.of(), files(cache), "no .part file left");
        assertFalse(Files.exists(out()));
    }

    /** Ctrl-C during a download: the half-written .part file goes with the process. */
    @Test
    void ctrlCDuringADownloadLeavesNoPartFile() throws Exception {
        mirror.serve("/mnist/" + TRAIN_IMAGES, new byte[1000], TestMirror.Mode.STALL);
        Path cache = tmp.resolve("cache");
        CliProcess p = study(
                Map.of(
                        "LAYERLAB_CACHE",
                        cache.toString(),
                        "LAYERLAB_MIRROR",
                        mirror.root().toString()),
                List.of());
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (files(cache).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<Path> during = files(cache);
        assertEquals(1, during.size(), "the download is under way: " + during + "; stderr: " + p.err());
        assertTrue(during.get(0).getFileName().toString().endsWith(".part"), during.toString());
        p.interrupt();
        p.waitFor(60);
        assertEquals(List.of(), files(cache), "the .part file is deleted on the way out");
        assertFalse(Files.exists(out()));
    }
}
