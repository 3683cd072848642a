package org.layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.progress.Progress;

/**
 * Kills between the files an epoch writes (log, kept checkpoint, resume state). A write is made to
 * fail by putting something in its way; the obstacle is then removed, as if the machine had come
 * back, and the run is resumed. Whatever the window, the result must be the uninterrupted run.
 */
class TrainingCrashWindowsTest {
    @TempDir
    Path tmp;

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theLogCannotBeWrittenAtInitialization() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TinyRun.train(a, Progress.SILENT);
        // A file where the log folder should be: the first log write fails.
        Files.createDirectories(b);
        Files.writeString(b.resolve("logs"), "obstacle");
        assertThrows(UncheckedIOException.class, () -> TinyRun.train(b, Progress.SILENT));
        Files.delete(b.resolve("logs"));
        TinyRun.train(b, Progress.SILENT);
        TinyRun.assertSameRun(a, b);
    }

    @Test
    void theLogCannotBeWrittenAfterEpochTwo() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TinyRun.train(a, Progress.SILENT);
        // When epoch 2 reports its status (trained and evaluated, nothing written yet), the log folder
        // is moved aside and a file put in its place.
        Progress p = TinyRun.progress(Long.MAX_VALUE, status -> {
            if (status.startsWith("epoch 2/")) {
                move(TinyRun.log(b).getParent(), b.resolve("logs.saved"));
                try {
                    Files.writeString(b.resolve("logs"), "obstacle");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertThrows(UncheckedIOException.class, () -> TinyRun.train(b, p));
        Files.delete(b.resolve("logs"));
        move(b.resolve("logs.saved"), b.resolve("logs"));
        TinyRun.train(b, Progress.SILENT);
        TinyRun.assertSameRun(a, b);
    }

    @Test
    void theManifestCannotBeWrittenAfterEpochTwo() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TinyRun.train(a, Progress.SILENT);
        // A non-empty folder where manifest.json goes: epoch 2 cannot be committed, so the committed state
        // stays epoch 1's (CheckpointStoreTest covers a failed rename after the epoch's files are written).
        Path manifest = b.resolve("checkpoints").resolve("manifest.json");
        Path saved = b.resolve("manifest.saved");
        Progress p = TinyRun.progress(Long.MAX_VALUE, status -> {
            if (status.startsWith("epoch 2/")) {
                move(manifest, saved);
                try {
                    Files.createDirectories(manifest.resolve("obstacle"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertThrows(RuntimeException.class, () -> TinyRun.train(b, p));
        Files.delete(manifest.resolve("obstacle"));
        Files.delete(manifest);
        move(saved, manifest);
        assertEquals(1, TinyRun.store(b).loadResume().orElseThrow().epoch(), "epoch 2 was never committed");
        TinyRun.train(b, Progress.SILENT);
        TinyRun.assertSameRun(a, b);
    }
}
