package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Cuts (B, C, H, W) images into non-overlapping patch×patch squares and embeds each linearly: a
 * convolution with kernel = stride = patch (vit_jax's {@code embedding} and the Mixer's {@code stem}),
 * whose (B, dim, H/p, W/p) output becomes (B, N, dim) tokens, N = (H/p)·(W/p), in row-major order of the
 * patch grid, as vit_jax's reshape of its NHWC output orders them.
 */
final class PatchEmbedding extends AbstractBlock {
    private final Conv2d conv;

    PatchEmbedding(Conv2d conv) {
        this.conv = addChildBlock("conv", conv);
    }

    /** The convolution of a patch embedding: {@code dim} filters of patch×patch, stride patch, no padding. */
    static Conv2d convolution(int dim, int patch) {
        return Conv2d.builder()
                .setKernelShape(new Shape(patch, patch))
                .setFilters(dim)
                .optStride(new Shape(patch, patch))
                .build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y = conv.forward(store, inputs, training).singletonOrThrow();
        Shape s = y.getShape();
        return new NDList(y.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).swapAxes(1, 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = conv.getOutputShapes(inputs)[0];
        return new Shape[] {new Shape(s.get(0), s.get(2) * s.get(3), s.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
    }
}
