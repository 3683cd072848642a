package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.Shape;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.layerlab.init.Initializer;
import org.layerlab.progress.Progress;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.testing.ArrayBatchSource;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.TensorSpec;

/**
 * SGD with momentum checked against the update written out by hand, on a linear model (an FCN with no
 * hidden layer): logits z = W x + b, two inputs, two classes.
 */
class EpochTrainerTest {
    private static final double LR = 0.5;
    private static final double MU = 0.9;
    private static final double WD = 0.1;
    private static final float[][] X = {{1, 2}, {-1, 0.5f}, {0.5f, -1}, {2, 1}};
    private static final int[] Y = {0, 1, 1, 0};
    private static final ArrayBatchSource DATA = new ArrayBatchSource(new int[] {1, 1, 2}, X, Y, 2);
    private static final Progress.Task QUIET = Progress.SILENT.start("test", 0);

    private static Network linear() {
        return NetworkTest.fcn(0, 1, new Shape(1, 1, 2), 2);
    }

    /** W = [[0.5, −1], [1, 0.25]], b = [0.1, −0.2]. */
    private static void loadStart(Network net) {
        net.load(Map.of(
                "layer1.weight",
                new Tensor(new int[] {2, 2}, new float[] {0.5f, -1, 1, 0.25f}),
                "layer1.bias",
                new Tensor(new int[] {2}, new float[] {0.1f, -0.2f})));
    }

    /** The model and optimizer state as plain doubles: w = W flattened then b (6 values), v likewise. */
    private static final class Hand {
        double[] w = {0.5, -1, 1, 0.25, 0.1, -0.2};
        double[] v = new double[6];
        /** train.weight_decay_on: all decays the bias b too, weights only W. */
        boolean decayBias = true;

        double lossSum;
        int wrong;

        /** One minibatch: mean softmax cross-entropy, its gradient, then v ← μv + lr(g + λw); w ← w − v. */
        void step(int[] batch) {
            step(batch, LR);
        }

        void step(int[] batch, double lr) {
            double[] g = new double[6];
            for (int n : batch) {
                double z0 = w[0] * X[n][0] + w[1] * X[n][1] + w[4];
                double z1 = w[2] * X[n][0] + w[3] * X[n][1] + w[5];
                double m = Math.max(z0, z1);
                double e0 = Math.exp(z0 - m);
                double e1 = Math.exp(z1 - m);
                double[] p = {e0 / (e0 + e1), e1 / (e0 + e1)};
                lossSum += -Math.log(p[Y[n]]);
                wrong += (z0 >= z1 ? 0 : 1) != Y[n] ? 1 : 0;
                // ∂L/∂z_c = (p_c − [c = y]) / batch size; ∂z_c/∂W_ci = x_i, ∂z_c/∂b_c = 1.
                for (int c = 0; c < 2; c++) {
                    double dz = (p[c] - (c == Y[n] ? 1 : 0)) / batch.length;
                    g[2 * c] += dz * X[n][0];
                    g[2 * c + 1] += dz * X[n][1];
                    g[4 + c] += dz;
                }
            }
            for (int i = 0; i < 6; i++) {
                double decay = i < 4 || decayBias ? WD * w[i] : 0;
                v[i] = MU * v[i] + lr * (g[i] + decay);
                w[i] -= v[i];
            }
        }
    }

    private static void assertClose(double[] expected, float[] w, float[] b, String what) {
        double[] actual = {w[0], w[1], w[2], w[3], b[0], b[1]};
        for (int i = 0; i < 6; i++) {
            // float32 arithmetic on values of order 1: 1e-5 is a few hundred ulps, far below any real error.
            assertEquals(expected[i], actual[i], 1e-5, what + "[" + i + "]");
        }
    }

