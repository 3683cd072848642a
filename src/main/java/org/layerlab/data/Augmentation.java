package org.layerlab.data;

import java.util.Arrays;
import org.layerlab.random.Rng;

/**
 * The standard CIFAR augmentation: a random crop after zero padding (torchvision's
 * {@code RandomCrop(size, padding)}), then a horizontal flip with probability 1/2.
 *
 * <p>A crop is a shift: output pixel {@code (y, x)} is source pixel {@code (y + dy, x + dx)}, or 0
 * where that falls into the padding, with {@code dy, dx} uniform in {@code [-padding, padding]}; a
 * flip then mirrors the columns. Per image the draws are, in order: {@code dy}, {@code dx}, flip, so
 * a seeded {@link Rng} gives the same augmentation whichever copy method is used.
 */
public final class Augmentation {
    private final int padding;
    private final boolean flip;

    public Augmentation(int padding, boolean flip) {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be non-negative, got " + padding);
        }
        this.padding = padding;
        this.flip = flip;
    }

    /** 4-pixel padding crop and horizontal flip, as in the ResNet CIFAR-10 recipe. */
    public static Augmentation cropAndFlip() {
        return new Augmentation(4, true);
    }

    int drawShift(Rng rng) {
        return padding == 0 ? 0 : rng.nextInt(2 * padding + 1) - padding;
    }

    boolean drawFlip(Rng rng) {
        return flip && rng.nextBoolean();
    }

    /**
     * Copies images {@code indices[from .. from+count)} of {@code data} into {@code dest} (uint8 NCHW,
     * {@code count * data.imageBytes()} long), each shifted and maybe flipped by fresh draws.
     */
    public void apply(ImageDataset data, int[] indices, int from, int count, byte[] dest, Rng rng) {
        int bytes = data.imageBytes();
        for (int k = 0; k < count; k++) {
            int dy = drawShift(rng);
            int dx = drawShift(rng);
            boolean f = drawFlip(rng);
            copy(
                    data.pixels(),
                    indices[from + k] * bytes,
                    data.channels(),
                    data.height(),
                    data.width(),
                    dy,
                    dx,
                    f,
                    dest,
                    k * bytes);
        }
    }

    /** One image, shifted by {@code (dy, dx)} with zero fill and then mirrored if {@code flip}. */
    public static void copy(
            byte[] src, int srcOff, int channels, int h, int w, int dy, int dx, boolean flip, byte[] dst, int dstOff) {
        // Output columns [x0, x1) read a source pixel; the rest is padding.
        int x0 = flip ? Math.max(0, dx) : Math.max(0, -dx);
        int x1 = flip ? Math.min(w, w + dx) : Math.min(w, w - dx);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                int o = dstOff + (c * h + y) * w;
                int sy = y + dy;
                if (sy < 0 || sy >= h || x0 >= x1) {
                    Arrays.fill(dst, o, o + w, (byte) 0);
                    continue;
                }
                int row = srcOff + (c * h + sy) * w;
                Arrays.fill(dst, o, o + x0, (byte) 0);
                if (flip) {
                    for (int x = x0; x < x1; x++) {
                        dst[o + x] = src[row + w - 1 - x + dx];
                    }
                } else {
                    System.arraycopy(src, row + x0 + dx, dst, o + x0, x1 - x0);
                }
                Arrays.fill(dst, o + x1, o + w, (byte) 0);
            }
        }
    }
}
