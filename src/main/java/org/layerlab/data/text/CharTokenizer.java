package org.layerlab.data.text;

import java.util.Arrays;
import org.layerlab.error.UserInputException;

/**
 * A character-level tokenizer, pure Java. As nanoGPT's {@code shakespeare_char/prepare.py} does
 * ({@code chars = sorted(list(set(data)))}), the vocabulary is the sorted distinct characters of the
 * whole corpus and a character's id is its rank.
 *
 * <p>A character is a Unicode code point, as a Python {@code str} counts them, not a Java
 * {@code char}: an emoji or a CJK extension character is one token, never two UTF-16 surrogate
 * halves, and characters sort by code point (so U+1F600 comes after U+FFFD, where UTF-16 order
 * would put it before). For ASCII text such as Tiny Shakespeare the two readings agree.
 */
public final class CharTokenizer implements Tokenizer {
    private final Vocabulary vocabulary;
    /** The vocabulary's code points in id order, so in increasing order: an id is a binary search away. */
    private final int[] codePoints;

    private CharTokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.codePoints = vocabulary.codePoints();
    }

    /**
     * The tokenizer of {@code corpus}: its distinct characters in code point order. The corpus must be
     * well-formed Unicode (text decoded from UTF-8 always is); an unpaired surrogate is not a character.
     */
    public static CharTokenizer fromCorpus(String corpus) {
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("an empty corpus has no characters");
        }
        int[] cps = corpus.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            if (cps[i] >= Character.MIN_SURROGATE && cps[i] <= Character.MAX_SURROGATE) {
                throw new IllegalArgumentException("the corpus holds an unpaired UTF-16 surrogate "
                        + Vocabulary.describe(cps[i]) + " at character " + i + ", which is not a character");
            }
        }
        return new CharTokenizer(Vocabulary.chars(cps));
    }

    /** The tokenizer a saved {@code char} vocabulary describes; it encodes exactly as the one that was saved. */
    public static CharTokenizer of(Vocabulary vocabulary) {
        if (!Vocabulary.CHAR.equals(vocabulary.kind())) {
            throw new IllegalArgumentException("not a char vocabulary: " + vocabulary.describe());
        }
        return new CharTokenizer(vocabulary);
    }

    @Override
    public int[] encode(String text) {
        return encode(text, "text");
    }

    /**
     * As {@link #encode(String)}; a character outside the vocabulary is bad input whose one line starts
     * with {@code source} (a file name) and names the character, its line and column (counted in
     * characters from 1) and its index in the text (counted in characters from 0).
     */
    public int[] encode(String text, String source) {
        int[] ids = new int[text.codePointCount(0, text.length())];
        int line = 1;
        int column = 1;
        for (int i = 0, k = 0; i < text.length(); k++) {
            int cp = text.codePointAt(i);
            int id = Arrays.binarySearch(codePoints, cp);
            if (id < 0) {
                throw new UserInputException(source + ": character " + Vocabulary.describe(cp) + " at line " + line
                        + ", column " + column + " (character " + k + ") is not in " + vocabulary.describe());
            }
            ids[k] = id;
            i += Character.charCount(cp);
            if (cp == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) {
            if (id < 0 || id >= codePoints.length) {
                throw new IllegalArgumentException(
                        "id " + id + " is outside the vocabulary of " + codePoints.length + " characters");
            }
            sb.appendCodePoint(codePoints[id]);
        }
        return sb.toString();
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }
}