    @Test
    void twoStepsMatchTheHandComputedUpdate() {
        try (Network net = linear()) {
            loadStart(net);
            EpochTrainer trainer = new EpochTrainer(net, MU, WD);
            // Batches of two in the order given: {0, 1} then {2, 3}; the second step uses momentum.
            EpochStats stats = trainer.runEpoch(DATA, new int[] {0, 1, 2, 3}, 2, LR, null, QUIET);
            Hand hand = new Hand();
            hand.step(new int[] {0, 1});
            hand.step(new int[] {2, 3});

            WeightSnapshot s = net.snapshot();
            assertClose(
                    hand.w, s.get("layer1.weight").data(), s.get("layer1.bias").data(), "weights");
            Map<String, Tensor> v = trainer.optimizerState();
            assertEquals(List.of("layer1.weight", "layer1.bias"), List.copyOf(v.keySet()));
            assertClose(
                    hand.v, v.get("layer1.weight").data(), v.get("layer1.bias").data(), "momentum");
            // Loss and error of each batch before its update, averaged over the epoch's examples.
            assertEquals(hand.lossSum / 4, stats.meanLoss(), 1e-5);
            assertEquals(hand.wrong / 4.0, stats.error(), 1e-12);
        }
    }

    @Test
    void aLearningRateDropScalesOnlyTheNewGradients() {
        // The velocity carries lr already (v ← μv + lr·g), so after a drop the old momentum keeps its
        // size; torch.optim.SGD (v ← μv + g; w ← w − lr·v) would shrink it at once.
        try (Network net = linear()) {
            loadStart(net);
            EpochTrainer trainer = new EpochTrainer(net, MU, WD);
            trainer.runEpoch(DATA, new int[] {0, 1, 2, 3}, 4, LR, null, QUIET);
            trainer.runEpoch(DATA, new int[] {0, 1, 2, 3}, 4, LR / 10, null, QUIET);
            Hand hand = new Hand();
            hand.step(new int[] {0, 1, 2, 3}, LR);
            hand.step(new int[] {0, 1, 2, 3}, LR / 10);
            WeightSnapshot s = net.snapshot();
            assertClose(
                    hand.w, s.get("layer1.weight").data(), s.get("layer1.bias").data(), "weights");
        }
    }

    @Test
    void aLastPartialBatchIsAveragedOverItsOwnSize() {
        try (Network net = linear()) {
            loadStart(net);
            EpochTrainer trainer = new EpochTrainer(net, MU, WD);
            trainer.runEpoch(DATA, new int[] {3, 0, 2}, 2, LR, null, QUIET);
            Hand hand = new Hand();
            hand.step(new int[] {3, 0});
            hand.step(new int[] {2});
            WeightSnapshot s = net.snapshot();
            assertClose(
                    hand.w, s.get("layer1.weight").data(), s.get("layer1.bias").data(), "weights");
        }
    }

    @Test
    void aTrainerGivenTheSavedStateContinuesIdentically() {
        int[] order = {2, 0, 3, 1};
        try (Network a = linear();
                Network b = linear();
                Network c = linear()) {
            loadStart(a);
            EpochTrainer ta = new EpochTrainer(a, MU, WD);
            ta.runEpoch(DATA, new int[] {0, 1, 2, 3}, 2, LR, null, QUIET);

            // b: a new network and trainer, restored from what a checkpoint holds.
            b.load(a.snapshot());
            EpochTrainer tb = new EpochTrainer(b, MU, WD);
            tb.loadOptimizerState(ta.optimizerState());
            // c: the same weights without the momentum buffers, to show that they matter.
            c.load(a.snapshot());
            EpochTrainer tc = new EpochTrainer(c, MU, WD);

            ta.runEpoch(DATA, order, 2, LR, null, QUIET);
            tb.runEpoch(DATA, order, 2, LR, null, QUIET);
            tc.runEpoch(DATA, order, 2, LR, null, QUIET);
            assertEquals(a.snapshot(), b.snapshot(), "bit-identical weights");
            assertEquals(ta.optimizerState(), tb.optimizerState(), "bit-identical momentum");
            assertNotEquals(a.snapshot(), c.snapshot());
        }
    }

