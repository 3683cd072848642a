package org.layerlab.train;

import org.layerlab.data.Augmentation;
import org.layerlab.data.BatchAssembler;
import org.layerlab.data.ImageDataset;
import org.layerlab.data.Normalization;
import org.layerlab.random.Rng;

/**
 * An image dataset as network input, through the data package's batch assembler. Without
 * augmentation every epoch asks for the same floats, so a dataset that fits in {@link #MAX_FLOAT_COPY}
 * bytes is normalized once and batches become plain copies (on the FCN this was a tenth of a step).
 */
public final class ImageBatchSource implements BatchSource {
    static final long MAX_FLOAT_COPY = 1L << 30;

    private final ImageDataset data;
    private final BatchAssembler assembler;
    private final int[] shape;
    private final float[] normalized;

    /** {@code augment}: the standard crop-and-flip (training only). */
    public ImageBatchSource(ImageDataset data, Normalization normalization, boolean augment) {
        this.data = data;
        this.assembler = new BatchAssembler(data, normalization, augment ? Augmentation.cropAndFlip() : null);
        this.shape = new int[] {data.channels(), data.height(), data.width()};
        long floats = (long) data.size() * data.imageBytes();
        if (!augment && floats * Float.BYTES <= MAX_FLOAT_COPY) {
            normalized = new float[(int) floats];
            int[] all = new int[data.size()];
            java.util.Arrays.setAll(all, i -> i);
            assembler.fill(all, 0, all.length, normalized, null);
        } else {
            normalized = null;
        }
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

    /** The class of example {@code index}. */
    public int label(int index) {
        return data.labels()[index];
    }

    @Override
    public void fill(int[] indices, int from, int count, BatchBuffers dst, Rng augment) {
        long[] targets = dst.targets();
        for (int k = 0; k < count; k++) {
            targets[k] = data.labels()[indices[from + k]];
        }
        float[] pixels = dst.pixels();
        if (normalized == null) {
            assembler.fill(indices, from, count, pixels, augment);
            return;
        }
        int n = data.imageBytes();
        for (int k = 0; k < count; k++) {
            System.arraycopy(normalized, indices[from + k] * n, pixels, k * n, n);
        }
    }
}
