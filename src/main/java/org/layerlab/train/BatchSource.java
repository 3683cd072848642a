package org.layerlab.train;

import org.layerlab.random.Rng;

/**
 * Examples by index, turned into what the network sees: pixels (float) for an image classifier, token
 * ids for a language model, with their targets (one class per image, the next token at every position
 * of a text window). Training asks for examples in its own order; evaluation asks for them in order.
 */
public interface BatchSource {

    /** What an example's input is. */
    enum Inputs {
        /** float32 values, e.g. an image's normalized pixels. */
        PIXELS,
        /** int64 token ids. */
        TOKENS
    }

    int size();

    /** Per-example input shape, e.g. {1, 28, 28} for an image or {256} for a text window. */
    int[] exampleShape();

    /** Classes of a classifier, or the vocabulary size of a language model. */
    int numClasses();

    default Inputs inputs() {
        return Inputs.PIXELS;
    }

    /** Targets per example: 1 (a class) or the window length (one next token per position). */
    default int targetsPerExample() {
        return 1;
    }

    /**
     * Writes examples {@code indices[from .. from+count)} into {@code dst}: their inputs (count × example
     * size values, normalized; augmented with {@code augment} when it is not null) and their targets.
     */
    void fill(int[] indices, int from, int count, BatchBuffers dst, Rng augment);

    default int exampleSize() {
        int n = 1;
        for (int d : exampleShape()) {
            n *= d;
        }
        return n;
    }
}
