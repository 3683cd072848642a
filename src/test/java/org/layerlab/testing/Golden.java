package org.layerlab.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/golden/}: a test compares what the code produces now
 * with the file committed earlier, so an accidental change of a stable format or value is caught.
 *
 * <p>After an intended change, run with {@code -Dlayerlab.regenerateGolden=true}: the files are then
 * rewritten instead of compared, and the diff is reviewed and committed like code.
 */
public final class Golden {
    private static final Path DIR = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "golden");

    private Golden() {}

    public static boolean regenerating() {
        return Boolean.getBoolean("layerlab.regenerateGolden");
    }

    public static void checkBytes(String name, byte[] actual) {
        Path file = DIR.resolve(name);
        if (regenerating()) {
            write(file, actual);
            return;
        }
        assertTrue(
                Files.isRegularFile(file),
                "missing golden file " + file + " (create it with -Dlayerlab.regenerateGolden=true)");
        assertArrayEquals(
                read(file),
                actual,
                "differs from golden file " + file
                        + "; if the change is intended, regenerate with -Dlayerlab.regenerateGolden=true");
    }

    public static void checkText(String name, String actual) {
        Path file = DIR.resolve(name);
        if (regenerating()) {
            write(file, actual.getBytes(StandardCharsets.UTF_8));
            return;
        }
        assertTrue(
                Files.isRegularFile(file),
                "missing golden file " + file + " (create it with -Dlayerlab.regenerateGolden=true)");
        // assertEquals on strings shows a readable diff, unlike a byte comparison.
        assertEquals(
                new String(read(file), StandardCharsets.UTF_8),
                actual,
                "differs from golden file " + file
                        + "; if the change is intended, regenerate with -Dlayerlab.regenerateGolden=true");
    }

    /** A golden file's committed bytes, e.g. to check that today's reader still reads it. */
    public static byte[] bytes(String name) {
        return read(DIR.resolve(name));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
