package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.layerlab.testing.ImageFixtures.random;

import java.util.Arrays;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.layerlab.random.Rng;

class AugmentationPropertiesTest {
    @Property
    void flipTwiceIsIdentity(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 12) int h,
            @ForAll @IntRange(min = 1, max = 12) int w) {
        byte[] img = random(seed, 1, c, h, w).pixels();
        byte[] once = new byte[img.length];
        byte[] twice = new byte[img.length];
        Augmentation.copy(img, 0, c, h, w, 0, 0, true, once, 0);
        Augmentation.copy(once, 0, c, h, w, 0, 0, true, twice, 0);
        assertArrayEquals(img, twice);
    }

    @Property
    void cropWithZeroOffsetIsIdentity(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 12) int h,
            @ForAll @IntRange(min = 1, max = 12) int w) {
        byte[] img = random(seed, 1, c, h, w).pixels();
        byte[] out = new byte[img.length + 5];
        Augmentation.copy(img, 0, c, h, w, 0, 0, false, out, 5);
        assertArrayEquals(img, Arrays.copyOfRange(out, 5, out.length));
    }

    @Property
    void cropIsAShiftWithZeroPaddingThenAMirror(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 10) int h,
            @ForAll @IntRange(min = 1, max = 10) int w,
            @ForAll @IntRange(min = -4, max = 4) int dy,
            @ForAll @IntRange(min = -4, max = 4) int dx,
            @ForAll boolean flip) {
        int c = 2;
        byte[] img = random(seed, 1, c, h, w).pixels();
        byte[] out = new byte[img.length];
        Augmentation.copy(img, 0, c, h, w, dy, dx, flip, out, 0);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sy = y + dy;
                    int sx = (flip ? w - 1 - x : x) + dx;
                    byte want = sy < 0 || sy >= h || sx < 0 || sx >= w ? 0 : img[(ch * h + sy) * w + sx];
                    assertEquals(want, out[(ch * h + y) * w + x], "at " + ch + "," + y + "," + x);
                }
            }
        }
    }

    /** The float batch path draws and shifts exactly as the uint8 path does, then looks values up. */
    @Property(tries = 50)
    void floatBatchEqualsAugmentedBytesNormalized(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 9) int h,
            @ForAll @IntRange(min = 1, max = 9) int w) {
        ImageDataset d = random(seed, 7, c, h, w);
        int[] idx = {6, 2, 2, 0, 5};
        Normalization norm = Normalization.standardize(ChannelStats.of(d));
        Augmentation aug = Augmentation.cropAndFlip();
        byte[] bytes = new byte[4 * d.imageBytes()];
        aug.apply(d, idx, 1, 4, bytes, new Rng(seed));
        float[] floats = new float[4 * d.imageBytes() + 3];
        Arrays.fill(floats, Float.NaN);
        new BatchAssembler(d, norm, aug).fill(idx, 1, 4, floats, new Rng(seed));
        int plane = h * w;
        for (int i = 0; i < bytes.length; i++) {
            assertEquals(norm.apply((i / plane) % c, bytes[i]), floats[i], 0f, "element " + i);
        }
        assertEquals(Float.NaN, floats[floats.length - 1], "nothing written past the batch");
    }

    @Property(tries = 50)
    void standardizedTrainingDataHasMeanZeroAndStdOne(
            @ForAll long seed,
            @ForAll @IntRange(min = 2, max = 30) int n,
            @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 6) int h,
            @ForAll @IntRange(min = 1, max = 6) int w) {
        ImageDataset d = random(seed, n, c, h, w);
        int[] all = IntStream.range(0, n).toArray();
        float[] x = new float[n * d.imageBytes()];
        new BatchAssembler(d, Normalization.standardize(ChannelStats.of(d)), null).fill(all, 0, n, x, null);
        int plane = h * w;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            double sumSq = 0;
            int count = 0;
            boolean constant = true;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < plane; p++) {
                    int at = (i * c + ch) * plane + p;
                    double v = x[at];
                    sum += v;
                    sumSq += v * v;
                    count++;
                    constant &= d.pixels()[at] == d.pixels()[ch * plane];
                }
            }
            double mean = sum / count;
            double std = Math.sqrt(Math.max(0, sumSq / count - mean * mean));
            assertEquals(0, mean, 1e-4, "mean of channel " + ch);
            assertEquals(constant ? 0 : 1, std, 1e-3, "std of channel " + ch);
        }
    }
}
