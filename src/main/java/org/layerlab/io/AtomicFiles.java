package org.layerlab.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.layerlab.error.UserInputException;

/**
 * Writes files so that a reader (or a resumed run after {@code kill -9}) sees either the old file or
 * the complete new one, never a torn write: temp file in the same folder, fsync, atomic rename.
 *
 * <p>A temp file is deleted when its write fails, and also when the program is stopped while writing
 * it (Ctrl-C, SIGTERM): nobody will finish it, and a long download would leave a large {@code .part}.
 */
public final class AtomicFiles {
    /** Temp files being written right now. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::deleteInFlight, "layerlab-delete-part-files"));
        } catch (IllegalStateException alreadyShuttingDown) {
            // First used during shutdown: nothing can be interrupted any more.
        }
    }

    private AtomicFiles() {}

    private static void deleteInFlight() {
        for (Path p : IN_FLIGHT) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // Best effort on the way out; the file is hidden and ends in .part, so it is never read.
            }
        }
    }

    /**
     * Whether {@code fileName} is a temp file of a write of {@code target} that never finished (the process
     * was killed with {@code kill -9}, which no shutdown hook sees).
     */
    public static boolean isUnfinishedWriteOf(String fileName, String target) {
        return fileName.startsWith("." + target) && fileName.endsWith(".part");
    }

    /** The body that fills the temp file. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, Writer body) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        Path created = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            created = tmp;
            IN_FLIGHT.add(created);
            // Temp files are created owner-only; outputs of a run are meant to be shared like any file.
            makeReadable(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out =
                            new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                body.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write (" + UserInputException.reason(e) + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Best effort: the temp file is hidden and ends in .part, so it is never read.
                }
            }
            if (created != null) {
                IN_FLIGHT.remove(created);
            }
        }
    }

    public static void writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    public static void writeBytes(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    private static void makeReadable(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: its defaults apply.
        }
    }

    /** Makes the rename itself durable; some file systems refuse to open a directory, which is harmless. */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not all platforms allow fsync on a directory.
        }
    }
}
