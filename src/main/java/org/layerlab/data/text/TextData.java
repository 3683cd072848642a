package org.layerlab.data.text;

import java.util.Objects;
import org.layerlab.data.LocatedDataset;

/**
 * A text corpus as token ids, split for training and test, with the tokenizer that made them.
 *
 * <p>Each split is one stream of ids in corpus order (for LM1B, its sentences one after another, each
 * framed by the tokenizer's sentence markers); training windows are cut from {@code train}, the test
 * loss is taken over {@code test}. The arrays are the caller's to read; they are not copied.
 *
 * @param train the training split's ids, at least one
 * @param test the test split's ids, at least one
 * @param tokenizer encodes and decodes these ids; store {@code tokenizer.vocabulary()} with a run
 * @param source where the corpus was found (name, folder, origin) and the SHA-256 of each file read
 */
public record TextData(int[] train, int[] test, Tokenizer tokenizer, LocatedDataset source) {
    public TextData {
        Objects.requireNonNull(tokenizer);
        Objects.requireNonNull(source);
        if (train.length == 0 || test.length == 0) {
            throw new IllegalArgumentException("both splits need tokens");
        }
    }

    public Vocabulary vocabulary() {
        return tokenizer.vocabulary();
    }
}
