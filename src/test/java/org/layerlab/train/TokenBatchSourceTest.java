package org.layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.layerlab.error.UserInputException;

class TokenBatchSourceTest {
    /** Token i has id i, so windows can be read off their values. */
    private static final int[] TOKENS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    private static long[][] window(BatchSource s, int index) {
        BatchBuffers b = new BatchBuffers(s, 1);
        s.fill(new int[] {index}, 0, 1, b, null);
        return new long[][] {b.tokens(), b.targets()};
    }

    @Test
    void trainingWindowsStartAtEveryPositionAndPredictTheNextToken() {
        TokenBatchSource s = TokenBatchSource.training(TOKENS, 3, 10);
        // 10 tokens, windows of 3 inputs and 3 targets: starts 0..6.
        assertEquals(7, s.size());
        assertArrayEquals(new int[] {3}, s.exampleShape());
        assertEquals(3, s.targetsPerExample());
        assertEquals(BatchSource.Inputs.TOKENS, s.inputs());
        long[][] w = window(s, 6);
        assertArrayEquals(new long[] {6, 7, 8}, w[0]);
        assertArrayEquals(new long[] {7, 8, 9}, w[1]);
    }

    @Test
    void testWindowsAreConsecutiveAndDoNotOverlap() {
        TokenBatchSource s = TokenBatchSource.test(TOKENS, 3, 10);
        // Targets 1..9 in windows of 3: (1,2,3), (4,5,6), (7,8,9); every token but the first predicted once.
        assertEquals(3, s.size());
        long[] predicted = new long[0];
        for (int k = 0; k < s.size(); k++) {
            long[][] w = window(s, k);
            assertArrayEquals(new long[] {3L * k, 3L * k + 1, 3L * k + 2}, w[0]);
            predicted = concat(predicted, w[1]);
        }
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, predicted);
        // One token short of a third window: the tail is not predicted.
        assertEquals(2, TokenBatchSource.test(Arrays.copyOf(TOKENS, 9), 3, 10).size());
    }

    @Test
    void aContextLongerThanTheSplitIsBadInput() {
        UserInputException e =
                assertThrows(UserInputException.class, () -> TokenBatchSource.test(new int[] {1, 2, 3}, 3, 10));
        assertTrue(
                e.getMessage()
                        .startsWith("model.context: 3 tokens need a test split of at least 4 tokens, but it has 3"),
                e.getMessage());
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
