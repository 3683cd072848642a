package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.error.UserInputException;
import org.layerlab.testing.IdxFixtures;
import org.layerlab.testing.SharedData;

class IdxReaderTest {
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private String error(Path images, Path labels) {
        UserInputException e =
                assertThrows(UserInputException.class, () -> IdxReader.read(images, labels, "t", DIGITS));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsGzipAndRawAlike() throws IOException {
        byte[] img = IdxFixtures.images(3, 2, 4);
        byte[] lab = IdxFixtures.labels(7, 0, 9);
        ImageDataset gz =
                IdxReader.read(write("i.gz", IdxFixtures.gzip(img)), write("l.gz", IdxFixtures.gzip(lab)), "t", DIGITS);
        ImageDataset raw = IdxReader.read(write("i", img), write("l", lab), "t", DIGITS);
        assertEquals(3, gz.size());
        assertEquals(1, gz.channels());
        assertEquals(2, gz.height());
        assertEquals(4, gz.width());
        assertArrayEquals(new int[] {7, 0, 9}, gz.labels());
        assertArrayEquals(Arrays.copyOfRange(img, 16, img.length), gz.pixels());
        assertArrayEquals(gz.pixels(), raw.pixels());
        assertArrayEquals(gz.labels(), raw.labels());
        assertEquals(DIGITS, gz.classNames());
    }

    @Test
    void detectsGzipByMagicBytesNotName() throws IOException {
        byte[] img = IdxFixtures.images(2, 3, 3);
        ImageDataset d = IdxReader.read(
                write("images.raw", IdxFixtures.gzip(img)), write("labels.gz", IdxFixtures.labels(1, 2)), "t", DIGITS);
        assertArrayEquals(Arrays.copyOfRange(img, 16, img.length), d.pixels());
    }

    @Test
    void rejectsWrongMagicNamingTheFile() throws IOException {
        Path lab = write("l", IdxFixtures.labels(1, 2));
        String m = error(lab, lab);
        assertTrue(m.startsWith(lab + ": wrong IDX magic 0x00000801, expected 0x00000803 for images"), m);
        Path junk = write("junk", new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0});
        assertEquals(junk + ": truncated IDX header (10 of 16 bytes)", error(junk, lab));
        Path junk16 = write("junk16", new byte[16]);
        assertTrue(error(junk16, lab).startsWith(junk16 + ": wrong IDX magic 0x00000000"));
    }

    @Test
    void rejectsTruncatedPayloadAndTrailingBytes() throws IOException {
        byte[] img = IdxFixtures.images(3, 2, 2);
        Path lab = write("l", IdxFixtures.labels(1, 2, 3));
        Path shortImg = write("short", Arrays.copyOf(img, img.length - 1));
        assertEquals(
                shortImg + ": truncated: the header declares 3 images of 2x2 (12 bytes) but only 11 bytes follow",
                error(shortImg, lab));
        Path longImg = write("long", Arrays.copyOf(img, img.length + 1));
        assertEquals(longImg + ": trailing data after the 3 images the header declares", error(longImg, lab));
        Path longGz = write("long.gz", IdxFixtures.gzip(Arrays.copyOf(img, img.length + 5)));
        assertTrue(error(longGz, lab).startsWith(longGz + ": trailing data"));
    }

    @Test
    void rejectsTruncatedGzipStream() throws IOException {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.images(50, 28, 28));
        Path cut = write("train-images-idx3-ubyte.gz", Arrays.copyOf(gz, gz.length / 2));
        Path lab = write("l", IdxFixtures.labels(new int[50]));
        assertEquals(cut + ": truncated gzip stream (unexpected end of file)", error(cut, lab));
        byte[] bad = gz.clone();
        bad[bad.length - 6] ^= 0x55; // inside the CRC trailer
        Path crc = write("crc.gz", bad);
        assertTrue(error(crc, lab).startsWith(crc + ": corrupt gzip stream"), error(crc, lab));
    }

    @Test
    void rejectsCountMismatchAndBadLabels() throws IOException {
        Path img = write("i", IdxFixtures.images(3, 2, 2));
        Path two = write("l2", IdxFixtures.labels(1, 2));
        assertEquals(two + ": 2 labels but " + img + " holds 3 images", error(img, two));
        Path big = write("l3", IdxFixtures.labels(1, 10, 2));
        assertEquals(big + ": label 10 of item 1 is outside 0..9", error(img, big));
        Path missing = dir.resolve("nope");
        assertEquals(missing + ": does not exist", error(missing, big));
    }

    @Test
    void findsGzipOrUncompressedUnderThePublishedName() throws IOException {
        assertEquals(Optional.empty(), IdxReader.find(dir, "a-idx1-ubyte.gz"));
        write("a-idx1-ubyte", new byte[1]);
        assertEquals(Optional.of(dir.resolve("a-idx1-ubyte")), IdxReader.find(dir, "a-idx1-ubyte.gz"));
        write("a-idx1-ubyte.gz", new byte[1]);
        assertEquals(Optional.of(dir.resolve("a-idx1-ubyte.gz")), IdxReader.find(dir, "a-idx1-ubyte.gz"));
    }

    @Test
    void readsRealMnistWhenPresent() {
        Optional<Path> mnist = SharedData.file("mnist");
        SharedData.assumePresent(mnist, "shared MNIST copy");
        Path d = mnist.get();
        ImageDataset test = IdxReader.read(
                d.resolve("t10k-images-idx3-ubyte.gz"), d.resolve("t10k-labels-idx1-ubyte.gz"), "mnist/test", DIGITS);
        assertEquals(10_000, test.size());
        assertEquals(28, test.height());
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(test.labels(), 10));
        int[] hist = new int[10];
        Arrays.stream(test.labels()).forEach(l -> hist[l]++);
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, hist);
    }
}
