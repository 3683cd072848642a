package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.layerlab.random.Rng;
import org.layerlab.train.BatchSource;

/** Moves one batch from a {@link BatchSource} onto the device. */
final class Batches {
    private final BatchSource source;
    private final float[] buffer;
    private final long[] labelBuffer;
    private final int maxBatch;

    Batches(BatchSource source, int maxBatch) {
        this.source = source;
        this.maxBatch = maxBatch;
        this.buffer = new float[maxBatch * source.exampleSize()];
        this.labelBuffer = new long[maxBatch];
    }

    NDArray images(NDManager m, int[] indices, int from, int count, Rng augment) {
        if (count > maxBatch) {
            throw new IllegalArgumentException("batch of " + count + " > " + maxBatch);
        }
        source.fill(indices, from, count, buffer, augment);
        int[] ex = source.exampleShape();
        long[] shape = new long[ex.length + 1];
        shape[0] = count;
        for (int i = 0; i < ex.length; i++) {
            shape[i + 1] = ex[i];
        }
        return m.create(java.nio.FloatBuffer.wrap(buffer, 0, count * source.exampleSize()), new Shape(shape));
    }

    NDArray labels(NDManager m, int[] indices, int from, int count) {
        for (int i = 0; i < count; i++) {
            labelBuffer[i] = source.label(indices[from + i]);
        }
        return m.create(java.nio.LongBuffer.wrap(labelBuffer, 0, count), new Shape(count));
    }

    static int[] identity(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