    @Test
    void decayOnWeightsOnlyLeavesTheBiasUndecayed() {
        float[][] kernels = new float[2][];
        float[][] biases = new float[2][];
        for (int k = 0; k < 2; k++) {
            boolean weightsOnly = k == 1;
            try (Network net = linear()) {
                loadStart(net);
                Set<TensorRole> roles = weightsOnly ? EnumSet.of(TensorRole.WEIGHT) : EnumSet.allOf(TensorRole.class);
                EpochTrainer trainer = new EpochTrainer(net, MU, WD, roles);
                trainer.runEpoch(DATA, new int[] {0, 1, 2, 3}, 4, LR, null, QUIET);
                Hand hand = new Hand();
                hand.decayBias = !weightsOnly;
                hand.step(new int[] {0, 1, 2, 3});
                WeightSnapshot s = net.snapshot();
                kernels[k] = s.get("layer1.weight").data();
                biases[k] = s.get("layer1.bias").data();
                assertClose(hand.w, kernels[k], biases[k], weightsOnly ? "weights only" : "all");
            }
        }
        // From zero momentum one step moves w by lr·(g + λ·w): the settings differ by lr·λ·b on the bias
        // alone, 0.5 · 0.1 · (0.1, −0.2), and compute the kernel identically.
        assertArrayEquals(kernels[0], kernels[1]);
        assertEquals(-0.005, biases[0][0] - biases[1][0], 1e-6);
        assertEquals(0.01, biases[0][1] - biases[1][1], 1e-6);
    }

    @Test
    void decayOnWeightsOnlyLeavesBatchNormScaleAndShiftUndecayed() {
        // One step from the same start with λ = 0 and with λ on all or on weights only: the gradient is the
        // same in all three, so a decayed tensor ends lr·λ·w0 below the λ = 0 run and an undecayed one on it.
        double lambda = 0.1;
        Map<String, float[]> plain = oneBatchNormStep(0, EnumSet.allOf(TensorRole.class));
        Map<String, float[]> all = oneBatchNormStep(lambda, EnumSet.allOf(TensorRole.class));
        Map<String, float[]> weights = oneBatchNormStep(lambda, EnumSet.of(TensorRole.WEIGHT));
        Set<TensorRole> seen = EnumSet.noneOf(TensorRole.class);
        try (Network net = batchNormNet()) {
            for (TensorSpec t : net.layout().tensors().values()) {
                if (!t.role().trainable()) {
                    continue;
                }
                seen.add(t.role());
                float[] start = batchNormStart(net).get(t.name()).data();
                for (int i = 0; i < start.length; i++) {
                    double decayed = plain.get(t.name())[i] - LR * lambda * start[i];
                    String at = t.name() + "[" + i + "]";
                    assertEquals(decayed, all.get(t.name())[i], 1e-5, "all: " + at);
                    double expected = t.role() == TensorRole.WEIGHT ? decayed : plain.get(t.name())[i];
                    assertEquals(expected, weights.get(t.name())[i], 1e-5, "weights: " + at);
                }
            }
        }
        assertEquals(
                EnumSet.of(TensorRole.WEIGHT, TensorRole.BIAS, TensorRole.NORM_SCALE, TensorRole.NORM_SHIFT), seen);
    }

    private static Network batchNormNet() {
        return ConvNets.resnet("resnet18", 0.25, "batchnorm", null, new Shape(3, 8, 8), 3);
    }

    /** The initialization with every bias and BatchNorm shift at 0.5, so decaying them shows. */
    private static WeightSnapshot batchNormStart(Network net) {
        WeightSnapshot init = Initializer.initialSnapshot(net.layout(), 11);
        Map<String, Tensor> shifted = new java.util.LinkedHashMap<>();
        for (TensorSpec t : net.layout().tensors().values()) {
            if (t.role() == TensorRole.BIAS || t.role() == TensorRole.NORM_SHIFT) {
                float[] half = new float[(int) t.numel()];
                java.util.Arrays.fill(half, 0.5f);
                shifted.put(t.name(), new Tensor(t.shape(), half));
            }
        }
        return init.with(shifted);
    }

    private static Map<String, float[]> oneBatchNormStep(double lambda, Set<TensorRole> roles) {
        ArrayBatchSource data = ArrayBatchSource.random(8, new int[] {3, 8, 8}, 3, 5);
        try (Network net = batchNormNet()) {
            net.load(batchNormStart(net));
            new EpochTrainer(net, MU, lambda, roles).runEpoch(data, Batches.identity(8), 8, LR, null, QUIET);
            Map<String, float[]> out = new java.util.HashMap<>();
            net.snapshot().asMap().forEach((k, v) -> out.put(k, v.data()));
            return out;
        }
    }

    @Test
    void stateForAnUnknownParameterIsRefused() {
        try (Network net = linear()) {
            EpochTrainer t = new EpochTrainer(net, MU, WD);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> t.loadOptimizerState(Map.of("layer2.weight", new Tensor(new int[] {1}, new float[] {0}))));
        }
    }
}
