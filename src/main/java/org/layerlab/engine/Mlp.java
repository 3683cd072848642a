package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A transformer's MLP over the last axis: {@code fc2(dropout(GELU(fc1(x))))}, then dropout, where
 * vit_jax's MlpBlock and nanoGPT's MLP put them (nanoGPT has none after the GELU; at rate 0 neither
 * matters).
 *
 * <p>GELU is the exact one, x·Φ(x) with the Gaussian CDF through erf: DJL's {@code Activation.gelu}
 * calls PyTorch's {@code gelu} with its default {@code approximate='none'}, one fused op. nanoGPT's
 * {@code nn.GELU()} is exactly this; vit_jax's Flax {@code nn.gelu} defaults to the tanh approximation,
 * which differs from it by at most 5·10⁻⁴ in value. We train from scratch, never load JAX weights, and
 * the tanh form would cost seven element-wise ops (and their autograd buffers) on the largest
 * activations, so the exact form is used for every family.
 */
final class Mlp extends AbstractBlock {
    private final Linear fc1;
    private final Linear fc2;
    private final float hiddenDropout;
    private final float outputDropout;

    Mlp(Linear fc1, Linear fc2, float hiddenDropout, float outputDropout) {
        this.fc1 = addChildBlock("fc1", fc1);
        this.fc2 = addChildBlock("fc2", fc2);
        this.hiddenDropout = hiddenDropout;
        this.outputDropout = outputDropout;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = Activation.gelu(fc1.forward(store, inputs, training).singletonOrThrow());
        h = Dropouts.apply(h, hiddenDropout, training);
        NDArray out = fc2.forward(store, new NDList(h), training).singletonOrThrow();
        return new NDList(Dropouts.apply(out, outputDropout, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return fc2.getOutputShapes(fc1.getOutputShapes(inputs));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        fc1.initialize(manager, dataType, inputShapes);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(inputShapes));
    }
}
