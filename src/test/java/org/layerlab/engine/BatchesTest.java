package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.testing.ArrayBatchSource;

class BatchesTest {
    private static final ArrayBatchSource SEVEN = ArrayBatchSource.random(7, new int[] {1, 2, 2}, 3, 5);

    /** Batch sizes seen by forEach, and every label in order, for a batch size over the identity order. */
    private static List<Integer> batchSizes(int batchSize, List<Long> labels) {
        List<Integer> sizes = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            new Batches(SEVEN, batchSize).forEach(m, Batches.identity(SEVEN.size()), null, (x, y, count) -> {
                assertEquals(count, x.getShape().get(0));
                for (long l : y.toLongArray()) {
                    labels.add(l);
                }
                sizes.add(count);
            });
        }
        return sizes;
    }

    @Test
    void buffersHoldAtMostTheWholeSplit() {
        assertEquals(7, new Batches(SEVEN, 2_000_000_000).capacity());
        assertEquals(7, new Batches(SEVEN, Integer.MAX_VALUE).capacity());
        assertEquals(3, new Batches(SEVEN, 3).capacity());
    }

    @Test
    void aBatchSizeBeyondTheSplitGivesOneBatchOfEverything() {
        List<Long> labels = new ArrayList<>();
        assertEquals(List.of(7), batchSizes(Integer.MAX_VALUE, labels));
        long[] expected = new long[7];
        for (int i = 0; i < 7; i++) {
            expected[i] = SEVEN.label(i);
        }
        assertArrayEquals(expected, labels.stream().mapToLong(Long::longValue).toArray());
    }

    @Test
    void smallerBatchesCoverTheOrderOnce() {
        List<Long> labels = new ArrayList<>();
        assertEquals(List.of(3, 3, 1), batchSizes(3, labels));
        assertEquals(7, labels.size());
    }
}
