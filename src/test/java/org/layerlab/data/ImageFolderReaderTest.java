package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.error.UserInputException;
import org.layerlab.testing.ImageFixtures;

class ImageFolderReaderTest {
    @TempDir
    Path tmp;

    /** Classes dog, ant, cat (sorted: ant=0, cat=1, dog=2); files listed out of order on purpose. */
    private Map<String, byte[]> tree(String prefix) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(prefix + "train/dog/b.png", ImageFixtures.png(21, 3, 5));
        m.put(prefix + "train/dog/a.png", ImageFixtures.png(20, 3, 5));
        m.put(prefix + "train/ant/0002.png", ImageFixtures.png(2, 3, 5));
        m.put(prefix + "train/ant/0000.png", ImageFixtures.png(0, 3, 5));
        m.put(prefix + "train/ant/0001.png", ImageFixtures.png(1, 3, 5));
        m.put(prefix + "train/ant/notes.txt", new byte[] {1});
        m.put(prefix + "train/cat/0000.png", ImageFixtures.greyPng(77, 3, 5));
        m.put(prefix + "train/cat/0001.jpg", ImageFixtures.jpeg(11, 3, 5));
        m.put(prefix + "test/dog/x.png", ImageFixtures.png(30, 3, 5));
        m.put(prefix + "test/ant/y.png", ImageFixtures.png(31, 3, 5));
        return m;
    }

    private static byte[] chw(int seed, int h, int w) {
        byte[] out = new byte[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = ImageFixtures.rgb(seed, y, x);
                out[y * w + x] = (byte) (p >> 16);
                out[h * w + y * w + x] = (byte) (p >> 8);
                out[2 * h * w + y * w + x] = (byte) p;
            }
        }
        return out;
    }

    private static byte[] image(ImageDataset d, int i) {
        return java.util.Arrays.copyOfRange(d.pixels(), i * d.imageBytes(), (i + 1) * d.imageBytes());
    }

    @Test
    void readsAZipInPlaceWithSortedClassesAndFiles() throws IOException {
        Path zip = ImageFixtures.zip(tmp.resolve("imgs.zip"), tree(""));
        TrainTest tt = new ImageFolderReader(null).read(zip, ImageFolderOptions.NONE, "toy");
        ImageDataset train = tt.train();
        assertEquals(List.of("ant", "cat", "dog"), train.classNames());
        assertEquals("toy/train", train.name());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 2}, train.labels());
        assertEquals(3, train.channels());
        assertEquals(3, train.height());
        assertEquals(5, train.width());
        // PNG is lossless: exact pixels, in file-name order within a class.
        assertArrayEquals(chw(0, 3, 5), image(train, 0));
        assertArrayEquals(chw(1, 3, 5), image(train, 1));
        assertArrayEquals(chw(2, 3, 5), image(train, 2));
        assertArrayEquals(chw(20, 3, 5), image(train, 5));
        assertArrayEquals(chw(21, 3, 5), image(train, 6));
        byte[] grey = image(train, 3);
        for (byte b : grey) {
            assertEquals(77, b & 0xff, "grey samples replicated to three channels unchanged");
        }
        byte[] jpg = image(train, 4);
        byte[] want = chw(11, 3, 5);
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs((jpg[i] & 0xff) - (want[i] & 0xff)) < 40, "JPEG is close to the original");
        }
        assertArrayEquals(new int[] {0, 2}, tt.test().labels());
        assertArrayEquals(chw(31, 3, 5), image(tt.test(), 0));
    }

    @Test
    void folderAndZipUnderATopFolderGiveTheSameData() throws IOException {
        TrainTest fromZip = new ImageFolderReader(null)
                .read(ImageFixtures.zip(tmp.resolve("top.zip"), tree("cifar/")), ImageFolderOptions.NONE, "a");
        TrainTest fromDir = new ImageFolderReader(null, 1)
                .read(ImageFixtures.folder(tmp.resolve("dir"), tree("")), ImageFolderOptions.NONE, "a");
        assertArrayEquals(fromZip.train().pixels(), fromDir.train().pixels());
        assertArrayEquals(fromZip.test().labels(), fromDir.test().labels());
    }

    @Test
    void trainPerClassKeepsTheFirstFilesOfEachClass() throws IOException {
        Path zip = ImageFixtures.zip(tmp.resolve("imgs.zip"), tree(""));
        TrainTest tt = new ImageFolderReader(null).read(zip, new ImageFolderOptions(null, null, 1), "toy");
        assertArrayEquals(new int[] {0, 1, 2}, tt.train().labels());
        assertArrayEquals(chw(0, 3, 5), image(tt.train(), 0));
        assertArrayEquals(chw(20, 3, 5), image(tt.train(), 2));
        assertEquals(2, tt.test().size(), "test split is never subset");
    }

    @Test
    void resizeAndCropBringMixedSizesToOneSquare() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("train/a/1.png", ImageFixtures.greyPng(200, 8, 12));
        m.put("train/a/2.png", ImageFixtures.greyPng(50, 16, 10));
        m.put("test/a/1.png", ImageFixtures.png(3, 20, 20));
        Path zip = ImageFixtures.zip(tmp.resolve("m.zip"), m);
        TrainTest tt = new ImageFolderReader(null).read(zip, new ImageFolderOptions(5, 4, null), "m");
        assertEquals(4, tt.train().height());
        assertEquals(4, tt.train().width());
        for (int i = 0; i < tt.train().imageBytes(); i++) {
            assertEquals(200, tt.train().pixels()[i] & 0xff, "a flat image stays flat through resize and crop");
        }
        UserInputException e = assertThrows(
                UserInputException.class,
                () -> new ImageFolderReader(null).read(zip, new ImageFolderOptions(null, 9, null), "m"));
        assertEquals(zip + ": train/a/1.png: image is 8x12, smaller than the 9x9 crop", e.getMessage());
    }

    @Test
    void decodesOnceThenLoadsTheCache() throws IOException {
        Path cache = tmp.resolve("cache");
        Path dir = ImageFixtures.folder(tmp.resolve("dir"), tree(""));
        ImageFolderReader reader = new ImageFolderReader(cache);
        TrainTest first = reader.read(dir, ImageFolderOptions.NONE, "toy");
        List<Path> cached;
        try (Stream<Path> s = Files.list(cache)) {
            cached = s.toList();
        }
        assertEquals(1, cached.size());

        // Same size and time stamp but other pixels: the listing key is unchanged, so the cache answers.
        Path png = dir.resolve("train/ant/0000.png");
        FileTime time = Files.getLastModifiedTime(png);
        byte[] other = ImageFixtures.png(9, 3, 5);
        assertEquals(Files.size(png), other.length);
        Files.write(png, other);
        Files.setLastModifiedTime(png, time);
        TrainTest again = reader.read(dir, ImageFolderOptions.NONE, "toy");
        assertArrayEquals(first.train().pixels(), again.train().pixels(), "served from the cache");
        assertEquals(first.train().classNames(), again.train().classNames());

        // A damaged cache file is noticed by its checksum, dropped, and the images decoded again.
        byte[] bytes = Files.readAllBytes(cached.get(0));
        bytes[bytes.length / 2] ^= 1;
        Files.write(cached.get(0), bytes);
        TrainTest redone = reader.read(dir, ImageFolderOptions.NONE, "toy");
        assertArrayEquals(chw(9, 3, 5), image(redone.train(), 0));

        new ImageFolderReader(cache).read(dir, new ImageFolderOptions(null, null, 1), "toy");
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(2, s.count(), "other options, other cache entry");
        }
    }

    private String error(Map<String, byte[]> entries) throws IOException {
        Path zip = ImageFixtures.zip(Files.createTempFile(tmp, "bad", ".zip"), entries);
        UserInputException e = assertThrows(
                UserInputException.class, () -> new ImageFolderReader(null).read(zip, ImageFolderOptions.NONE, "bad"));
        assertTrue(e.getMessage().startsWith(zip + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        return e.getMessage().substring(zip.toString().length() + 2);
    }

    @Test
    void reportsEachKindOfBadTree() throws IOException {
        Map<String, byte[]> m = tree("");
        m.put("train/eel/", null);
        m.put("train/eel/readme.txt", new byte[] {1});
        assertEquals("train/eel/: class folder holds no .jpg, .jpeg or .png images", error(m));

        m = tree("");
        m.put("train/cat/0002.jpg", new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
        assertTrue(error(m).startsWith("train/cat/0002.jpg: unreadable image ("), error(m));
        m.put("train/cat/0002.jpg", "not an image".getBytes());
        assertEquals("train/cat/0002.jpg: unreadable image (neither a JPEG nor a PNG)", error(m));

        m = tree("");
        m.put("train/cat/0002.png", ImageFixtures.png(1, 4, 5));
        assertEquals(
                "train/cat/0002.png: image is 4x5 but the first image (train/ant/0000.png) is 3x5;"
                        + " set resize and crop options to bring images to one size",
                error(m));

        Map<String, byte[]> noTest = new LinkedHashMap<>();
        noTest.put("train/a/1.png", ImageFixtures.png(1, 2, 2));
        assertEquals("no test/ (or val/) split next to train/", error(noTest));
        Map<String, byte[]> noTrain = new LinkedHashMap<>();
        noTrain.put("test/a/1.png", ImageFixtures.png(1, 2, 2));
        assertTrue(error(noTrain).startsWith("no train/ split"));

        m = tree("");
        m.put("train/stray.png", ImageFixtures.png(1, 3, 5));
        assertEquals("train/stray.png: image outside a class folder", error(m));
        m = tree("");
        m.put("test/zebra/1.png", ImageFixtures.png(1, 3, 5));
        assertEquals("test/zebra/: class folder has no counterpart in train/", error(m));
    }

    @Test
    void rejectsAFileThatIsNotAZip() throws IOException {
        Path junk = Files.write(tmp.resolve("junk.zip"), new byte[] {1, 2, 3});
        UserInputException e = assertThrows(
                UserInputException.class, () -> new ImageFolderReader(null).read(junk, ImageFolderOptions.NONE, "x"));
        assertTrue(e.getMessage().startsWith(junk + ": not a readable zip archive"), e.getMessage());
    }
}
