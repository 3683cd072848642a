package org.layerlab.data;

import java.util.Arrays;
import org.layerlab.random.Rng;

/**
 * Turns a training batch, given as positions in a shuffled index array, into the float NCHW input of
 * the network: augmentation (if any) and scaling or standardization in one pass over the bytes.
 *
 * <p>Called once per training batch, so it allocates nothing: the caller owns the destination
 * arrays and reuses them; each pixel costs one table lookup.
 */
public final class BatchAssembler {
    private final ImageDataset data;
    private final float[] table;
    private final Augmentation augmentation;

    /** {@code augmentation} may be null for none (evaluation). */
    public BatchAssembler(ImageDataset data, Normalization normalization, Augmentation augmentation) {
        if (normalization.channels() != data.channels()) {
            throw new IllegalArgumentException(
                    data.name() + " has " + data.channels() + " channels, normalization " + normalization.channels());
        }
        this.data = data;
        this.table = normalization.table();
        this.augmentation = augmentation;
    }

    /**
     * Fills {@code dest[0 .. count * imageBytes)} with images {@code indices[from .. from+count)};
     * {@code rng} supplies the augmentation draws and may be null when there is no augmentation.
     */
    public void fill(int[] indices, int from, int count, float[] dest, Rng rng) {
        int c = data.channels();
        int h = data.height();
        int w = data.width();
        int bytes = data.imageBytes();
        byte[] px = data.pixels();
        for (int k = 0; k < count; k++) {
            int dy = 0;
            int dx = 0;
            boolean flip = false;
            if (augmentation != null) {
                dy = augmentation.drawShift(rng);
                dx = augmentation.drawShift(rng);
                flip = augmentation.drawFlip(rng);
            }
            int src = indices[from + k] * bytes;
            int dst = k * bytes;
            int x0 = flip ? Math.max(0, dx) : Math.max(0, -dx);
            int x1 = flip ? Math.min(w, w + dx) : Math.min(w, w - dx);
            for (int ch = 0; ch < c; ch++) {
                int t = ch * 256;
                float pad = table[t];
                for (int y = 0; y < h; y++) {
                    int o = dst + (ch * h + y) * w;
                    int sy = y + dy;
                    if (sy < 0 || sy >= h || x0 >= x1) {
                        Arrays.fill(dest, o, o + w, pad);
                        continue;
                    }
                    int row = src + (ch * h + sy) * w;
                    Arrays.fill(dest, o, o + x0, pad);
                    if (flip) {
                        for (int x = x0, s = row + w - 1 - x0 + dx; x < x1; x++, s--) {
                            dest[o + x] = table[t + (px[s] & 0xff)];
                        }
                    } else {
                        for (int x = x0, s = row + x0 + dx; x < x1; x++, s++) {
                            dest[o + x] = table[t + (px[s] & 0xff)];
                        }
                    }
                    Arrays.fill(dest, o + x1, o + w, pad);
                }
            }
        }
    }

    /** Labels of the same images, into {@code dest[0 .. count)}. */
    public void fillLabels(int[] indices, int from, int count, int[] dest) {
        int[] labels = data.labels();
        for (int k = 0; k < count; k++) {
            dest[k] = labels[indices[from + k]];
        }
    }
}
