package org.layerlab.train;

import org.layerlab.error.UserInputException;
import org.layerlab.random.Rng;

/**
 * A token stream as windows for a language model: example i is {@code context} tokens as input and the
 * same window shifted by one as targets (the next token at every position).
 *
 * <p>For training every start position is an example, and a step draws its windows at random
 * (TrainingPlan). For testing the split is cut into fixed, non-overlapping windows from its start, so a
 * test loss is the mean over a fixed set of predictions, exact and reproducible; the tokens after the
 * last whole window are not predicted.
 */
public final class TokenBatchSource implements BatchSource {
    private final int[] tokens;
    private final int context;
    private final int vocabulary;
    private final int stride;
    private final int windows;

    private TokenBatchSource(int[] tokens, int context, int vocabulary, int stride, int windows) {
        this.tokens = tokens;
        this.context = context;
        this.vocabulary = vocabulary;
        this.stride = stride;
        this.windows = windows;
    }

    /** Every window of the split, one per start position. */
    public static TokenBatchSource training(int[] tokens, int context, int vocabulary) {
        return new TokenBatchSource(tokens, context, vocabulary, 1, windowsOf(tokens, context, 1, "training"));
    }

    /** The split cut into consecutive, non-overlapping windows. */
    public static TokenBatchSource test(int[] tokens, int context, int vocabulary) {
        return new TokenBatchSource(tokens, context, vocabulary, context, windowsOf(tokens, context, context, "test"));
    }

    private static int windowsOf(int[] tokens, int context, int stride, String split) {
        // A window needs context + 1 tokens: its inputs and, shifted by one, its targets.
        int n = tokens.length - context;
        if (n < 1) {
            throw new UserInputException(
                    "model.context: " + context + " tokens need a " + split + " split of at least " + (context + 1)
                            + " tokens, but it has " + tokens.length + " (lower model.context, or use more text)");
        }
        return stride == 1 ? n : (tokens.length - 1) / context;
    }

    @Override
    public int size() {
        return windows;
    }

    @Override
    public int[] exampleShape() {
        return new int[] {context};
    }

    @Override
    public int numClasses() {
        return vocabulary;
    }

    @Override
    public Inputs inputs() {
        return Inputs.TOKENS;
    }

    @Override
    public int targetsPerExample() {
        return context;
    }

    @Override
    public void fill(int[] indices, int from, int count, BatchBuffers dst, Rng augment) {
        long[] in = dst.tokens();
        long[] out = dst.targets();
        for (int k = 0; k < count; k++) {
            int start = indices[from + k] * stride;
            for (int t = 0; t < context; t++) {
                in[k * context + t] = tokens[start + t];
                out[k * context + t] = tokens[start + t + 1];
            }
        }
    }
}
