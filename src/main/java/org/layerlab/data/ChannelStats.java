package org.layerlab.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of pixel/255 over a training split, for standardization.
 * Arrays are copied in and out, so a record stays a value.
 */
public record ChannelStats(float[] mean, float[] std) {

    public ChannelStats {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need one entry per channel");
        }
        mean = mean.clone();
        std = std.clone();
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
        }
    }

    /**
     * Exact statistics via a 256-bin histogram per channel (the population std). A constant channel
     * gets std 1 rather than 0, since dividing by zero would turn it into NaN.
     */
    public static ChannelStats of(ImageDataset train) {
        int c = train.channels();
        int plane = train.height() * train.width();
        long[][] hist = new long[c][256];
        byte[] px = train.pixels();
        for (int img = 0, off = 0; img < train.size(); img++) {
            for (int ch = 0; ch < c; ch++) {
                long[] h = hist[ch];
                for (int end = off + plane; off < end; off++) {
                    h[px[off] & 0xff]++;
                }
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double n = 0;
            double sum = 0;
            double sumSq = 0;
            for (int v = 0; v < 256; v++) {
                double x = v / 255.0;
                n += hist[ch][v];
                sum += hist[ch][v] * x;
                sumSq += hist[ch][v] * x * x;
            }
            double m = n == 0 ? 0 : sum / n;
            double var = n == 0 ? 0 : Math.max(0, sumSq / n - m * m);
            mean[ch] = (float) m;
            std[ch] = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
        }
        return new ChannelStats(mean, std);
    }

    public int channels() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelStats s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ChannelStats[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
