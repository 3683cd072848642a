package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerlab.snapshot.Tensor;

/**
 * {@link Optimizer.AdamW} on whole buffers: the same float32 operations in the same order on every
 * element (decoupled decay on the decayed prefix, then the moments, then the step), so the same numbers.
 */
final class FlatAdamW extends FlatOptimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final ParameterBuffers.State m;
    private final ParameterBuffers.State v;

    FlatAdamW(
            Network net,
            List<String> trainable,
            Set<String> decayed,
            ParameterBuffers buffers,
            double beta1,
            double beta2,
            double eps,
            double weightDecay) {
        super(net, trainable, decayed, buffers);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = buffers.newState();
        this.v = buffers.newState();
    }

    @Override
    void step(float lr, long step) {
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        float stepSize = (float) (lr / bc1);
        NDArray g = buffers.gradients;
        if (weightDecay != 0 && anyDecayed) {
            buffers.decayedWeights.muli((float) (1 - lr * weightDecay));
        }
        try (NDArray g1 = g.mul((float) (1 - beta1))) {
            m.array.muli((float) beta1).addi(g1);
        }
        try (NDArray g2 = g.square().muli((float) (1 - beta2))) {
            v.array.muli((float) beta2).addi(g2);
        }
        try (NDArray denom = v.array.sqrt().divi((float) bc2Sqrt).addi((float) eps);
                NDArray delta = m.array.div(denom).muli(stepSize)) {
            buffers.weights.subi(delta);
        }
    }

    @Override
    Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>(m.tensors(trainable, AdamW.M));
        out.putAll(v.tensors(trainable, AdamW.V));
        return out;
    }

    @Override
    void load(Map<String, Tensor> state) {
        m.zero();
        v.zero();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            if (!loadInto(m, AdamW.M, e) && !loadInto(v, AdamW.V, e)) {
                throw new IllegalArgumentException("optimizer state for unknown parameter " + e.getKey());
            }
        }
    }
}
