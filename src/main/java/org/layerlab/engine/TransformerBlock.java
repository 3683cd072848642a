package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A pre-LayerNorm residual block on (batch, tokens, dim): {@code x + mix(ln1(x))}, then
 * {@code x + mlp(ln2(x))}. With self-attention as {@code mix} it is the block of vit_jax's
 * Encoder1DBlock and nanoGPT's Block; with token mixing, the MLP-Mixer's MixerBlock.
 *
 * <p>DJL 0.36's TransformerEncoderBlock is not used: it normalizes with BatchNorm and does not put the
 * norm before each branch.
 */
final class TransformerBlock extends AbstractBlock {
    private final Block ln1;
    private final Block mix;
    private final Block ln2;
    private final Block mlp;

    TransformerBlock(Block ln1, Block mix, Block ln2, Block mlp) {
        this.ln1 = addChildBlock("ln1", ln1);
        this.mix = addChildBlock("mix", mix);
        this.ln2 = addChildBlock("ln2", ln2);
        this.mlp = addChildBlock("mlp", mlp);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList a = mix.forward(store, ln1.forward(store, inputs, training), training);
        x = x.add(a.singletonOrThrow());
        NDList m = mlp.forward(store, ln2.forward(store, new NDList(x), training), training);
        return new NDList(x.add(m.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        ln1.initialize(manager, dataType, inputShapes);
        mix.initialize(manager, dataType, inputShapes);
        ln2.initialize(manager, dataType, inputShapes);
        mlp.initialize(manager, dataType, inputShapes);
    }
}
