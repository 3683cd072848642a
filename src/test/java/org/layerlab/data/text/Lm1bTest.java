package org.layerlab.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.data.Checksum;
import org.layerlab.data.DatasetCatalog;
import org.layerlab.data.DatasetFile;
import org.layerlab.data.DatasetLayout;
import org.layerlab.data.DatasetLocator;
import org.layerlab.data.KnownDataset;
import org.layerlab.data.Lm1bFolder;
import org.layerlab.data.Origin;
import org.layerlab.engine.HfTokenizer;
import org.layerlab.error.UserInputException;
import org.layerlab.io.Hashes;
import org.layerlab.testing.FolderState;
import org.layerlab.testing.Lm1bFixture;
import org.layerlab.testing.TokenizerJsonFixtures;

/** The LM1B reader on a miniature benchmark in its own layout, as a folder and as its tar.gz. */
class Lm1bTest {
    @TempDir
    Path tmp;

    private Path tokenizer() {
        return TokenizerJsonFixtures.wordLevel(tmp.resolve("tok/tokenizer.json"), 0);
    }

    private TextDatasets datasets(DatasetCatalog catalog) {
        DatasetLocator locator = DatasetLocator.builder()
                .optCatalog(catalog)
                .optEnv(Map.of())
                .optHome(tmp.resolve("home"))
                .optDownload(false)
                .build();
        return new TextDatasets(locator, HfTokenizer::load);
    }

    private TextData load(Path dir, Integer trainLimit, Integer testLimit) {
        return datasets(DatasetCatalog.standard())
                .load(new TextRequest("lm1b", dir, tokenizer().toString(), trainLimit, testLimit));
    }

