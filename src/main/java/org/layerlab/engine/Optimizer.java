package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerlab.snapshot.Tensor;

/**
 * One optimizer step on a network's trainable parameters, whose gradients autograd has just filled,
 * with state we own (so a resumed run restores it and continues bit for bit).
 */
abstract class Optimizer {
    protected final Network net;
    /** The trainable parameters, in the network's order. */
    protected final List<String> trainable;
    /** Those weight decay applies to. */
    protected final Set<String> decayed;

    Optimizer(Network net, List<String> trainable, Set<String> decayed) {
        this.net = net;
        this.trainable = List.copyOf(trainable);
        this.decayed = Set.copyOf(decayed);
    }

    /**
     * SGD with momentum: on whole buffers ({@link FlatSgdMomentum}) where the parameters can share one,
     * else per tensor; the numbers are the same. {@code -Dlayerlab.flat_optimizer=false} forces the
     * per-tensor update, to compare.
     */
    static Optimizer sgd(Network net, List<String> trainable, Set<String> decayed, double momentum, double decay) {
        ParameterBuffers buffers = flat() ? ParameterBuffers.bind(net, trainable, decayed) : null;
        return buffers == null
                ? new SgdMomentum(net, trainable, decayed, momentum, decay)
                : new FlatSgdMomentum(net, trainable, decayed, buffers, momentum, decay);
    }

    /** AdamW, on whole buffers where possible ({@link FlatAdamW}), else per tensor; the same numbers. */
    static Optimizer adamw(
            Network net,
            List<String> trainable,
            Set<String> decayed,
            double beta1,
            double beta2,
            double eps,
            double decay) {
        ParameterBuffers buffers = flat() ? ParameterBuffers.bind(net, trainable, decayed) : null;
        return buffers == null
                ? new AdamW(net, trainable, decayed, beta1, beta2, eps, decay)
                : new FlatAdamW(net, trainable, decayed, buffers, beta1, beta2, eps, decay);
    }

    private static boolean flat() {
        return !"false".equals(System.getProperty("layerlab.flat_optimizer"));
    }

    /** Updates every trainable parameter with learning rate {@code lr} at global step {@code step} (1-based). */
    abstract void update(float lr, long step);

    /** The state, as named tensors for a checkpoint. */
    abstract Map<String, Tensor> state();

    /**
     * Replaces the whole state with {@code state}: what it does not name is zero, as in a new optimizer.
     * A checkpoint without optimizer state (checkpoint 0) thus restarts the momentum, which matters when
     * a round is redone in the same process after a non-finite value (Training): the first round's
     * updates before the fault must not leave their momentum behind.
     */
    abstract void load(Map<String, Tensor> state);

    /**
     * Sets every element of each array to zero in place (NaN and infinities too, which a multiply by 0
     * would keep). One zero for all: set(index, 0f) would leave a scalar per call in the network's manager.
     */
    void zero(Iterable<NDArray> arrays) {
        try (NDArray zero = net.manager().create(0f)) {
            for (NDArray a : arrays) {
                a.set(new ai.djl.ndarray.index.NDIndex("..."), zero);
            }
        }
    }

    /** Autograd accumulates into the gradient: clear it for the next step. */
    static void clearGradient(NDArray w) {
        JniUtils.zeroGrad((PtNDArray) w);
    }

    static Tensor toTensor(NDArray a) {
        return new Tensor(Network.toInt(a.getShape().getShape()), a.toFloatArray());
    }

    static void copyInto(NDArray target, Tensor t, Network net) {
        try (NDArray src = net.manager().create(t.data(), new Shape(Network.toLong(t.shape())))) {
            target.set(new ai.djl.ndarray.index.NDIndex("..."), src);
        }
    }

