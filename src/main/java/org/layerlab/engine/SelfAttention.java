package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head scaled dot-product self-attention on (batch, tokens, dim) inputs, optionally causal.
 *
 * <p>The query, key and value projections are one dense layer {@code qkv} of 3·dim outputs (one matrix
 * product instead of three, as nanoGPT's {@code c_attn}): its rows 0..dim−1 are the queries, dim..2·dim−1
 * the keys, 2·dim..3·dim−1 the values, and within each, head h owns rows h·d_h..(h+1)·d_h−1 with
 * d_h = dim/heads. Both references draw q, k and v from one distribution with the same fans (dim, dim),
 * so one initializer for the fused tensor draws exactly what three would. {@code proj} is the output
 * projection. Scores are q·kᵀ/√d_h (queries are scaled before the product, which is cheaper), softmax
 * over the keys, dropout on the weights (both references do), weighted sum of values, projection,
 * dropout.
 *
 * <p>The causal mask is built from index comparisons (key index > query index gets −∞ before the
 * softmax; NDArray has no tril). The diagonal is always allowed, so no row is all −∞.
 */
final class SelfAttention extends AbstractBlock {
    private final Linear qkv;
    private final Linear proj;
    private final int heads;
    private final boolean causal;
    private final float dropout;

    SelfAttention(Linear qkv, Linear proj, int heads, boolean causal, float dropout) {
        this.qkv = addChildBlock("qkv", qkv);
        this.proj = addChildBlock("proj", proj);
        this.heads = heads;
        this.causal = causal;
        this.dropout = dropout;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        long dim = s.get(2);
        long dh = dim / heads;
        // (B, T, 3·dim) → (B, T, 3, H, d_h) → (3, B, H, T, d_h)
        NDArray all = qkv.forward(store, new NDList(x), training)
                .singletonOrThrow()
                .reshape(b, t, 3, heads, dh)
                .transpose(2, 0, 3, 1, 4);
        // Not mul(Number): autograd would keep a Java-owned scalar the collector may free (Scalars).
        NDArray q = Scalars.times(all.get(0), (float) (1 / Math.sqrt(dh)));
        NDArray k = all.get(1);
        NDArray v = all.get(2);
        NDArray scores = q.matMul(k.swapAxes(2, 3)); // (B, H, T, T)
        if (causal) {
            scores = scores.add(causalMask(x.getManager(), t));
        }
        NDArray weights = Dropouts.apply(scores.softmax(-1), dropout, training);
        NDArray y = weights.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, dim);
        NDArray out = proj.forward(store, new NDList(y), training).singletonOrThrow();
        return new NDList(Dropouts.apply(out, dropout, training));
    }

    /** (T, T): 0 where key j ≤ query i, −∞ where j > i (the future). */
    static NDArray causalMask(NDManager m, long t) {
        NDArray idx = m.arange((int) t);
        NDArray future = idx.reshape(1, t).gt(idx.reshape(t, 1));
        // DJL's where does not broadcast, so both branches are full (T, T) arrays.
        Shape square = new Shape(t, t);
        return NDArrays.where(
                future, m.full(square, Float.NEGATIVE_INFINITY, DataType.FLOAT32), m.zeros(square, DataType.FLOAT32));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        qkv.initialize(manager, dataType, inputShapes);
        proj.initialize(manager, dataType, inputShapes);
    }
}
