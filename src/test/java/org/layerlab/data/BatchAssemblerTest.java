package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.random.Rng;
import org.layerlab.random.Seeds;
import org.layerlab.testing.ImageFixtures;

class BatchAssemblerTest {
    @Test
    void scalingDividesBy255AndLabelsFollowTheIndices() {
        ImageDataset d = new ImageDataset(
                "t",
                1,
                1,
                2,
                new byte[] {0, (byte) 255, 51, 102},
                new int[] {4, 7},
                List.of("0", "1", "2", "3", "4", "5", "6", "7"));
        BatchAssembler b = new BatchAssembler(d, Normalization.scale(1), null);
        float[] x = new float[4];
        b.fill(new int[] {1, 0}, 0, 2, x, null);
        assertArrayEquals(new float[] {0.2f, 0.4f, 0f, 1f}, x, 1e-7f);
        int[] y = new int[2];
        b.fillLabels(new int[] {1, 0}, 0, 2, y);
        assertArrayEquals(new int[] {7, 4}, y);
    }

    @Test
    void channelStatsAreExactAndConstantChannelsGetUnitStd() {
        byte[] px = {0, (byte) 255, 7, 7}; // one image, 2 channels of 1x2
        ChannelStats s = ChannelStats.of(new ImageDataset("t", 2, 1, 2, px, new int[] {0}, List.of("a")));
        assertArrayEquals(new float[] {0.5f, 7 / 255f}, s.mean(), 1e-7f);
        assertArrayEquals(new float[] {0.5f, 1f}, s.std(), 1e-7f);
        assertEquals(s, new ChannelStats(s.mean(), s.std()));
        assertThrows(IllegalArgumentException.class, () -> new ChannelStats(new float[] {0}, new float[] {0}));
    }

    @Test
    void augmentationIsDeterministicGivenTheSeed() {
        ImageDataset d = ImageFixtures.random(3, 64, 3, 32, 32);
        BatchAssembler b = new BatchAssembler(d, Normalization.scale(3), Augmentation.cropAndFlip());
        int[] idx = new Rng(1).permutation(64);
        float[] first = new float[32 * d.imageBytes()];
        float[] again = new float[first.length];
        float[] other = new float[first.length];
        b.fill(idx, 8, 32, first, Seeds.rng(7, Seeds.AUGMENT, "epoch", "0"));
        b.fill(idx, 8, 32, again, Seeds.rng(7, Seeds.AUGMENT, "epoch", "0"));
        b.fill(idx, 8, 32, other, Seeds.rng(7, Seeds.AUGMENT, "epoch", "1"));
        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, other));
    }

    /** Prints the per-batch cost of the hot path; the assertion only guards against a gross regression. */
    @Test
    void assemblingACifarBatchIsCheap() {
        ImageDataset d = ImageFixtures.random(5, 1024, 3, 32, 32);
        BatchAssembler b =
                new BatchAssembler(d, Normalization.standardize(ChannelStats.of(d)), Augmentation.cropAndFlip());
        int[] idx = new Rng(2).permutation(1024);
        float[] x = new float[128 * d.imageBytes()];
        Rng rng = new Rng(9);
        for (int i = 0; i < 200; i++) {
            b.fill(idx, (i % 8) * 128, 128, x, rng);
        }
        long t0 = System.nanoTime();
        int batches = 400;
        for (int i = 0; i < batches; i++) {
            b.fill(idx, (i % 8) * 128, 128, x, rng);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / batches;
        System.out.printf("BatchAssembler: %.3f ms per 128-image 3x32x32 batch with crop+flip+standardize%n", ms);
        assertTrue(ms < 50, "a batch took " + ms + " ms");
    }
}
