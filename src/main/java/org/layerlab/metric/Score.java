package org.layerlab.metric;

/**
 * What one pass over (part of) the test split adds up, for any metric: the summed cross-entropy, the
 * number of predictions whose most likely class was right, and the number of predictions (examples for
 * a classifier, token positions for a language model). Sums of whole batches in a fixed order, so the
 * same weights give the same score bit for bit.
 */
public record Score(double lossSum, long correct, long count) {
    public static final Score ZERO = new Score(0, 0, 0);

    public Score plus(Score o) {
        return new Score(lossSum + o.lossSum, correct + o.correct, count + o.count);
    }

    /** Wrong predictions over all predictions; exactly (count − correct) / count. */
    public double errorRate() {
        return (double) (count - correct) / count;
    }

    public double meanLoss() {
        return lossSum / count;
    }
}
