package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.error.UserInputException;
import org.layerlab.testing.SharedData;

class DatasetCatalogTest {
    private final DatasetCatalog catalog = DatasetCatalog.standard();

    @Test
    void knowsTheDatasets() {
        assertEquals(
                List.of("mnist", "fashion-mnist", "cifar10", "tinyshakespeare", "lm1b"), List.copyOf(catalog.names()));
        assertEquals("Ankle boot", catalog.get("fashion-mnist").classNames().get(9));
        assertEquals("truck", catalog.get("cifar10").classNames().get(9));
        assertEquals(
                List.of(Path.of("/usr/share/datasets/fashion-mnist")),
                catalog.get("fashion-mnist").systemDirs());
        assertEquals(
                Checksum.MD5,
                catalog.get("cifar10").files().get(0).checksums().get(0).algorithm());
        UserInputException e = assertThrows(UserInputException.class, () -> catalog.get("svhn"));
        assertEquals(
                "dataset svhn: unknown; known datasets are mnist, fashion-mnist, cifar10, tinyshakespeare, lm1b",
                e.getMessage());
    }

    @Test
    void checksumsAreNormalizedAndValidated(@TempDir Path dir) throws IOException {
        assertEquals(
                "sha256:" + "ab".repeat(32), Checksum.sha256("AB".repeat(32)).toString());
        assertThrows(IllegalArgumentException.class, () -> Checksum.md5("abc"));
        assertThrows(IllegalArgumentException.class, () -> new Checksum("SHA-1", "00".repeat(20)));
        Path f = Files.writeString(dir.resolve("x"), "hello");
        DatasetFile df = new DatasetFile(
                "x",
                5,
                Checksum.md5("00".repeat(16)),
                Checksum.sha256("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
        assertTrue(df.matches(f), "any listed checksum identifies a genuine copy");
        assertFalse(new DatasetFile("x", 5, Checksum.md5("00".repeat(16))).matches(f));
    }

    /** A copy that cannot be read is bad input (exit 2) naming it, like any other unreadable data file. */
    @Test
    void anUnreadableCopyIsBadInput(@TempDir Path dir) throws IOException {
        Path notAFile = Files.createDirectories(dir.resolve("x"));
        DatasetFile df = new DatasetFile("x", 5, Checksum.md5("00".repeat(16)));
        UserInputException e = assertThrows(UserInputException.class, () -> df.matches(notAFile));
        assertEquals(notAFile + ": cannot read (Is a directory)", e.getMessage());
    }

    @Test
    void sharedMnistCopyMatchesTheCatalog() {
        Optional<Path> mnist = SharedData.file("mnist");
        SharedData.assumePresent(mnist, "shared MNIST copy");
        for (DatasetFile f : catalog.get("mnist").files()) {
            Path p = mnist.get().resolve(f.name());
            assertTrue(f.matches(p), p.toString());
            assertEquals(f.size(), p.toFile().length());
        }
    }

    /** The Debian package's files are recognised by the SHA-256s recorded from them. */
    @Test
    void debianFashionMnistCopyIsRecognised() {
        Path sys = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isDirectory(sys), "dataset-fashion-mnist is not installed");
        for (DatasetFile f : catalog.get("fashion-mnist").files()) {
            assertTrue(f.matches(sys.resolve(f.name())), f.name());
            assertFalse(
                    f.checksums().get(0).matches(sys.resolve(f.name())),
                    "Debian re-wrote the gzip headers, so Zalando's MD5 should not match " + f.name());
        }
    }
}
