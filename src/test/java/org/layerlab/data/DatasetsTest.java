package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.error.UserInputException;
import org.layerlab.io.Hashes;
import org.layerlab.testing.ImageFixtures;
import org.layerlab.testing.SharedData;

class DatasetsTest {
    private static final List<String> CIFAR =
            DatasetCatalog.standard().get("cifar10").classNames();

    @TempDir
    Path tmp;

    private DatasetLocator.Builder offline() {
        return DatasetLocator.builder()
                .optEnv(Map.of())
                .optHome(tmp.resolve("home"))
                .optDownload(false)
                .optSystemDirs("fashion-mnist", List.of());
    }

    @Test
    void loadsMnistWithLimitsAndPerClassSubsets() {
        Optional<Path> mnist = SharedData.file("mnist");
        SharedData.assumePresent(mnist, "shared MNIST copy");
        Datasets ds = new Datasets(offline().build());
        LoadedData all = ds.load(DatasetRequest.of("mnist", mnist.get()));
        assertEquals(60_000, all.train().size());
        assertEquals(10_000, all.test().size());
        assertEquals("mnist/train", all.train().name());
        assertArrayEquals(
                new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4},
                Arrays.copyOf(all.train().labels(), 10));
        assertEquals(Origin.EXPLICIT, all.where().origin());
        assertEquals(
                "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                all.where().sha256ByFile().get("train-images-idx3-ubyte.gz"));

        LoadedData small = ds.load(new DatasetRequest("mnist", mnist.get(), 25, 7, 3, null));
        assertEquals(25, small.train().size(), "30 = 3 per class, then the first 25");
        assertEquals(7, small.test().size());
        int[] hist = new int[10];
        Arrays.stream(small.train().labels()).forEach(l -> hist[l]++);
        assertTrue(Arrays.stream(hist).allMatch(h -> h <= 3));
    }

