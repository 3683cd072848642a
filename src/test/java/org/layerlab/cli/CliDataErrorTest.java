package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.testing.ImageFixtures;

/**
 * Bad image data (CIFAR-10 files, archives, class folders) ends the CLI with exit code 2 and one
 * line naming the file or entry, and nothing is written anywhere but the cache.
 */
class CliDataErrorTest {
    @TempDir
    Path tmp;

    private Path cache;
    private Path inputs;

    @BeforeEach
    void cacheInTmp() throws IOException {
        cache = Files.createDirectories(tmp.resolve("cache"));
        inputs = Files.createDirectories(tmp.resolve("inputs"));
        System.setProperty("layerlab.cache", cache.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("layerlab.cache");
    }

    private void expectBadInput(String mention, String dataset, Path data) throws IOException {
        Path out = tmp.resolve("run");
        List<String> before = listing(inputs);
        Cli r = Cli.run(
                "study",
                "fcn-mnist-quick",
                "--quiet",
                "--out",
                out.toString(),
                "--data",
                data.toString(),
                "--set",
                "data.name=" + dataset,
                "--set",
                "train.epochs=1",
                "--set",
                "train.checkpoints=[0,1]");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLine().lines().count(), r.err());
        assertTrue(r.errLine().contains(mention), () -> "'" + r.errLine() + "' should mention " + mention);
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(out), "no run folder");
        assertEquals(before, listing(inputs), "the inputs are left as they were");
        assertTrue(
                listing(cache).stream().noneMatch(p -> p.endsWith(".part") || p.contains("cifar-10-batches-bin")),
                "no half-extracted data in the cache: " + listing(cache));
    }

    @Test
    void corruptZip() throws IOException {
        Path zip = Files.write(inputs.resolve("images.zip"), "this is not a zip".getBytes());
        expectBadInput("images.zip", "imagefolder", zip);
    }

    @Test
    void truncatedTarGz() throws IOException {
        Path dir = Files.createDirectories(inputs.resolve("cifar"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(new byte[200_000]);
        }
        byte[] full = buf.toByteArray();
        Files.write(dir.resolve("cifar-10-binary.tar.gz"), Arrays.copyOf(full, full.length / 2));
        expectBadInput("cifar-10-binary.tar.gz", "cifar10", dir);
    }

    @Test
    void entryEscapingTheArchive() throws IOException {
        Map<String, byte[]> entries = tree();
        entries.put("train/a/../../../escape.png", ImageFixtures.png(1, 32, 32));
        expectBadInput("escape.png", "imagefolder", ImageFixtures.zip(inputs.resolve("evil.zip"), entries));
    }

    @Test
    void classFolderWithoutImages() throws IOException {
        Map<String, byte[]> entries = tree();
        entries.put("train/c/", null);
        entries.put("train/c/readme.txt", "no images here".getBytes());
        expectBadInput("c", "imagefolder", ImageFixtures.zip(inputs.resolve("empty-class.zip"), entries));
    }

    @Test
    void unreadableImage() throws IOException {
        Map<String, byte[]> entries = tree();
        entries.put("train/b/broken.png", "not a png".getBytes());
        expectBadInput("broken.png", "imagefolder", ImageFixtures.zip(inputs.resolve("broken.zip"), entries));
    }

    @Test
    void recordFileOfTheWrongSize() throws IOException {
        Path dir = Files.createDirectories(inputs.resolve("cifar-bin"));
        for (int i = 1; i <= 5; i++) {
            Files.write(dir.resolve("data_batch_" + i + ".bin"), new byte[3073 * 2]);
        }
        Files.write(dir.resolve("test_batch.bin"), new byte[3073 * 2 + 7]);
        Files.writeString(
                dir.resolve("batches.meta.txt"),
                "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");
        expectBadInput("test_batch.bin", "cifar10", dir);
    }

    /** A network takes one input size: the message names both sizes, an image of each, and the fix. */
    @Test
    void trainAndTestImagesOfDifferentSizes() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        tree().forEach((name, png) -> entries.put(name, name.startsWith("test/") ? ImageFixtures.png(7, 28, 28) : png));
        Path zip = ImageFixtures.zip(inputs.resolve("sizes.zip"), entries);
        expectBadInput(
                zip + ": training images are 32x32 (train/a/0.png) but test images are 28x28 (test/a/0.png); set"
                        + " data.image_size to bring them to one size",
                "imagefolder",
                zip);
    }

    /** A valid two-class tree of 32×32 PNGs. */
    private static Map<String, byte[]> tree() throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            for (String c : List.of("a", "b")) {
                for (int i = 0; i < 2; i++) {
                    e.put(split + "/" + c + "/" + i + ".png", ImageFixtures.png(i + c.length(), 32, 32));
                }
            }
        }
        return e;
    }

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