    static Map<String, NDArray> zerosLike(Network net, List<String> names) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, net.array(n).zerosLike());
        }
        return out;
    }

    /**
     * SGD with momentum in the TF/Keras form the paper's code used: v ← μ·v + lr·(g + λ·w); w ← w − v,
     * which differs from torch.optim.SGD only in when a learning-rate drop takes effect. Done with
     * in-place ops on the gradient (cleared afterwards anyway): measured on the FCN, cheaper than DJL's
     * fused update, which clones the gradient and always adds λ·w. State: the velocity of each
     * parameter, under the parameter's own name.
     */
    static final class SgdMomentum extends Optimizer {
        private final float momentum;
        private final float weightDecay;
        private final Map<String, NDArray> velocity;

        SgdMomentum(Network net, List<String> trainable, Set<String> decayed, double momentum, double weightDecay) {
            super(net, trainable, decayed);
            this.momentum = (float) momentum;
            this.weightDecay = (float) weightDecay;
            this.velocity = zerosLike(net, trainable);
        }

        @Override
        void update(float lr, long step) {
            for (Map.Entry<String, NDArray> e : velocity.entrySet()) {
                NDArray w = net.array(e.getKey());
                NDArray v = e.getValue();
                try (NDArray g = w.getGradient()) {
                    if (weightDecay != 0f && decayed.contains(e.getKey())) {
                        try (NDArray decay = w.mul(weightDecay)) {
                            g.addi(decay);
                        }
                    }
                    g.muli(lr);
                    v.muli(momentum).addi(g);
                }
                w.subi(v);
                clearGradient(w);
            }
        }

        @Override
        Map<String, Tensor> state() {
            Map<String, Tensor> out = new LinkedHashMap<>();
            velocity.forEach((k, v) -> out.put(k, toTensor(v)));
            return out;
        }

        @Override
        void load(Map<String, Tensor> state) {
            zero(velocity.values());
            for (Map.Entry<String, Tensor> e : state.entrySet()) {
                NDArray v = velocity.get(e.getKey());
                if (v == null) {
                    throw new IllegalArgumentException("optimizer state for unknown parameter " + e.getKey());
                }
                copyInto(v, e.getValue(), net);
            }
        }
    }

    /**
     * AdamW (Loshchilov &amp; Hutter 2019) as torch.optim.AdamW computes it: decoupled decay
     * w ← w·(1 − lr·λ) on the decayed tensors, then m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g²,
     * w ← w − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε). State: {@code adamw.m/<name>} and
     * {@code adamw.v/<name>}; the step t comes from the training position, so it need not be stored.
     */
    static final class AdamW extends Optimizer {
        static final String M = "adamw.m/";
        static final String V = "adamw.v/";
        private final double beta1;
        private final double beta2;
        private final double eps;
        private final double weightDecay;
        private final Map<String, NDArray> m;
        private final Map<String, NDArray> v;

        AdamW(
                Network net,
                List<String> trainable,
                Set<String> decayed,
                double beta1,
                double beta2,
                double eps,
                double weightDecay) {
            super(net, trainable, decayed);
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.weightDecay = weightDecay;
            this.m = zerosLike(net, trainable);
            this.v = zerosLike(net, trainable);
        }

        @Override
        void update(float lr, long step) {
            double bc1 = 1 - Math.pow(beta1, step);
            double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
            float stepSize = (float) (lr / bc1);
            for (String name : trainable) {
                NDArray w = net.array(name);
                NDArray mt = m.get(name);
                NDArray vt = v.get(name);
                try (NDArray g = w.getGradient()) {
                    if (weightDecay != 0 && decayed.contains(name)) {
                        w.muli((float) (1 - lr * weightDecay));
                    }
                    try (NDArray g1 = g.mul((float) (1 - beta1))) {
                        mt.muli((float) beta1).addi(g1);
                    }
                    try (NDArray g2 = g.square().muli((float) (1 - beta2))) {
                        vt.muli((float) beta2).addi(g2);
                    }
                    try (NDArray denom = vt.sqrt().divi((float) bc2Sqrt).addi((float) eps);
                            NDArray delta = mt.div(denom).muli(stepSize)) {
                        w.subi(delta);
                    }
                }
                clearGradient(w);
            }
        }

        @Override
        Map<String, Tensor> state() {
            Map<String, Tensor> out = new LinkedHashMap<>();
            m.forEach((k, a) -> out.put(M + k, toTensor(a)));
            v.forEach((k, a) -> out.put(V + k, toTensor(a)));
            return out;
        }

        @Override
        void load(Map<String, Tensor> state) {
            zero(m.values());
            zero(v.values());
            for (Map.Entry<String, Tensor> e : state.entrySet()) {
                String key = e.getKey();
                Map<String, NDArray> moments = key.startsWith(M) ? m : key.startsWith(V) ? v : null;
                NDArray target = moments == null ? null : moments.get(key.substring(M.length()));
                if (target == null) {
                    throw new IllegalArgumentException("optimizer state for unknown parameter " + key);
                }
                copyInto(target, e.getValue(), net);
            }
        }
    }
}
