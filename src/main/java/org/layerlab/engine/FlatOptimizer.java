package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerlab.snapshot.Tensor;

/**
 * An optimizer whose step works on whole {@link ParameterBuffers}: what the per-tensor update does to
 * each tensor, done once to all of them. The gradients join the buffer at the first step (autograd
 * creates them in the first backward pass) and are checked to have stayed there at the second.
 */
abstract class FlatOptimizer extends Optimizer {
    protected final ParameterBuffers buffers;
    /** Whether any tensor is decayed (the decayed prefix is not empty). */
    protected final boolean anyDecayed;
    /** The step's learning rate as a float32 scalar array over memory we rewrite each step (no allocation). */
    private final ByteBuffer lrMemory = ByteBuffer.allocateDirect(Float.BYTES).order(ByteOrder.nativeOrder());

    protected final NDArray lrScalar;
    private boolean verified;

    FlatOptimizer(Network net, List<String> trainable, Set<String> decayed, ParameterBuffers buffers) {
        super(net, trainable, decayed);
        this.buffers = buffers;
        this.anyDecayed = trainable.stream().anyMatch(decayed::contains);
        this.lrScalar = net.manager().create(lrMemory, new Shape(), DataType.FLOAT32);
    }

    @Override
    final void update(float lr, long step) {
        if (net.boundParameters() != buffers) {
            throw new IllegalStateException("another optimizer has moved this network's parameters since");
        }
        if (!buffers.gradientsBound()) {
            buffers.bindGradients();
        } else if (!verified) {
            buffers.verifyGradients();
            verified = true;
        }
        // The same float32 scalar the per-tensor update makes with muli(lr).
        lrMemory.putFloat(0, lr);
        step(lr, step);
        buffers.zeroGradients();
    }

    /** The update itself, on {@link #buffers}, whose gradients hold this step's. */
    abstract void step(float lr, long step);

    /** Loads named per-tensor state into {@code state}, named {@code prefix + parameter}. */
    static boolean loadInto(ParameterBuffers.State state, String prefix, Map.Entry<String, Tensor> e) {
        String key = e.getKey();
        if (!key.startsWith(prefix) || !state.has(key.substring(prefix.length()))) {
            return false;
        }
        state.load(key.substring(prefix.length()), e.getValue());
        return true;
    }
}
