package org.layerlab.train;

import org.layerlab.random.Rng;

/**
 * Examples by index, turned into the float input the network sees. Training asks for shuffled
 * indices; evaluation asks for them in order.
 */
public interface BatchSource {

    int size();

    /** Per-example input shape, e.g. {1, 28, 28}. */
    int[] exampleShape();

    int numClasses();

    int label(int index);

    /**
     * Writes examples {@code indices[from .. from+count)} into {@code dst} (count × example size
     * floats), normalized; augmented with {@code augment} when it is not null.
     */
    void fill(int[] indices, int from, int count, float[] dst, Rng augment);

    default int exampleSize() {
        int n = 1;
        for (int d : exampleShape()) {
            n *= d;
        }
        return n;
    }
}
