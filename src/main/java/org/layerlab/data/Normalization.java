package org.layerlab.data;

/**
 * How a uint8 pixel becomes a float: plain {@code x/255}, or standardized {@code (x/255 - mean)/std}
 * per channel. Kept as a 256-entry table per channel, so batch assembly is a lookup per pixel.
 */
public final class Normalization {
    private final int channels;
    private final float[] table;

    private Normalization(int channels, float[] table) {
        this.channels = channels;
        this.table = table;
    }

    /** {@code x/255}, into [0, 1]. */
    public static Normalization scale(int channels) {
        float[] t = new float[channels * 256];
        for (int c = 0; c < channels; c++) {
            for (int v = 0; v < 256; v++) {
                t[c * 256 + v] = v / 255f;
            }
        }
        return new Normalization(channels, t);
    }

    /** {@code (x/255 - mean[c]) / std[c]}. */
    public static Normalization standardize(ChannelStats stats) {
        float[] mean = stats.mean();
        float[] std = stats.std();
        int channels = mean.length;
        float[] t = new float[channels * 256];
        for (int c = 0; c < channels; c++) {
            for (int v = 0; v < 256; v++) {
                t[c * 256 + v] = (float) ((v / 255.0 - mean[c]) / std[c]);
            }
        }
        return new Normalization(channels, t);
    }

    public int channels() {
        return channels;
    }

    public float apply(int channel, int pixel) {
        return table[channel * 256 + (pixel & 0xff)];
    }

    /** The lookup table, {@code [channel * 256 + pixel]}; shared, not copied, for the batch loop. */
    float[] table() {
        return table;
    }
}
