package org.layerlab.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The MLP-Mixer's token mixing: an MLP across the patches, applied to each channel. (B, N, D) is swapped
 * to (B, D, N), the MLP maps its last axis N → token_mlp_dim → N, and the result is swapped back, as in
 * vit_jax's MixerBlock ({@code jnp.swapaxes(y, 1, 2)} around {@code MlpBlock}).
 */
final class TokenMixing extends AbstractBlock {
    private final Block mlp;

    TokenMixing(Block mlp) {
        this.mlp = addChildBlock("mlp", mlp);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList swapped = new NDList(inputs.singletonOrThrow().swapAxes(1, 2));
        return new NDList(
                mlp.forward(store, swapped, training).singletonOrThrow().swapAxes(1, 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        mlp.initialize(manager, dataType, new Shape(s.get(0), s.get(2), s.get(1)));
    }
}
