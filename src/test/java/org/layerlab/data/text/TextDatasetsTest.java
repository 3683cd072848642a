package org.layerlab.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.data.DatasetLocator;
import org.layerlab.data.Origin;
import org.layerlab.engine.HfTokenizer;
import org.layerlab.error.UserInputException;
import org.layerlab.io.Hashes;
import org.layerlab.testing.TokenizerJsonFixtures;

/** textfile and tinyshakespeare on corpora written by the test: splits by hand, file order, bad corpora. */
class TextDatasetsTest {
    @TempDir
    Path tmp;

    private TextDatasets datasets(Map<String, String> env) {
        DatasetLocator locator = DatasetLocator.builder()
                .optEnv(env)
                .optHome(tmp.resolve("home"))
                .optDownload(false)
                .build();
        return new TextDatasets(locator, HfTokenizer::load);
    }

    private TextData textfile(Path source) {
        return datasets(Map.of()).load(TextRequest.of(TextDatasets.TEXTFILE, source));
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /** 12 characters: int(12 * 0.9) = 10 for training ("hello worl"), 2 for test ("d!"). */
    @Test
    void splitsTheFirstNinetyPercentOfCharactersForTraining() throws IOException {
        Path f = write("corpus.txt", "hello world!");
        TextData d = textfile(f);
        // Vocabulary: ' ' 0, '!' 1, d 2, e 3, h 4, l 5, o 6, r 7, w 8.
        assertEquals(
                List.of(" ", "!", "d", "e", "h", "l", "o", "r", "w"),
                d.vocabulary().symbols());
        assertArrayEquals(new int[] {4, 3, 5, 5, 6, 0, 8, 6, 7, 5}, d.train());
        assertArrayEquals(new int[] {2, 1}, d.test());
        assertEquals(Map.of("corpus.txt", Hashes.sha256(f)), d.source().sha256ByFile());
        assertEquals(Origin.EXPLICIT, d.source().origin());
        assertEquals(10, TextDatasets.trainLength(12));
        assertEquals(1, TextDatasets.trainLength(2));
        assertEquals(9, TextDatasets.trainLength(10));
    }

    /** The split counts code points: 10 characters (11 UTF-16 units, 😀 is two), so 9 for training. */
    @Test
    void splitsByCodePointsNotUtf16Units() throws IOException {
        TextData d = textfile(write("emoji.txt", "ab😀cdefgh\n"));
        assertEquals(9, d.train().length);
        assertEquals(1, d.test().length);
        assertEquals("ab😀cdefgh", d.tokenizer().decode(d.train()));
        assertEquals("\n", d.tokenizer().decode(d.test()));
    }

    @Test
    void limitsKeepTheFirstTokensOfEachSplitAndNotTheVocabulary() throws IOException {
        Path f = write("corpus.txt", "abcdefghijklmnopqrst");
        TextData d = datasets(Map.of()).load(new TextRequest(TextDatasets.TEXTFILE, f, "char", 5, 1));
        assertEquals("abcde", d.tokenizer().decode(d.train()));
        assertEquals("s", d.tokenizer().decode(d.test()));
        assertEquals(20, d.vocabulary().size());
    }

    /** Files in relative-path code point order, hidden ones skipped, a line break after a file lacking one. */
    @Test
    void aFolderIsReadInPathOrder() throws IOException {
        write("docs/b.txt", "B");
        write("docs/a/x.txt", "X\n");
        write("docs/10.txt", "ten");
        write("docs/02.txt", "\uFEFFtwo\n");
        write("docs/.hidden", "never");
        write("docs/.git/config", "never");
        Path docs = tmp.resolve("docs");
        assertEquals(
                List.of(docs.resolve("02.txt"), docs.resolve("10.txt"), docs.resolve("a/x.txt"), docs.resolve("b.txt")),
                TextDatasets.corpusFiles(docs));
        TextData d = textfile(docs);
        String all = d.tokenizer().decode(d.train()) + d.tokenizer().decode(d.test());
        assertEquals("two\nten\nX\nB", all, "the byte order mark is dropped");
        assertEquals(
                List.of("02.txt", "10.txt", "a/x.txt", "b.txt"),
                List.copyOf(d.source().sha256ByFile().keySet()));
    }

    @Test
    void aSubwordTokenizerEncodesEachSplit() throws IOException {
        Path tok = TokenizerJsonFixtures.wordLevel(tmp.resolve("tok/tokenizer.json"), 0);
        // 39 characters: the first int(39 * 0.9) = 35, "the cat sat on the mat . a dog ran ", train; "and." tests.
        Path f = write("c.txt", "the cat sat on the mat . a dog ran and.");
        TextData d = datasets(Map.of()).load(new TextRequest(TextDatasets.TEXTFILE, f, tok.toString(), null, null));
        assertEquals(Vocabulary.HF, d.vocabulary().kind());
        assertEquals(Vocabulary.huggingFace(Hashes.sha256(tok), 13), d.vocabulary());
        int[] train = Arrays.stream("the cat sat on the mat . a dog ran".split(" "))
                .mapToInt(TokenizerJsonFixtures::wordId)
                .toArray();
        assertArrayEquals(train, d.train());
        assertArrayEquals(new int[] {TokenizerJsonFixtures.wordId("and"), TokenizerJsonFixtures.wordId(".")}, d.test());
    }

    @Test
    void tinyShakespeareIsFoundInTheSharedTextFolder() throws IOException {
        write("shared/text/tinyshakespeare.txt", "First Citizen:\nBefore we proceed\n");
        TextData d = datasets(
                        Map.of(DatasetLocator.DATA_ENV, tmp.resolve("shared").toString()))
                .load(TextRequest.of(TextDatasets.TINYSHAKESPEARE, null));
        assertEquals(Origin.ENV, d.source().origin());
        assertEquals(tmp.resolve("shared/text"), d.source().dir());
        assertEquals(
                List.of("tinyshakespeare.txt"),
                List.copyOf(d.source().sha256ByFile().keySet()));
        assertEquals(TextDatasets.trainLength("First Citizen:\nBefore we proceed\n".length()), d.train().length);
        assertEquals(29, d.train().length);

        // Its own folder under $LAYERLAB_DATA comes first, under the published name.
        write("shared/tinyshakespeare/input.txt", "abcdefghij");
        TextData own = datasets(
                        Map.of(DatasetLocator.DATA_ENV, tmp.resolve("shared").toString()))
                .load(TextRequest.of(TextDatasets.TINYSHAKESPEARE, null));
        assertEquals(tmp.resolve("shared/tinyshakespeare"), own.source().dir());
        assertEquals(9, own.train().length);

        TextData explicit =
                datasets(Map.of()).load(TextRequest.of(TextDatasets.TINYSHAKESPEARE, tmp.resolve("shared/text")));
        assertEquals(Origin.EXPLICIT, explicit.source().origin());
    }

    @Test
    void aMissingCorpusNamesEveryPlaceSearched() {
        UserInputException e = assertThrows(
                UserInputException.class,
                () -> datasets(Map.of(
                                DatasetLocator.DATA_ENV, tmp.resolve("shared").toString()))
                        .load(TextRequest.of(TextDatasets.TINYSHAKESPEARE, null)));
        assertEquals(
                "tinyshakespeare: not found (looked in $LAYERLAB_DATA/tinyshakespeare, $LAYERLAB_DATA/text, "
                        + tmp.resolve("home/.cache/layerlab/tinyshakespeare")
                        + ", system folders) and downloading is off",
                e.getMessage());
    }

    private String failure(TextRequest r) {
        UserInputException e =
                assertThrows(UserInputException.class, () -> datasets(Map.of()).load(r));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    private String failure(Path textfile) {
        return failure(TextRequest.of(TextDatasets.TEXTFILE, textfile));
    }

    @Test
    void emptyCorporaAreBadInput() throws IOException {
        Path empty = write("empty.txt", "");
        assertEquals(empty + ": empty corpus (no text to train on)", failure(empty));
        Path bomOnly = write("bom.txt", "\uFEFF");
        assertEquals(bomOnly + ": empty corpus (no text to train on)", failure(bomOnly));
        Path folder = Files.createDirectories(tmp.resolve("nothing"));
        write("nothing/.keep", "x");
        assertEquals(
                folder + ": empty corpus, the folder holds no text files (every file under it is read, except hidden"
                        + " ones)",
                failure(folder));
        write("blanks/a.txt", "");
        write("blanks/b.txt", "");
        assertEquals(tmp.resolve("blanks") + ": empty corpus (no text to train on)", failure(tmp.resolve("blanks")));
        Path one = write("one.txt", "x");
        assertEquals(
                one + ": a corpus of 1 character cannot be split into training text (the first 90 %) and test text"
                        + " (the rest)",
                failure(one));
        assertEquals("data dir " + tmp.resolve("absent") + ": does not exist", failure(tmp.resolve("absent")));
    }

    @Test
    void aCorpusThatIsNotUtf8IsBadInputNamingTheFileAndOffset() throws IOException {
        write("mixed/a.txt", "fine\n");
        Path latin1 = tmp.resolve("mixed/b.txt");
        Files.write(latin1, "caf\u00e9\n".getBytes(StandardCharsets.UTF_8));
        Files.write(latin1, "ok\nnaïve".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(
                latin1 + ": not UTF-8 text: the byte 0xEF at byte offset 5 (line 2) is not UTF-8 (save the corpus"
                        + " as UTF-8)",
                failure(tmp.resolve("mixed")));
        Path cut = tmp.resolve("cut.txt");
        byte[] euro = "price 5€".getBytes(StandardCharsets.UTF_8);
        Files.write(cut, java.util.Arrays.copyOf(euro, euro.length - 1));
        assertEquals(
                cut + ": not UTF-8 text: the bytes 0xE2 0x82 at byte offset 7 (line 1) are the start of a character"
                        + " cut off at the end of the file (save the corpus as UTF-8)",
                failure(cut));
        Path ff = tmp.resolve("ff.txt");
        Files.write(ff, new byte[] {'a', 'b', (byte) 0xFF});
        assertEquals(
                ff + ": not UTF-8 text: the byte 0xFF at byte offset 2 (line 1) is not UTF-8 (save the corpus as"
                        + " UTF-8)",
                failure(ff));
        // An encoded surrogate (CESU-8) is not UTF-8 either, also at the very end.
        Path cesuEnd = tmp.resolve("cesu-end.txt");
        Files.write(cesuEnd, new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        assertTrue(failure(cesuEnd).endsWith(" are not UTF-8 (save the corpus as UTF-8)"));
        Path cesu = tmp.resolve("cesu.txt");
        Files.write(cesu, new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'b'});
        assertEquals(
                cesu + ": not UTF-8 text: the bytes 0xED 0xA0 0x80 at byte offset 1 (line 1) are not UTF-8 (save the"
                        + " corpus as UTF-8)",
                failure(cesu));
    }

    @Test
    void aTokenizerThatDoesNotParseIsBadInputNamingIt() throws IOException {
        Path f = write("c.txt", "the cat sat on the mat");
        Path broken = write("broken/tokenizer.json", "{\"model\": ");
        String m = failure(new TextRequest(TextDatasets.TEXTFILE, f, broken.toString(), null, null));
        assertTrue(m.startsWith(broken + ": not a tokenizer.json (JSON error at line 1, column "), m);
    }

    @Test
    void requestsAreCheckedBeforeAnythingIsRead() {
        UserInputException lm1b = assertThrows(UserInputException.class, () -> TextRequest.of("lm1b", null));
        assertTrue(lm1b.getMessage().startsWith("data.tokenizer: lm1b is modeled in subword tokens, not characters"));
        assertTrue(lm1b.getMessage().endsWith("set data.tokenizer to the path of a HuggingFace tokenizer.json"));
        assertEquals(
                "data.dir: is required for data.name: textfile (a UTF-8 text file or a folder of them)",
                assertThrows(UserInputException.class, () -> TextRequest.of("textfile", null))
                        .getMessage());
        assertEquals(
                "data.name: 'mnist' is not a text dataset (choose tinyshakespeare, textfile, lm1b)",
                assertThrows(UserInputException.class, () -> TextRequest.of("mnist", null))
                        .getMessage());
        assertEquals(
                "data.train_limit: must be ≥ 1 or null, got 0",
                assertThrows(UserInputException.class, () -> new TextRequest("tinyshakespeare", null, "char", 0, null))
                        .getMessage());
    }
}
