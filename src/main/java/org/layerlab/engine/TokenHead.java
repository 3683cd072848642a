package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The output layer on (B, T, dim) tokens: logits (B, classes) from the class token (ViT) or from the
 * mean over tokens (the Mixer's global average pool), or logits (B, T, V) at every position (a
 * language model).
 */
final class TokenHead extends AbstractBlock {
    enum Pool {
        CLASS_TOKEN,
        MEAN,
        EVERY_TOKEN
    }

    private final Pool pool;
    private final Linear linear;

    TokenHead(Pool pool, Linear linear) {
        this.pool = pool;
        this.linear = addChildBlock("linear", linear);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray pooled = switch (pool) {
            case CLASS_TOKEN -> x.get(new NDIndex(":, 0, :"));
            case MEAN -> x.mean(new int[] {1});
            case EVERY_TOKEN -> x;
        };
        return linear.forward(store, new NDList(pooled), training);
    }

    private Shape[] pooled(Shape[] inputs) {
        Shape s = inputs[0];
        return pool == Pool.EVERY_TOKEN ? inputs : new Shape[] {new Shape(s.get(0), s.get(2))};
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return linear.getOutputShapes(pooled(inputs));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        linear.initialize(manager, dataType, pooled(inputShapes));
    }
}