    /** Each sentence's word ids followed by </s> (id 1), as the fixture tokenizer's template frames it. */
    private static int[] encoded(List<String> sentences) {
        List<Integer> ids = new ArrayList<>();
        for (String s : sentences) {
            for (String w : s.split(" ")) {
                ids.add(TokenizerJsonFixtures.wordId(w));
            }
            ids.add(1);
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void readsTheTrainingShardsInOrderAndHeldoutZeroAsTest() {
        Path root = Lm1bFixture.folder(tmp.resolve("lm1b"));
        TextData d = load(root, null, null);
        assertArrayEquals(encoded(concat(Lm1bFixture.SHARD1, Lm1bFixture.SHARD2)), d.train());
        assertArrayEquals(encoded(Lm1bFixture.TEST), d.test(), "held-out shard 00001 is not part of the test split");
        assertEquals(Origin.EXPLICIT, d.source().origin());
        assertEquals(
                List.of(
                        Lm1bFolder.HELDOUT_DIR + "/" + Lm1bFolder.TEST_SHARD,
                        Lm1bFolder.TRAIN_DIR + "/" + Lm1bFixture.SHARD1_NAME,
                        Lm1bFolder.TRAIN_DIR + "/" + Lm1bFixture.SHARD2_NAME),
                List.copyOf(d.source().sha256ByFile().keySet()));
        assertEquals(
                Hashes.sha256(root.resolve(Lm1bFolder.TRAIN_DIR).resolve(Lm1bFixture.SHARD1_NAME)),
                d.source().sha256ByFile().get(Lm1bFolder.TRAIN_DIR + "/" + Lm1bFixture.SHARD1_NAME));
        assertEquals(Vocabulary.HF, d.vocabulary().kind());
    }

    @Test
    void theArchivesTopFolderIsFoundToo() {
        Path parent = tmp.resolve("data");
        Lm1bFixture.folder(parent.resolve(Lm1bFolder.TOP));
        TextData d = load(parent, null, null);
        assertArrayEquals(encoded(Lm1bFixture.TEST), d.test());
        assertTrue(d.source().sha256ByFile().keySet().stream().allMatch(k -> k.startsWith(Lm1bFolder.TOP + "/")));
    }

    /** Limits count sentences: 4 training sentences are shard 1's three and shard 2's first. */
    @Test
    void limitsCountSentencesAndOnlyShardsReadAreHashed() {
        Path root = Lm1bFixture.folder(tmp.resolve("lm1b"));
        TextData four = load(root, 4, 1);
        assertArrayEquals(encoded(concat(Lm1bFixture.SHARD1, Lm1bFixture.SHARD2.subList(0, 1))), four.train());
        assertArrayEquals(encoded(Lm1bFixture.TEST.subList(0, 1)), four.test());
        assertEquals(3, four.source().sha256ByFile().size());

        TextData two = load(root, 2, null);
        assertArrayEquals(encoded(Lm1bFixture.SHARD1.subList(0, 2)), two.train());
        assertFalse(two.source().sha256ByFile().containsKey(Lm1bFolder.TRAIN_DIR + "/" + Lm1bFixture.SHARD2_NAME));

        TextData more = load(root, 1000, 1000);
        assertArrayEquals(encoded(concat(Lm1bFixture.SHARD1, Lm1bFixture.SHARD2)), more.train());
    }

    /** The fixture archive stands in for the real one: a catalog entry with the fixture's own checksum. */
    private DatasetCatalog catalogFor(Path archive) {
        KnownDataset real = DatasetCatalog.standard().get("lm1b");
        KnownDataset fixture = new KnownDataset(
                real.name(),
                DatasetLayout.LM1B,
                List.of(),
                List.of(new DatasetFile(Lm1bFolder.ARCHIVE, -1, Checksum.sha256(Hashes.sha256(archive)))),
                List.of(),
                List.of());
        return new DatasetCatalog(List.of(fixture));
    }

    @Test
    void theArchiveIsVerifiedAndExtractedIntoTheCacheOnce() throws IOException {
        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        Path archive = Lm1bFixture.archive(downloads.resolve(Lm1bFolder.ARCHIVE));
        TextRequest r = new TextRequest("lm1b", downloads, tokenizer().toString(), null, null);
        TextData d = datasets(catalogFor(archive)).load(r);
        Path extracted = tmp.resolve("home/.cache/layerlab/lm1b");
        assertEquals(extracted, d.source().dir());
        assertTrue(Files.isRegularFile(extracted
                .resolve(Lm1bFolder.TOP)
                .resolve(Lm1bFolder.HELDOUT_DIR)
                .resolve(Lm1bFolder.TEST_SHARD)));
        assertArrayEquals(encoded(concat(Lm1bFixture.SHARD1, Lm1bFixture.SHARD2)), d.train());
        assertArrayEquals(encoded(Lm1bFixture.TEST), d.test());

        // Again, and naming the archive file itself: the extraction is reused, not redone.
        Path marker = Files.writeString(extracted.resolve("marker"), "kept");
        TextData again = datasets(catalogFor(archive))
                .load(new TextRequest("lm1b", archive, tokenizer().toString(), 2, null));
        assertArrayEquals(encoded(Lm1bFixture.SHARD1.subList(0, 2)), again.train());
        assertTrue(Files.exists(marker));
    }

    /** With the real catalog, the fixture is not the published archive: refused before anything is extracted. */
    @Test
    void anArchiveWithAnotherChecksumIsBadInput() throws IOException {
        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        Path archive = Lm1bFixture.archive(downloads.resolve(Lm1bFolder.ARCHIVE));
        tokenizer();
        Map<String, String> before = FolderState.of(tmp);
        UserInputException e = assertThrows(UserInputException.class, () -> load(downloads, null, null));
        assertEquals(
                archive + ": checksum does not match the published file (truncated, corrupt or another version)",
                e.getMessage());
        assertEquals(before, FolderState.of(tmp), "nothing extracted or written");
    }

    @Test
    void aFolderWithoutTheBenchmarkIsBadInput() throws IOException {
        Path root = Lm1bFixture.folder(tmp.resolve("lm1b"));
        Files.delete(root.resolve(Lm1bFolder.HELDOUT_DIR).resolve(Lm1bFolder.TEST_SHARD));
        UserInputException e = assertThrows(UserInputException.class, () -> load(root, null, null));
        assertEquals(
                "data dir " + root + ": holds no lm1b data (expected " + Lm1bFolder.TRAIN_DIR
                        + "/news.en-000NN-of-00100 and " + Lm1bFolder.HELDOUT_DIR + "/" + Lm1bFolder.TEST_SHARD
                        + " (or a " + Lm1bFolder.TOP + "/ folder of them), or " + Lm1bFolder.ARCHIVE + ")",
                e.getMessage());
    }

    @Test
    void aShardThatIsNotUtf8IsBadInputNamingIt() throws IOException {
        Path root = Lm1bFixture.folder(tmp.resolve("lm1b"));
        Path shard = root.resolve(Lm1bFolder.TRAIN_DIR).resolve(Lm1bFixture.SHARD2_NAME);
        Files.write(shard, "a cat\nna\u00efve dog\n".getBytes(StandardCharsets.ISO_8859_1));
        UserInputException e = assertThrows(UserInputException.class, () -> load(root, null, null));
        assertEquals(
                shard + ": not UTF-8 text: the byte 0xEF at byte offset 8 (line 2) is not UTF-8 (save the corpus as"
                        + " UTF-8)",
                e.getMessage());
        // Within the limit, shard 2 is never opened.
        assertArrayEquals(encoded(Lm1bFixture.SHARD1), load(root, 3, null).train());
    }

    @Test
    void lm1bWithoutASubwordTokenizerIsBadInputSayingWhy() {
        Path root = Lm1bFixture.folder(tmp.resolve("lm1b"));
        UserInputException e = assertThrows(
                UserInputException.class,
                () -> datasets(DatasetCatalog.standard()).load(new TextRequest("lm1b", root, "char", null, null)));
        assertEquals(TextDatasets.LM1B_NEEDS_SUBWORDS, e.getMessage());
        assertTrue(e.getMessage().contains("subword"));
    }

    @Test
    void emptyShardsAreBadInput() throws IOException {
        Path root = Lm1bFixture.folder(tmp.resolve("lm1b"));
        Path test = root.resolve(Lm1bFolder.HELDOUT_DIR).resolve(Lm1bFolder.TEST_SHARD);
        Files.writeString(test, "\n\n");
        UserInputException e = assertThrows(UserInputException.class, () -> load(root, null, null));
        assertEquals(test + ": the test split has no sentences (one sentence per line is expected)", e.getMessage());
        try (Stream<Path> s = Files.list(root.resolve(Lm1bFolder.TRAIN_DIR))) {
            for (Path p : s.toList()) {
                Files.writeString(p, "");
            }
        }
        Files.writeString(test, "the cat .\n");
        UserInputException train = assertThrows(UserInputException.class, () -> load(root, null, null));
        assertTrue(train.getMessage()
                .endsWith(": the training split has no sentences (one sentence per line is" + " expected)"));
    }
}
