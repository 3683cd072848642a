package org.layerlab.testing;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A folder nobody can write into for the length of a test, root included: permission bits do not bind
 * root (CI runs as root), but the immutable attribute ({@code chattr +i}) does, on the file systems
 * that have it. The test is skipped where neither works.
 */
public final class ReadOnlyFolder implements AutoCloseable {
    private final Path dir;
    private final boolean immutable;

    private ReadOnlyFolder(Path dir, boolean immutable) {
        this.dir = dir;
        this.immutable = immutable;
    }

    public static ReadOnlyFolder of(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean immutable = Files.isWritable(dir) && chattr("+i", dir);
        ReadOnlyFolder folder = new ReadOnlyFolder(dir, immutable);
        boolean stillWritable = Files.isWritable(dir);
        if (stillWritable) {
            folder.close();
        }
        assumeFalse(stillWritable, "cannot make a folder read-only for this user here");
        return folder;
    }

    @Override
    public void close() {
        if (immutable && !chattr("-i", dir)) {
            throw new IllegalStateException("chattr -i " + dir + " failed; remove the attribute by hand");
        }
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean chattr(String flag, Path dir) {
        try {
            Process p = new ProcessBuilder("chattr", flag, dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false; // no chattr on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
