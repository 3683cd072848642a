package org.layerlab.testing;

import org.layerlab.random.Rng;
import org.layerlab.train.BatchBuffers;
import org.layerlab.train.BatchSource;

/** Examples held as plain floats in memory, for tests that need data without a dataset on disk. */
public final class ArrayBatchSource implements BatchSource {
    private final int[] shape;
    private final float[][] examples;
    private final int[] labels;
    private final int classes;

    public ArrayBatchSource(int[] exampleShape, float[][] examples, int[] labels, int classes) {
        this.shape = exampleShape.clone();
        this.examples = examples;
        this.labels = labels;
        this.classes = classes;
        for (float[] e : examples) {
            if (e.length != exampleSize()) {
                throw new IllegalArgumentException("example of " + e.length + " floats, shape needs " + exampleSize());
            }
        }
        if (labels.length != examples.length) {
            throw new IllegalArgumentException(examples.length + " examples, " + labels.length + " labels");
        }
    }

    /**
     * {@code n} examples with values uniform in [-1, 1) and the label 1 when the first half of the
     * values sums to more than the second half: a rule a small network learns in a few epochs.
     */
    public static ArrayBatchSource halves(int n, int[] shape, long seed) {
        Rng rng = new Rng(seed);
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        float[][] x = new float[n][size];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double diff = 0;
            for (int j = 0; j < size; j++) {
                x[i][j] = (float) rng.uniform(-1, 1);
                diff += j < size / 2 ? x[i][j] : -x[i][j];
            }
            y[i] = diff > 0 ? 1 : 0;
        }
        return new ArrayBatchSource(shape, x, y, 2);
    }

    /** {@code n} examples with values uniform in [-1, 1) and labels drawn at random. */
    public static ArrayBatchSource random(int n, int[] shape, int classes, long seed) {
        Rng rng = new Rng(seed);
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        float[][] x = new float[n][size];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < size; j++) {
                x[i][j] = (float) rng.uniform(-1, 1);
            }
            y[i] = rng.nextInt(classes);
        }
        return new ArrayBatchSource(shape, x, y, classes);
    }

    @Override
    public int size() {
        return examples.length;
    }

    @Override
    public int[] exampleShape() {
        return shape.clone();
    }

    @Override
    public int numClasses() {
        return classes;
    }

    /** Example {@code index}'s values (a copy). */
    public float[] example(int index) {
        return examples[index].clone();
    }

    public int label(int index) {
        return labels[index];
    }

    @Override
    public void fill(int[] indices, int from, int count, BatchBuffers dst, Rng augment) {
        int size = exampleSize();
        for (int b = 0; b < count; b++) {
            System.arraycopy(examples[indices[from + b]], 0, dst.pixels(), b * size, size);
            dst.targets()[b] = labels[indices[from + b]];
        }
    }
}
