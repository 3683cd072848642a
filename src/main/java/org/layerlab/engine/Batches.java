package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.layerlab.random.Rng;
import org.layerlab.train.BatchBuffers;
import org.layerlab.train.BatchSource;

/**
 * Moves one batch from a {@link BatchSource} onto the device.
 *
 * <p>DJL wraps a direct buffer without copying it, and otherwise allocates a fresh direct buffer per
 * array, which is freed only when the garbage collector runs: a convnet's batches then piled up
 * gigabytes of native memory. So each {@code Batches} owns one direct buffer for images and one for
 * labels and refills them. This is safe because {@link #forEach}, the only way to get batches, closes
 * a batch's arrays (its step is over) before it assembles the next one.
 *
 * <p>The buffers hold {@code min(batch size, examples in the source)} examples: no batch can be larger
 * than the split, so a batch size beyond it (even 2·10⁹) costs no more memory than the whole split.
 */
final class Batches {
    private final BatchSource source;
    private final BatchBuffers staging;
    private final ByteBuffer direct;
    private final ByteBuffer directTargets;
    private final int maxBatch;
    private final int capacity;

    Batches(BatchSource source, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("batch size " + maxBatch + " < 1");
        }
        this.source = source;
        this.maxBatch = maxBatch;
        this.capacity = capacity(maxBatch, source.size());
        // MemoryCheck refuses specs whose batch does not fit one Java array before we get here.
        this.staging = new BatchBuffers(source, capacity);
        int inputBytes = source.inputs() == BatchSource.Inputs.TOKENS ? Long.BYTES : Float.BYTES;
        this.direct = ByteBuffer.allocateDirect(
                        Math.multiplyExact(Math.multiplyExact(capacity, source.exampleSize()), inputBytes))
                .order(ByteOrder.nativeOrder());
        this.directTargets =
                ByteBuffer.allocateDirect(staging.targets().length * Long.BYTES).order(ByteOrder.nativeOrder());
    }

    /** Examples a batch can hold: the batch size, but never more than the split has. */
    static int capacity(int batchSize, int examples) {
        return Math.min(batchSize, examples);
    }

    /** Examples the buffers hold (for tests: what was allocated). */
    int capacity() {
        return capacity;
    }

    /** What is done with one batch: inputs {@code x}, targets {@code y}, {@code count} examples. */
    interface Step {
        void accept(NDArray x, NDArray y, int count);
    }

    /**
     * Feeds the examples {@code order} names to {@code step}, a batch at a time, each batch in its own
     * sub-manager of {@code parent} that is closed before the next one is assembled: that is what makes
     * refilling the shared buffers safe. Arrays the step derives from {@code x} are freed with it.
     */
    void forEach(NDManager parent, int[] order, Rng augment, Step step) {
        int count;
        for (int from = 0; from < order.length; from += count) {
            count = Math.min(maxBatch, order.length - from);
            if (count > capacity) {
                throw new IllegalArgumentException("batch of " + count + " > " + capacity + " buffered examples");
            }
            source.fill(order, from, count, staging, augment);
            try (NDManager m = parent.newSubManager()) {
                step.accept(inputs(m, count), targets(m, count), count);
            }
        }
    }

    private NDArray inputs(NDManager m, int count) {
        int n = count * source.exampleSize();
        direct.clear();
        DataType type;
        if (source.inputs() == BatchSource.Inputs.TOKENS) {
            direct.asLongBuffer().put(staging.tokens(), 0, n);
            direct.limit(n * Long.BYTES);
            type = DataType.INT64;
        } else {
            direct.asFloatBuffer().put(staging.pixels(), 0, n);
            direct.limit(n * Float.BYTES);
            type = DataType.FLOAT32;
        }
        return m.create(direct, new Shape(withBatch(count, source.exampleShape())), type);
    }

    private NDArray targets(NDManager m, int count) {
        int per = source.targetsPerExample();
        directTargets.clear();
        directTargets.asLongBuffer().put(staging.targets(), 0, count * per);
        directTargets.limit(count * per * Long.BYTES);
        Shape shape = per == 1 ? new Shape(count) : new Shape(count, per);
        return m.create(directTargets, shape, DataType.INT64);
    }

    private static long[] withBatch(int count, int[] example) {
        long[] shape = new long[example.length + 1];
        shape[0] = count;
        for (int i = 0; i < example.length; i++) {
            shape[i + 1] = example[i];
        }
        return shape;
    }

    static int[] identity(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
