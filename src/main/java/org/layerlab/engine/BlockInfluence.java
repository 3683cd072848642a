package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Block Influence (Men et al. 2024, "ShortGPT"): 1 − the mean cosine similarity between a
 * shape-preserving block's input and output activations, per example (per position for a sequence of
 * vectors, as ShortGPT takes it per token), over the whole test split. 0 for a block that passes its
 * input through unchanged; larger the more it transforms it. Accumulated batch by batch during the
 * analysis's pass over the test split.
 */
public final class BlockInfluence {
    private final Set<Integer> stages;
    private final Map<Integer, double[]> sums = new LinkedHashMap<>();

    /** @param stages the stages to measure (the stages of removable units) */
    public BlockInfluence(Set<Integer> stages) {
        this.stages = new TreeSet<>(stages);
        for (int s : this.stages) {
            sums.put(s, new double[2]);
        }
    }

    boolean wants(int stage) {
        return stages.contains(stage);
    }

    /** The last stage measured, or -1. */
    int lastStage() {
        return stages.isEmpty() ? -1 : ((TreeSet<Integer>) stages).last();
    }

    /** Adds one batch: {@code in} entered stage {@code stage} and {@code out} left it. */
    void add(int stage, NDArray in, NDArray out) {
        int rank = in.getShape().dimension();
        // A sequence (batch × positions × width) is compared position by position; anything else
        // (a feature vector, a feature map) example by example.
        NDArray a = rank == 3 ? in : in.reshape(in.getShape().get(0), -1);
        NDArray b = rank == 3 ? out : out.reshape(out.getShape().get(0), -1);
        NDArray dot = a.mul(b).sum(new int[] {-1});
        NDArray na = a.norm(new int[] {-1});
        NDArray nb = b.norm(new int[] {-1});
        NDArray norms = na.mul(nb);
        // Two zero vectors are the same vector (similarity 1: an identity block must score 0); a zero and a
        // non-zero vector share no direction (similarity 0).
        NDArray degenerate = NDArrays.where(na.add(nb).eq(0), dot.onesLike(), dot.zerosLike());
        NDArray cos = NDArrays.where(norms.gt(0), dot.div(norms.maximum(Float.MIN_NORMAL)), degenerate);
        double[] s = sums.get(stage);
        s[0] += cos.sum().getFloat();
        s[1] += cos.size();
    }

    /** 1 − mean cosine similarity of each measured stage. */
    public Map<Integer, Double> values() {
        Map<Integer, Double> out = new LinkedHashMap<>();
        sums.forEach((stage, s) -> out.put(stage, s[1] == 0 ? Double.NaN : 1 - s[0] / s[1]));
        return out;
    }
}
