package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.error.UserInputException;
import org.layerlab.io.Hashes;
import org.layerlab.testing.IdxFixtures;

class DownloaderTest {
    @TempDir
    Path cache;

    private final TestMirror mirror = new TestMirror();
    private final Downloader downloader = new Downloader();
    private final byte[] good = IdxFixtures.gzip(IdxFixtures.images(40, 28, 28));
    private final DatasetFile file =
            new DatasetFile("train-images-idx3-ubyte.gz", good.length, Checksum.sha256(Hashes.sha256(good)));

    @AfterEach
    void stop() {
        mirror.close();
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private String failure(DatasetFile f) throws IOException {
        UserInputException e = assertThrows(
                UserInputException.class, () -> downloader.download(f, List.of(mirror.base("a")), cache, null));
        assertTrue(
                e.getMessage()
                        .startsWith(f.name() + ": download failed from every mirror: "
                                + mirror.base("a").resolve(f.name())),
                e.getMessage());
        assertEquals(List.of(), cacheFiles(), "a rejected download leaves nothing in the cache");
        return e.getMessage();
    }

    @Test
    void goodDownloadLandsUnderItsNameWithProgress() throws IOException {
        mirror.serve("/a/" + file.name(), good);
        List<Long> progress = new ArrayList<>();
        String sha = downloader.download(file, List.of(mirror.base("a")), cache, progress::add);
        assertEquals(Hashes.sha256(good), sha);
        assertArrayEquals(good, Files.readAllBytes(cache.resolve(file.name())));
        assertEquals(List.of(cache.resolve(file.name())), cacheFiles(), "no .part file left");
        assertEquals(good.length, progress.get(progress.size() - 1));
    }

    @Test
    void truncatedBodyIsRejected() throws IOException {
        mirror.serve("/a/" + file.name(), Arrays.copyOf(good, good.length - 100));
        assertTrue(failure(file).endsWith("(truncated: " + (good.length - 100) + " of " + good.length + " bytes)"));
    }

    @Test
    void cutConnectionIsRejected() throws IOException {
        mirror.serve("/a/" + file.name(), good, TestMirror.Mode.CUT_CONNECTION);
        failure(file);
    }

    @Test
    void wrongBytesAreRejectedByChecksum() throws IOException {
        byte[] wrong = good.clone();
        wrong[wrong.length / 2] ^= 1;
        mirror.serve("/a/" + file.name(), wrong);
        assertTrue(failure(file)
                .endsWith(
                        "(SHA-256 mismatch: got " + Hashes.sha256(wrong) + ", expected " + Hashes.sha256(good) + ")"));
        DatasetFile unsized = new DatasetFile(file.name(), -1, file.checksums());
        mirror.serve("/a/" + file.name(), Arrays.copyOf(good, 10));
        assertTrue(failure(unsized).contains("SHA-256 mismatch"));
    }

    @Test
    void nextMirrorIsTriedWhenOneFails() throws IOException {
        mirror.serve("/b/" + file.name(), good);
        downloader.download(file, List.of(mirror.base("a"), mirror.base("b")), cache, null);
        assertArrayEquals(good, Files.readAllBytes(cache.resolve(file.name())));
        assertEquals(1, mirror.requests("/a/" + file.name()));
        assertEquals(1, mirror.requests("/b/" + file.name()));
        UserInputException e = assertThrows(
                UserInputException.class,
                () -> downloader.download(file, List.of(mirror.base("x"), mirror.base("y")), cache.resolve("z"), null));
        assertTrue(
                e.getMessage()
                        .contains(mirror.base("x").resolve(file.name()) + " (HTTP 404); "
                                + mirror.base("y").resolve(file.name()) + " (HTTP 404)"),
                e.getMessage());
    }

    /** A mirror that sends headers and then nothing used to hang the run forever. */
    @Test
    void aStalledBodyFailsAfterTheTimeoutAndLeavesNoPartFile() throws IOException {
        mirror.serve("/a/" + file.name(), good, TestMirror.Mode.STALL);
        Downloader impatient = new Downloader(HttpClient.newHttpClient(), Duration.ofMillis(500));
        long t0 = System.nanoTime();
        UserInputException e = assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThrows(
                        UserInputException.class,
                        () -> impatient.download(file, List.of(mirror.base("a")), cache, null)));
        assertTrue(System.nanoTime() - t0 >= 400_000_000L, "gave up before the timeout");
        assertEquals(
                file.name() + ": download failed from every mirror: "
                        + mirror.base("a").resolve(file.name()) + " (no data for 500 ms after " + TestMirror.STALL_AFTER
                        + " of " + good.length + " bytes)",
                e.getMessage());
        assertEquals(List.of(), cacheFiles(), "no .part file left");
    }

    @Test
    void theTimeoutComesFromAPropertyAndABadOneIsNamed() {
        System.setProperty(Downloader.TIMEOUT_PROPERTY, "soon");
        try {
            UserInputException e = assertThrows(UserInputException.class, Downloader::new);
            assertEquals("layerlab.download.timeout: expected seconds between 0 and 86400, got 'soon'", e.getMessage());
        } finally {
            System.clearProperty(Downloader.TIMEOUT_PROPERTY);
        }
    }

    /** Interrupting the downloading thread (as a cancelled run does) ends it and removes the .part file. */
    @Test
    void anInterruptedDownloadLeavesNoPartFile() throws Exception {
        mirror.serve("/a/" + file.name(), good, TestMirror.Mode.STALL);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                downloader.download(file, List.of(mirror.base("a")), cache, null);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (cacheFiles().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, cacheFiles().size(), "the .part file exists while the body is awaited");
        assertTrue(cacheFiles().get(0).getFileName().toString().endsWith(".part"));
        t.interrupt();
        t.join(10_000);
        assertFalse(t.isAlive(), "the interrupt ends the download");
        assertTrue(thrown.get() instanceof UserInputException, String.valueOf(thrown.get()));
        assertEquals(
                file.name() + ": download from " + mirror.base("a").resolve(file.name()) + " interrupted",
                thrown.get().getMessage());
        assertEquals(List.of(), cacheFiles(), "no .part file left");
    }

    /** Failing to write the local file is not the mirror's fault, and another mirror would not help. */
    @Test
    void aLocalWriteFailureNamesTheFileNotTheMirror() throws IOException {
        mirror.serve("/a/" + file.name(), good).serve("/b/" + file.name(), good);
        Path blocker = Files.writeString(cache.resolve("blocker"), "a file where a folder should be");
        Path dir = blocker.resolve("sub");
        UserInputException e = assertThrows(
                UserInputException.class,
                () -> downloader.download(file, List.of(mirror.base("a"), mirror.base("b")), dir, null));
        assertTrue(e.getMessage().startsWith(dir.resolve(file.name()) + ": cannot write ("), e.getMessage());
        assertFalse(e.getMessage().contains("mirror"), e.getMessage());
        assertEquals(0, mirror.requests("/b/" + file.name()), "no second mirror for a local problem");
    }
}
