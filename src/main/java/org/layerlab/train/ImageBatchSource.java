package org.layerlab.train;

import org.layerlab.data.ImageDataset;
import org.layerlab.random.Rng;

/**
 * An image dataset as network input: (pixel/255 − mean_c) / std_c per channel, optionally with the
 * standard CIFAR augmentation (random crop after 4-pixel zero padding, horizontal flip).
 */
public final class ImageBatchSource implements BatchSource {
    private static final int PAD = 4;

    private final ImageDataset data;
    private final float[] scale;
    private final float[] shift;
    private final int[] shape;
    private final boolean augment;

    /**
     * @param mean per-channel mean of pixel/255 to subtract (zeros for plain scaling)
     * @param std per-channel standard deviation to divide by (ones for plain scaling)
     */
    public ImageBatchSource(ImageDataset data, float[] mean, float[] std, boolean augment) {
        this.data = data;
        this.augment = augment;
        int c = data.channels();
        if (mean.length != c || std.length != c) {
            throw new IllegalArgumentException("normalization has " + mean.length + " channels, data has " + c);
        }
        scale = new float[c];
        shift = new float[c];
        for (int i = 0; i < c; i++) {
            scale[i] = 1f / (255f * std[i]);
            shift[i] = -mean[i] / std[i];
        }
        shape = new int[] {c, data.height(), data.width()};
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int[] exampleShape() {
        return shape.clone();
    }

    @Override
    public int numClasses() {
        return data.numClasses();
    }

    @Override
    public int label(int index) {
        return data.labels()[index];
    }

    @Override
    public void fill(int[] indices, int from, int count, float[] dst, Rng rng) {
        byte[] px = data.pixels();
        int c = data.channels();
        int h = data.height();
        int w = data.width();
        int plane = h * w;
        int ex = c * plane;
        for (int b = 0; b < count; b++) {
            int src = indices[from + b] * ex;
            int out = b * ex;
            if (rng == null || !augment) {
                for (int ch = 0; ch < c; ch++) {
                    float s = scale[ch];
                    float t = shift[ch];
                    int base = ch * plane;
                    for (int i = 0; i < plane; i++) {
                        dst[out + base + i] = (px[src + base + i] & 0xff) * s + t;
                    }
                }
            } else {
                int dy = rng.nextInt(2 * PAD + 1) - PAD;
                int dx = rng.nextInt(2 * PAD + 1) - PAD;
                boolean flip = rng.nextBoolean();
                for (int ch = 0; ch < c; ch++) {
                    float s = scale[ch];
                    float t = shift[ch];
                    int base = ch * plane;
                    for (int y = 0; y < h; y++) {
                        int sy = y + dy;
                        for (int x = 0; x < w; x++) {
                            int sx = (flip ? w - 1 - x : x) + dx;
                            // Zero padding is zero in pixel space, i.e. black before normalization.
                            int v = sy < 0 || sy >= h || sx < 0 || sx >= w ? 0 : px[src + base + sy * w + sx] & 0xff;
                            dst[out + base + y * w + x] = v * s + t;
                        }
                    }
                }
            }
        }
    }
}