    @Test
    void loadsFashionMnistFromTheDebianPackage() {
        Path sys = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isDirectory(sys), "dataset-fashion-mnist is not installed");
        DatasetLocator loc = DatasetLocator.builder()
                .optEnv(Map.of())
                .optHome(tmp.resolve("home"))
                .optDownload(false)
                .build();
        LoadedData d = new Datasets(loc).load(new DatasetRequest("fashion-mnist", null, null, 100, null, null));
        assertEquals(Origin.SYSTEM, d.where().origin());
        assertEquals(60_000, d.train().size());
        assertEquals(100, d.test().size());
        assertEquals("Ankle boot", d.train().classNames().get(d.train().labels()[0]));
        assertEquals(
                "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
                d.where().sha256ByFile().get("train-images-idx3-ubyte.gz"));
    }

    /** A toy cifar-10-binary.tar.gz: two records per batch, label = (batch + record) mod 10. */
    private static byte[] toyCifarArchive() throws IOException {
        List<SafeExtractorTest.Member> m = new ArrayList<>();
        m.add(SafeExtractorTest.Member.dir("cifar-10-batches-bin/"));
        List<String> batches = new ArrayList<>(CifarFolder.TRAIN_BATCHES);
        batches.add(CifarFolder.TEST_BATCH);
        for (int b = 0; b < batches.size(); b++) {
            byte[] recs = CifarBinaryReaderTest.records(2);
            recs[0] = (byte) (b % 10);
            recs[CifarBinaryReader.RECORD] = (byte) ((b + 1) % 10);
            m.add(SafeExtractorTest.Member.file(
                    "cifar-10-batches-bin/" + batches.get(b), new String(recs, StandardCharsets.ISO_8859_1)));
        }
        m.add(SafeExtractorTest.Member.file(
                "cifar-10-batches-bin/batches.meta.txt", String.join("\n", CIFAR) + "\n\n"));
        return SafeExtractorTest.tarGz(m.toArray(SafeExtractorTest.Member[]::new));
    }

    @Test
    void downloadsExtractsAndReadsCifarBinary() throws IOException {
        byte[] archive = toyCifarArchive();
        try (TestMirror mirror = new TestMirror()) {
            mirror.serve("/kriz/" + CifarFolder.ARCHIVE, archive);
            KnownDataset cifar = DatasetCatalog.standard().get("cifar10").withMirrors(List.of(mirror.base("kriz")));
            cifar = new KnownDataset(
                    cifar.name(),
                    cifar.layout(),
                    cifar.mirrors(),
                    List.of(new DatasetFile(
                            CifarFolder.ARCHIVE,
                            archive.length,
                            Checksum.md5(Hashes.ofFile(Files.write(tmp.resolve("a"), archive), "MD5")))),
                    cifar.classNames(),
                    cifar.systemDirs());
            DatasetLocator loc = DatasetLocator.builder()
                    .optCatalog(new DatasetCatalog(List.of(cifar)))
                    .optEnv(Map.of())
                    .optHome(tmp.resolve("home"))
                    .build();
            LoadedData d = new Datasets(loc).load(DatasetRequest.of("cifar10"));
            assertEquals(Origin.DOWNLOAD, d.where().origin());
            assertEquals(10, d.train().size());
            assertEquals(2, d.test().size());
            assertArrayEquals(
                    new int[] {0, 1, 1, 2, 2, 3, 3, 4, 4, 5}, d.train().labels());
            assertArrayEquals(new int[] {5, 6}, d.test().labels());
            assertEquals(CIFAR, d.train().classNames());
            Path cache = tmp.resolve("home/.cache/layerlab");
            assertTrue(Files.isRegularFile(cache.resolve("cifar10/cifar-10-batches-bin/data_batch_5.bin")));
            assertFalse(
                    Files.exists(cache.resolve("downloads/" + CifarFolder.ARCHIVE)), "archive removed once extracted");
            assertEquals(7, d.where().sha256ByFile().size());

            LoadedData again = new Datasets(loc).load(DatasetRequest.of("cifar10"));
            assertEquals(Origin.CACHE, again.where().origin());
            assertEquals(1, mirror.totalRequests());
        }
    }

    /** CIFAR-10 as class folders: two PNGs per class for training, one for test, plus the original label order. */
    private Path cifarFolders(List<String> classes, String trainOrder) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            m.put("train/" + classes.get(c) + "/0000.png", ImageFixtures.png(10 * c, 32, 32));
            m.put("train/" + classes.get(c) + "/0001.png", ImageFixtures.png(10 * c + 1, 32, 32));
            m.put("test/" + classes.get(c) + "/0000.png", ImageFixtures.png(10 * c + 5, 32, 32));
        }
        Path dir = Files.createDirectories(tmp.resolve("cifar"));
        ImageFixtures.zip(dir.resolve("cifar10-png.zip"), m);
        if (trainOrder != null) {
            Files.createDirectories(dir.resolve("partial"));
            Files.writeString(dir.resolve("partial").resolve(CifarFolder.TRAIN_ORDER), trainOrder);
        }
        return dir;
    }

    @Test
    void cifarClassFolderZipIsPutBackInOriginalOrder() throws IOException {
        String order = "9\n0\n9\n1\n2\n3\n4\n5\n6\n7\n8\n0\n1\n2\n3\n4\n5\n6\n7\n8\n";
        Path dir = cifarFolders(CIFAR, order);
        LoadedData d = new Datasets(offline().build()).load(new DatasetRequest("cifar10", dir, 3, null, null, null));
        assertArrayEquals(new int[] {9, 0, 9}, d.train().labels());
        int bytes = d.train().imageBytes();
        // Red of pixel (0, 0) is the PNG seed: record 0 is truck 0000, record 2 is truck 0001.
        assertEquals(90, d.train().pixels()[0] & 0xff);
        assertEquals(0, d.train().pixels()[bytes] & 0xff);
        assertEquals(91, d.train().pixels()[2 * bytes] & 0xff);
        assertTrue(d.where().sha256ByFile().containsKey("partial/" + CifarFolder.TRAIN_ORDER));
        assertArrayEquals(
                new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, d.test().labels(), "no test order file: folder order");
    }

    @Test
    void cifarNeedsItsOwnClassNames() throws IOException {
        List<String> other = CIFAR.stream().map(s -> "x" + s).toList();
        Path dir = cifarFolders(other, null);
        UserInputException e = assertThrows(
                UserInputException.class,
                () -> new Datasets(offline().build()).load(DatasetRequest.of("cifar10", dir)));
        assertTrue(
                e.getMessage().startsWith(dir.resolve("cifar10-png.zip") + ": class folders [xairplane"),
                e.getMessage());
    }

    @Test
    void imageFolderNeedsAnExplicitSourceAndTakesOptions() throws IOException {
        UserInputException e = assertThrows(UserInputException.class, () -> DatasetRequest.of("imagefolder"));
        assertTrue(e.getMessage().startsWith("dataset imagefolder: needs an explicit data dir"));
        e = assertThrows(
                UserInputException.class,
                () -> new DatasetRequest("mnist", null, null, null, null, new ImageFolderOptions(64, 56, null)));
        assertEquals("dataset mnist: resize and crop options apply only to imagefolder", e.getMessage());
        e = assertThrows(UserInputException.class, () -> new DatasetRequest("mnist", null, 0, null, null, null));
        assertEquals("dataset mnist: train limit must be at least 1, got 0", e.getMessage());
        e = assertThrows(
                UserInputException.class,
                () -> new DatasetRequest("imagefolder", tmp, null, null, 2, new ImageFolderOptions(null, null, 3)));
        assertTrue(e.getMessage().contains("trainPerClass given twice"));

        Path zip = cifarFolders(CIFAR, null).resolve("cifar10-png.zip");
        Datasets ds = new Datasets(offline().build());
        LoadedData d =
                ds.load(new DatasetRequest("imagefolder", zip, null, null, 1, new ImageFolderOptions(16, 8, null)));
        assertEquals(10, d.train().size());
        assertEquals(8, d.train().height());
        assertEquals(Origin.EXPLICIT, d.where().origin());
        assertEquals(Hashes.sha256(zip), d.where().sha256ByFile().get("cifar10-png.zip"));
        Path missing = tmp.resolve("nope.zip");
        e = assertThrows(UserInputException.class, () -> ds.load(DatasetRequest.of("imagefolder", missing)));
        assertEquals("data dir " + missing + ": does not exist", e.getMessage());
    }
}
