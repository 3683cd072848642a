package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.error.UserInputException;
import org.layerlab.io.Hashes;
import org.layerlab.testing.IdxFixtures;
import org.layerlab.testing.ReadOnlyFolder;

class DatasetLocatorTest {
    static final List<String> NAMES = List.of(
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz");

    @TempDir
    Path tmp;

    private final TestMirror mirror = new TestMirror();
    /** The four gzip'd files of a toy IDX dataset: 6 training and 3 test images of 4x4. */
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    DatasetLocatorTest() {
        files.put(NAMES.get(0), IdxFixtures.gzip(IdxFixtures.images(6, 4, 4)));
        files.put(NAMES.get(1), IdxFixtures.gzip(IdxFixtures.labels(0, 1, 2, 0, 1, 2)));
        files.put(NAMES.get(2), IdxFixtures.gzip(IdxFixtures.images(3, 4, 4)));
        files.put(NAMES.get(3), IdxFixtures.gzip(IdxFixtures.labels(2, 1, 0)));
        files.forEach((name, bytes) -> mirror.serve("/toy/" + name, bytes));
    }

    @AfterEach
    void stop() {
        mirror.close();
    }

    private KnownDataset toy() {
        return new KnownDataset(
                "toy",
                DatasetLayout.IDX,
                List.of(mirror.base("missing"), mirror.base("toy")),
                files.entrySet().stream()
                        .map(e -> new DatasetFile(
                                e.getKey(), e.getValue().length, Checksum.sha256(Hashes.sha256(e.getValue()))))
                        .toList(),
                List.of("a", "b", "c"),
                List.of());
    }

    private DatasetLocator.Builder locator(Map<String, String> env) {
        return DatasetLocator.builder()
                .optCatalog(new DatasetCatalog(List.of(toy())))
                .optEnv(env)
                .optHome(tmp.resolve("home"));
    }

    private Path writeAll(Path dir, boolean gunzipped) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (gunzipped) {
                String raw = e.getKey().substring(0, e.getKey().length() - 3);
                Files.write(
                        dir.resolve(raw),
                        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(e.getValue()))
                                .readAllBytes());
            } else {
                Files.write(dir.resolve(e.getKey()), e.getValue());
            }
        }
        return dir;
    }

    private int fileRequests() {
        return NAMES.stream().mapToInt(n -> mirror.requests("/toy/" + n)).sum();
    }

    @Test
    void downloadsIntoTheCacheThenUsesIt() {
        DatasetLocator loc = locator(Map.of()).build();
        LocatedDataset first = loc.locate("toy", null);
        Path cache = tmp.resolve("home/.cache/layerlab/toy");
        assertEquals(Origin.DOWNLOAD, first.origin());
        assertEquals(cache, first.dir());
        assertEquals(
                NAMES.stream().sorted().toList(),
                List.copyOf(first.sha256ByFile().keySet()));
        files.forEach((name, bytes) ->
                assertEquals(Hashes.sha256(bytes), first.sha256ByFile().get(name)));
        assertEquals(4, fileRequests());
        assertEquals(
                4,
                mirror.requests("/missing/" + NAMES.get(0))
                        + mirror.requests("/missing/" + NAMES.get(1))
                        + mirror.requests("/missing/" + NAMES.get(2))
                        + mirror.requests("/missing/" + NAMES.get(3)),
                "the first mirror 404s for each file and the second is used");

        LocatedDataset again = loc.locate("toy", null);
        assertEquals(Origin.CACHE, again.origin());
        assertEquals(first.sha256ByFile(), again.sha256ByFile());
        assertEquals(4, fileRequests(), "a cached dataset is not downloaded again");
    }

    @Test
    void downloadsOnlyWhatTheCacheLacksOrHasDamaged() throws IOException {
        Path cache = tmp.resolve("home/.cache/layerlab/toy");
        Files.createDirectories(cache);
        Files.write(cache.resolve(NAMES.get(0)), files.get(NAMES.get(0)));
        Files.write(cache.resolve(NAMES.get(1)), new byte[] {1, 2, 3});
        LocatedDataset d = locator(Map.of()).build().locate("toy", null);
        assertEquals(Origin.DOWNLOAD, d.origin());
        assertEquals(0, mirror.requests("/toy/" + NAMES.get(0)), "an intact cached file is kept");
        assertEquals(1, mirror.requests("/toy/" + NAMES.get(1)), "a damaged cached file is replaced");
        assertEquals(3, fileRequests());
        assertEquals(Hashes.sha256(files.get(NAMES.get(1))), d.sha256ByFile().get(NAMES.get(1)));
    }

    @Test
    void explicitDirMustExistAndHoldTheData() throws IOException {
        DatasetLocator loc = locator(Map.of()).build();
        Path missing = tmp.resolve("x/y");
        UserInputException e = assertThrows(UserInputException.class, () -> loc.locate("toy", missing));
        assertEquals("data dir " + missing + ": does not exist", e.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(UserInputException.class, () -> loc.locate("toy", empty));
        assertTrue(e.getMessage().startsWith("data dir " + empty + ": holds no toy data (expected "), e.getMessage());
        Path mine = writeAll(tmp.resolve("mine"), true);
        LocatedDataset d = loc.locate("toy", mine);
        assertEquals(Origin.EXPLICIT, d.origin());
        assertEquals(
                List.of(
                        "t10k-images-idx3-ubyte",
                        "t10k-labels-idx1-ubyte",
                        "train-images-idx3-ubyte",
                        "train-labels-idx1-ubyte"),
                List.copyOf(d.sha256ByFile().keySet()),
                "gunzipped files count too");
        assertEquals(0, mirror.totalRequests());
    }

    @Test
    void searchOrderIsEnvThenCacheThenSystemThenDownload() throws IOException {
        Path envRoot = tmp.resolve("data");
        Path sys = writeAll(tmp.resolve("usr/share/toy"), false);
        Map<String, String> env = Map.of(
                "LAYERLAB_DATA",
                envRoot.toString(),
                "XDG_CACHE_HOME",
                tmp.resolve("xdg").toString());
        DatasetLocator loc = locator(env)
                .optSystemDirs("toy", List.of(tmp.resolve("nothing"), sys))
                .build();
        assertEquals(tmp.resolve("xdg/layerlab"), loc.cacheRoot());

        LocatedDataset d = loc.locate("toy", null);
        assertEquals(Origin.SYSTEM, d.origin());
        assertEquals(sys, d.dir());

        writeAll(tmp.resolve("xdg/layerlab/toy"), false);
        assertEquals(Origin.CACHE, loc.locate("toy", null).origin());

        writeAll(envRoot.resolve("toy"), false);
        d = loc.locate("toy", null);
        assertEquals(Origin.ENV, d.origin());
        assertEquals(envRoot.resolve("toy"), d.dir());
        assertEquals(0, mirror.totalRequests());
    }

    @Test
    void mirrorEnvReplacesTheCatalogMirrors() {
        DatasetLocator loc =
                locator(Map.of("LAYERLAB_MIRROR", mirror.root().toString())).build();
        assertEquals(Origin.DOWNLOAD, loc.locate("toy", null).origin());
        assertEquals(0, mirror.requests("/missing/" + NAMES.get(0)));
        assertEquals(4, fileRequests());
    }

    @Test
    void aMirrorEnvThatIsNotAnHttpUrlIsBadInput() {
        for (String bad : List.of("http://a b/", "ftp://example.org/data/", "mirror/", "//example.org/")) {
            UserInputException e = assertThrows(
                    UserInputException.class,
                    () -> locator(Map.of("LAYERLAB_MIRROR", mirror.root() + "," + bad))
                            .build(),
                    bad);
            assertEquals("LAYERLAB_MIRROR: '" + bad + "' is not an http(s) URL", e.getMessage());
        }
    }

    @Test
    void failedDownloadLeavesNoFileAndSaysWhy() throws IOException {
        byte[] wrong = files.get(NAMES.get(2)).clone();
        wrong[20] ^= 1;
        mirror.serve("/toy/" + NAMES.get(2), wrong);
        DatasetLocator loc = locator(Map.of()).build();
        UserInputException e = assertThrows(UserInputException.class, () -> loc.locate("toy", null));
        assertTrue(e.getMessage().startsWith(NAMES.get(2) + ": download failed from every mirror: "), e.getMessage());
        assertTrue(
                e.getMessage().contains("(HTTP 404); ") && e.getMessage().contains("SHA-256 mismatch"), e.getMessage());
        try (Stream<Path> s = Files.walk(loc.cacheRoot())) {
            List<String> left = s.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
            assertEquals(
                    NAMES.subList(0, 2).stream().sorted().toList(),
                    left,
                    "only the verified earlier files stay; nothing of the bad one");
        }
    }

    @Test
    void originIsWrittenAsALowerCaseWord() throws Exception {
        LocatedDataset d = new LocatedDataset("toy", tmp, Origin.SYSTEM, Map.of("b", "2", "a", "1"));
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(d.origin());
        assertEquals("\"system\"", json);
        assertEquals(List.of("a", "b"), List.copyOf(d.sha256ByFile().keySet()), "sorted for stable provenance");
    }

    @Test
    void downloadCanBeTurnedOff() {
        DatasetLocator loc = locator(Map.of()).optDownload(false).build();
        UserInputException e = assertThrows(UserInputException.class, () -> loc.locate("toy", null));
        assertTrue(e.getMessage().startsWith("toy: not found"), e.getMessage());
        assertEquals(0, mirror.totalRequests());
    }

    /** Set to a file, LAYERLAB_DATA was skipped without a word and the data came from elsewhere. */
    @Test
    void aDataEnvThatIsAFileIsBadInput() throws IOException {
        Path file = Files.writeString(tmp.resolve("data.txt"), "not a folder");
        DatasetLocator loc = locator(Map.of("LAYERLAB_DATA", file.toString())).build();
        UserInputException e = assertThrows(UserInputException.class, () -> loc.locate("toy", null));
        assertEquals(
                "LAYERLAB_DATA=" + file
                        + ": not a folder (it names a folder holding one folder per dataset, e.g. toy/; or unset it)",
                e.getMessage());
        assertEquals(0, mirror.totalRequests());
    }

    /** Not writable is the cache's problem: it was reported as a failed download from every mirror. */
    @Test
    void anUnwritableCacheIsNamedBeforeAnyRequest() throws IOException {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        try (ReadOnlyFolder locked = ReadOnlyFolder.of(ro)) {
            DatasetLocator viaRoot = locator(Map.of()).optCacheRoot(ro).build();
            UserInputException e = assertThrows(UserInputException.class, () -> viaRoot.locate("toy", null));
            // The reason is the system's: "permission denied", or "Operation not permitted" for root.
            String m = e.getMessage();
            assertTrue(m.startsWith("cache folder " + ro + ": not writable ("), m);
            assertTrue(m.endsWith("); set LAYERLAB_CACHE to a folder you can write to"), m);
            DatasetLocator viaXdg =
                    locator(Map.of("XDG_CACHE_HOME", ro.toString())).build();
            e = assertThrows(UserInputException.class, () -> viaXdg.locate("toy", null));
            assertTrue(
                    e.getMessage().startsWith("cache folder " + ro.resolve("layerlab") + ": not writable ("),
                    e.getMessage());
        }
        assertEquals(0, mirror.totalRequests(), "no mirror is asked for a file that cannot be stored");
        try (Stream<Path> s = Files.list(ro)) {
            assertEquals(List.of(), s.toList());
        }
    }
}
