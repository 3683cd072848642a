package org.layerlab.train;

/**
 * Reusable staging arrays for one batch: the inputs as floats (pixels) or longs (token ids), and the
 * targets as longs. Sized once for the largest batch, so a training loop allocates nothing per step.
 */
public final class BatchBuffers {
    private final float[] pixels;
    private final long[] tokens;
    private final long[] targets;

    /** Buffers for {@code capacity} examples of {@code source}. */
    public BatchBuffers(BatchSource source, int capacity) {
        int inputs = Math.multiplyExact(capacity, source.exampleSize());
        boolean tokenInputs = source.inputs() == BatchSource.Inputs.TOKENS;
        this.pixels = tokenInputs ? new float[0] : new float[inputs];
        this.tokens = tokenInputs ? new long[inputs] : new long[0];
        this.targets = new long[Math.multiplyExact(capacity, source.targetsPerExample())];
    }

    /** Pixel inputs, example after example (empty for token inputs). */
    public float[] pixels() {
        return pixels;
    }

    /** Token inputs, example after example (empty for pixel inputs). */
    public long[] tokens() {
        return tokens;
    }

    /** Targets, example after example. */
    public long[] targets() {
        return targets;
    }
}
