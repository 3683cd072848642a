package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerlab.snapshot.Tensor;

/**
 * {@link Optimizer.SgdMomentum} on whole buffers: v ← μ·v + lr·(g + λ·w); w ← w − v as the same
 * float32 operations in the same order (λ·w rounded, then added; the sum times lr; v times μ, plus
 * that; w minus v), so every element gets the value the per-tensor update gives it. Six engine calls a
 * step, whatever the number of tensors.
 */
final class FlatSgdMomentum extends FlatOptimizer {
    private final ParameterBuffers.State velocity;
    private final NDArray momentum;
    private final NDArray weightDecay;

    FlatSgdMomentum(
            Network net,
            List<String> trainable,
            Set<String> decayed,
            ParameterBuffers buffers,
            double momentum,
            double weightDecay) {
        super(net, trainable, decayed, buffers);
        this.velocity = buffers.newState();
        // The float32 scalars the per-tensor update creates each time it multiplies by a float.
        this.momentum = net.manager().create((float) momentum);
        this.weightDecay =
                (float) weightDecay == 0f || !anyDecayed ? null : net.manager().create((float) weightDecay);
    }

    @Override
    void step(float lr, long step) {
        NDArray g = buffers.gradients;
        if (weightDecay != null) {
            try (NDArray decay = buffers.decayedWeights.mul(weightDecay)) {
                buffers.decayedGradients.addi(decay);
            }
        }
        g.muli(lrScalar);
        velocity.array.muli(momentum).addi(g);
        buffers.weights.subi(velocity.array);
    }

    @Override
    Map<String, Tensor> state() {
        return velocity.tensors(trainable, "");
    }

    @Override
    void load(Map<String, Tensor> state) {
        velocity.zero();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            if (!loadInto(velocity, "", e)) {
                throw new IllegalArgumentException("optimizer state for unknown parameter " + e.getKey());
            }
        }
    }
}
