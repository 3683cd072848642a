package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.data.text.Vocabulary;
import org.layerlab.error.UserInputException;
import org.layerlab.io.Hashes;
import org.layerlab.testing.TokenizerJsonFixtures;

class HfTokenizerTest {
    @TempDir
    Path tmp;

    private static int w(String word) {
        return TokenizerJsonFixtures.wordId(word);
    }

    /** The natives come out of the jar: this JVM runs with DJL offline and the machine has no network. */
    @Test
    void loadsOfflineAndEncodesWords() {
        assertEquals("true", System.getProperty("ai.djl.offline"));
        Path file = TokenizerJsonFixtures.wordLevel(tmp.resolve("tokenizer.json"), 0);
        try (HfTokenizer t = HfTokenizer.load(file)) {
            assertArrayEquals(new int[] {w("the"), w("cat"), w("sat"), w(".")}, t.encode("the cat sat."));
            assertArrayEquals(new int[] {0, w("cat")}, t.encode("zebra cat"), "unknown words are [UNK]");
            assertEquals("the cat sat .", t.decode(t.encode("the cat sat.")));
            assertEquals(TokenizerJsonFixtures.WORDS.size() + 2, t.size());
        }
    }

    @Test
    void aSentenceIsFramedByTheFilesPostProcessor() {
        try (HfTokenizer t = HfTokenizer.load(TokenizerJsonFixtures.wordLevel(tmp.resolve("tokenizer.json"), 0))) {
            assertArrayEquals(new int[] {w("a"), w("dog"), w("ran"), 1}, t.encodeSentence("a dog ran"));
            int[][] batch = t.encodeSentences(List.of("the cat", "a dog ran ."));
            assertArrayEquals(new int[] {w("the"), w("cat"), 1}, batch[0]);
            assertArrayEquals(new int[] {w("a"), w("dog"), w("ran"), w("."), 1}, batch[1]);
            assertEquals("a dog </s>", t.decode(t.encodeSentence("a dog")));
        }
    }

    @Test
    void bpeMergesSubwords() {
        try (HfTokenizer t = HfTokenizer.load(TokenizerJsonFixtures.bpe(tmp.resolve("bpe.json")))) {
            assertArrayEquals(new int[] {3, 2, 3, 0}, t.encode("abcaba"));
            assertEquals("abcaba", t.decode(t.encode("abcaba")));
            assertEquals(4, t.size());
        }
    }

    /** DJL truncates at 512 tokens unless told not to, and a file may ask for truncation: a corpus is encoded whole. */
    @Test
    void longTextIsNeverTruncated() {
        try (HfTokenizer t = HfTokenizer.load(TokenizerJsonFixtures.wordLevel(tmp.resolve("tokenizer.json"), 8))) {
            String text = "the cat sat on the mat , and a dog ran .\n".repeat(300);
            int[] ids = t.encode(text);
            assertEquals(300 * 12, ids.length);
            assertEquals(300 * 12 + 1, t.encodeSentence(text).length);
        }
    }

    /** Text beyond a piece is cut only after a line break that a non-space follows, and no token is lost. */
    @Test
    void longTextIsEncodedInPiecesWithTheSameTokens() {
        StringBuilder sb = new StringBuilder();
        List<Integer> expected = new ArrayList<>();
        // Only the last line break of each block has a non-space after it (the next block's "the").
        String block = "the cat sat on the mat .\n\n  a dog ran .\n";
        while (sb.length() < HfTokenizer.PIECE * 2 + 1000) {
            sb.append(block);
            for (String s : block.strip().split("\\s+")) {
                expected.add(w(s));
            }
        }
        String text = sb.toString();
        int end = HfTokenizer.pieceEnd(text, 0);
        assertTrue(end <= HfTokenizer.PIECE && end > HfTokenizer.PIECE - 100, "end " + end);
        assertEquals('\n', text.charAt(end - 1));
        assertFalse(Character.isWhitespace(text.charAt(end)), "a blank line or indentation is never split");
        try (HfTokenizer t = HfTokenizer.load(TokenizerJsonFixtures.wordLevel(tmp.resolve("tokenizer.json"), 0))) {
            assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), t.encode(text));
        }
    }

    @Test
    void theVocabularyIsTheFilesHashAndIdCount() throws IOException {
        Path a = TokenizerJsonFixtures.wordLevel(tmp.resolve("a/tokenizer.json"), 0);
        Path copy = Files.copy(a, Files.createDirectories(tmp.resolve("b")).resolve("tokenizer.json"));
        try (HfTokenizer t = HfTokenizer.load(a);
                HfTokenizer fromFolder = HfTokenizer.load(copy.getParent())) {
            assertEquals(Vocabulary.huggingFace(Hashes.sha256(a), 13), t.vocabulary());
            assertEquals(t.vocabulary(), fromFolder.vocabulary(), "same file contents, same vocabulary");
            assertEquals(copy, fromFolder.file());
        }
        Path other = TokenizerJsonFixtures.wordLevel(tmp.resolve("c/tokenizer.json"), 8);
        try (HfTokenizer t = HfTokenizer.load(other)) {
            assertNotEquals(Vocabulary.huggingFace(Hashes.sha256(a), 13), t.vocabulary());
        }
    }

    @Test
    void aFileThatDoesNotParseIsBadInputNamingIt() throws IOException {
        Path notJson = Files.writeString(tmp.resolve("tokenizer.json"), "{\"model\": {\"vocab\": {\"a\": 0,}");
        UserInputException e = assertThrows(UserInputException.class, () -> HfTokenizer.load(notJson));
        assertTrue(
                e.getMessage().startsWith(notJson + ": not a tokenizer.json (JSON error at line 1, column "),
                e.getMessage());

        Path noModel = Files.writeString(tmp.resolve("empty.json"), "{\"version\": \"1.0\"}");
        assertEquals(
                noModel + ": not a tokenizer.json (it has no model.vocab)",
                assertThrows(UserInputException.class, () -> HfTokenizer.load(noModel))
                        .getMessage());

        // Valid JSON with a vocabulary, but no model the library knows: the native parser refuses it.
        Path unknownModel = Files.writeString(
                tmp.resolve("unknown.json"),
                "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": [],"
                        + " \"normalizer\": null, \"pre_tokenizer\": null, \"post_processor\": null, \"decoder\": null,"
                        + " \"model\": {\"type\": \"NoSuchModel\", \"vocab\": {\"a\": 0}}}");
        UserInputException native_ = assertThrows(UserInputException.class, () -> HfTokenizer.load(unknownModel));
        assertTrue(
                native_.getMessage()
                        .startsWith(
                                unknownModel + ": not a HuggingFace tokenizer.json the tokenizers library can load ("),
                native_.getMessage());
        assertEquals(1, native_.getMessage().lines().count());
        assertFalse(native_.getMessage().contains("Exception")
                || native_.getMessage().contains("java."));

        Path missing = tmp.resolve("nowhere/tokenizer.json");
        assertEquals(
                missing + ": cannot read the tokenizer (no such file or folder)",
                assertThrows(UserInputException.class, () -> HfTokenizer.load(missing))
                        .getMessage());
        Path folderWithout = Files.createDirectories(tmp.resolve("folder"));
        assertEquals(
                folderWithout.resolve("tokenizer.json") + ": cannot read the tokenizer (no such file or folder)",
                assertThrows(UserInputException.class, () -> HfTokenizer.load(folderWithout))
                        .getMessage());
    }
}
