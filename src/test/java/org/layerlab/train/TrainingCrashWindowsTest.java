package org.layerlab.train;

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
    void theResumeStateCannotBeWrittenAfterEpochTwo() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TinyRun.train(a, Progress.SILENT);
        // A non-empty folder where resume.ckpt goes: the rename onto it fails.
        Path resume = b.resolve("checkpoints").resolve("resume.ckpt");
        Path saved = b.resolve("resume.saved");
        Progress p = TinyRun.progress(Long.MAX_VALUE, status -> {
            if (status.startsWith("epoch 2/")) {
                move(resume, saved);
                try {
                    Files.createDirectories(resume.resolve("obstacle"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertThrows(UncheckedIOException.class, () -> TinyRun.train(b, p));
        Files.delete(resume.resolve("obstacle"));
        Files.delete(resume);
        move(saved, resume);
        TinyRun.train(b, Progress.SILENT);
        TinyRun.assertSameRun(a, b);
    }
}
