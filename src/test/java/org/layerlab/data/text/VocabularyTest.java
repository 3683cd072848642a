package org.layerlab.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.error.UserInputException;

class VocabularyTest {
    @TempDir
    Path tmp;

    @Test
    void charVocabularyIsTheSortedDistinctCodePoints() {
        // 😀 (U+1F600) sorts after ｚ (U+FF5A) by code point; by UTF-16 units (0xD83D…) it would come first.
        CharTokenizer t = CharTokenizer.fromCorpus("baｚ😀a\n");
        assertEquals(List.of("\n", "a", "b", "ｚ", "😀"), t.vocabulary().symbols());
        assertArrayEquals(new int[] {2, 1, 3, 4, 1, 0}, t.encode("baｚ😀a\n"));
        assertEquals(5, t.size());
    }

    @Test
    void savedAndLoadedVocabulariesAreEqual() {
        Vocabulary chars = CharTokenizer.fromCorpus("hello, world\n").vocabulary();
        Path f = tmp.resolve("v.json");
        chars.save(f);
        assertEquals(chars, Vocabulary.load(f));

        Vocabulary hf = Vocabulary.huggingFace("ab".repeat(32), 32000);
        hf.save(f);
        assertEquals(hf, Vocabulary.load(f));
    }

    @Test
    void equalityDecidesWhetherTheVocabularyIsTheSame() {
        Vocabulary a = CharTokenizer.fromCorpus("abc").vocabulary();
        assertEquals(a, CharTokenizer.fromCorpus("ccba").vocabulary());
        assertNotEquals(a, CharTokenizer.fromCorpus("abcd").vocabulary());
        assertNotEquals(Vocabulary.huggingFace("ab".repeat(32), 10), Vocabulary.huggingFace("cd".repeat(32), 10));
        assertNotEquals(Vocabulary.huggingFace("ab".repeat(32), 10), Vocabulary.huggingFace("ab".repeat(32), 11));
    }

    @Test
    void aDifferentVocabularyIsRefusedNamingTheStoredFileAndTheCharacters() {
        Path stored = tmp.resolve("run/vocabulary.json");
        Vocabulary was = CharTokenizer.fromCorpus("abc").vocabulary();
        Vocabulary.requireSame(was, stored, CharTokenizer.fromCorpus("cba").vocabulary());
        UserInputException e = assertThrows(
                UserInputException.class,
                () -> Vocabulary.requireSame(
                        was, stored, CharTokenizer.fromCorpus("abdé\t").vocabulary()));
        assertEquals(
                stored + ": the run was trained with a char vocabulary of 3 characters, but the data and"
                        + " data.tokenizer now give a char vocabulary of 5 characters (new U+0009, 'd' (U+0064),"
                        + " 'é' (U+00E9); missing 'c' (U+0063)) (token ids would mean other tokens; use the data"
                        + " and data.tokenizer the run was trained with)",
                e.getMessage());
        UserInputException kinds = assertThrows(
                UserInputException.class,
                () -> Vocabulary.requireSame(was, stored, Vocabulary.huggingFace("ab".repeat(32), 3)));
        assertEquals(
                stored + ": the run was trained with a char vocabulary of 3 characters, but the data and"
                        + " data.tokenizer now give the tokenizer.json with SHA-256 abababababab… (3 ids) (token ids"
                        + " would mean other tokens; use the data and data.tokenizer the run was trained with)",
                kinds.getMessage());
    }

    @Test
    void aCharacterOutsideTheVocabularyIsNamedWithItsPosition() {
        CharTokenizer t = CharTokenizer.fromCorpus("ab\n");
        UserInputException e = assertThrows(UserInputException.class, () -> t.encode("ab\nba\nbé", "corpus.txt"));
        assertEquals(
                "corpus.txt: character 'é' (U+00E9) at line 3, column 2 (character 7) is not in a char vocabulary"
                        + " of 3 characters",
                e.getMessage());
        // Positions count code points: the emoji before it is one character, not two.
        CharTokenizer e2 = CharTokenizer.fromCorpus("😀a");
        UserInputException e3 = assertThrows(UserInputException.class, () -> e2.encode("😀ab"));
        assertEquals(
                "text: character 'b' (U+0062) at line 1, column 3 (character 2) is not in a char vocabulary of 2"
                        + " characters",
                e3.getMessage());
    }

    @Test
    void tamperedOrForeignFilesAreBadInputNamingTheFile() throws IOException {
        Path f = tmp.resolve("vocabulary.json");
        String[][] cases = {
            {"{\"kind\": \"char\", \"size\": 2, \"symbols\": [\"a\"", "not a vocabulary file (JSON error at line 1"},
            {"[1, 2]", "not a valid vocabulary file (expected a JSON object)"},
            {"{\"kind\": \"char\", \"size\": 3, \"symbols\": [\"a\", \"b\"]}", "size 3 but 2 characters are listed"},
            {"{\"kind\": \"char\", \"size\": 2, \"symbols\": [\"b\", \"a\"]}", "increasing code point order"},
            {"{\"kind\": \"char\", \"size\": 1, \"symbols\": [\"ab\"]}", "each symbol is one character"},
            {"{\"kind\": \"char\", \"size\": 1, \"symbols\": [\"\\ud800\"]}", "half of a UTF-16 pair"},
            {"{\"kind\": \"bpe\", \"size\": 1}", "kind must be char or hf, got 'bpe'"},
            {"{\"kind\": \"hf\", \"size\": 5, \"tokenizer_sha256\": \"xyz\"}", "tokenizer_sha256 must be 64"},
            {"{\"kind\": \"hf\", \"size\": 0, \"tokenizer_sha256\": \"" + "ab".repeat(32) + "\"}", "at least one id"},
            {"{\"kind\": \"hf\", \"size\": 5, \"extra\": 1}", "unknown field 'extra'"},
        };
        for (String[] c : cases) {
            Files.writeString(f, c[0], StandardCharsets.UTF_8);
            UserInputException e = assertThrows(UserInputException.class, () -> Vocabulary.load(f), c[0]);
            assertEquals(true, e.getMessage().startsWith(f + ": not a"), e.getMessage());
            assertEquals(true, e.getMessage().contains(c[1]), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
        UserInputException missing =
                assertThrows(UserInputException.class, () -> Vocabulary.load(tmp.resolve("absent.json")));
        assertEquals(tmp.resolve("absent.json") + ": cannot read (no such file or folder)", missing.getMessage());
    }
}
