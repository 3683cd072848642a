package org.layerlab.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The character tokenizer on any well-formed Unicode text, ASCII, other BMP and supplementary characters. */
class CharTokenizerPropertiesTest {

    /** Any Unicode scalar value: code points without the surrogate range, weighted towards text-like ones. */
    private static Arbitrary<Integer> codePoints() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, 0x7f)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, Character.MIN_SURROGATE - 1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(Character.MAX_SURROGATE + 1, 0xffff)),
                net.jqwik.api.Tuple.of(
                        2,
                        Arbitraries.integers()
                                .between(Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT)));
    }

    @Provide
    Arbitrary<String> texts() {
        return codePoints().list().ofMinSize(1).ofMaxSize(200).map(CharTokenizerPropertiesTest::string);
    }

    private static String string(List<Integer> cps) {
        StringBuilder sb = new StringBuilder();
        cps.forEach(sb::appendCodePoint);
        return sb.toString();
    }

    @Property(tries = 300)
    void decodingTheEncodingGivesTheTextBack(@ForAll("texts") String corpus, @ForAll("texts") String more) {
        CharTokenizer t = CharTokenizer.fromCorpus(corpus + more);
        assertEquals(corpus, t.decode(t.encode(corpus)));
        assertEquals(more, t.decode(t.encode(more)));
    }

    /** One id per code point (not per UTF-16 char), ids 0..V-1 in code point order, V = distinct code points. */
    @Property(tries = 300)
    void idsAreCodePointRanks(@ForAll("texts") String corpus) {
        CharTokenizer t = CharTokenizer.fromCorpus(corpus);
        int[] cps = corpus.codePoints().toArray();
        int[] ids = t.encode(corpus);
        assertEquals(cps.length, ids.length);
        assertEquals(corpus.codePoints().distinct().count(), t.size());
        for (int i = 0; i < cps.length; i++) {
            assertTrue(ids[i] >= 0 && ids[i] < t.size());
            for (int j = 0; j < cps.length; j++) {
                assertEquals(Integer.compare(cps[i], cps[j]), Integer.compare(ids[i], ids[j]));
            }
        }
    }

    /** A tokenizer rebuilt from its saved vocabulary file is the same tokenizer. */
    @Property(tries = 100)
    void aSavedVocabularyRebuildsTheSameTokenizer(@ForAll("texts") String corpus, @ForAll("texts") String probe) {
        CharTokenizer t = CharTokenizer.fromCorpus(corpus + probe);
        Vocabulary back;
        try {
            Path dir = Files.createTempDirectory("vocab");
            Path file = dir.resolve("vocabulary.json");
            t.vocabulary().save(file);
            String json = Files.readString(file);
            assertTrue(json.chars().allMatch(c -> c < 0x80), "the file is ASCII: " + json);
            back = Vocabulary.load(file);
            Files.delete(file);
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(t.vocabulary(), back);
        assertArrayEquals(t.encode(probe), CharTokenizer.of(back).encode(probe));
    }
}
