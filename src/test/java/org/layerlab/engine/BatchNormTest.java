package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.init.Initializer;
import org.layerlab.perturb.Perturbation;
import org.layerlab.perturb.Perturbations;
import org.layerlab.random.Rng;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.testing.ArrayBatchSource;
import org.layerlab.unit.Unit;

/**
 * BatchNorm as the study needs it: PyTorch's running-statistics update (momentum 0.1), batch statistics
 * in training and running statistics in inference, running statistics kept out of the optimizer, and
 * both of the paper's perturbations acting on all four BatchNorm tensors of a unit.
 *
 * <p>The hand computations use the head of a small ResNet-18 (width 1/4 on 3×16×16): its input is
 * (N, 128, 2, 2) and it computes logits = W·avgpool(relu((h − μ)/√(σ² + ε)·γ + β)) + b. Width 1/4
 * keeps every convolution at 16 or more output channels, where PyTorch's CPU input gradient is right
 * (see {@link ConvNets#train}).
 */
class BatchNormTest {
    private static final Shape EXAMPLE = new Shape(3, 16, 16);
    private static final int CLASSES = 3;
    private static final int C = 128;
    private static final int HW = 4;
    private static final double EPS = 1e-5;

    private static Network net() {
        return ConvNets.resnet("resnet18", 0.25, "batchnorm", null, EXAMPLE, CLASSES);
    }

    private static int head(Network net) {
        return net.layout().unit("final_linear").stage();
    }

    private static float[] values(int n, long seed, double lo, double hi) {
        Rng rng = new Rng(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.uniform(lo, hi);
        }
        return v;
    }

    /** The initial network with a head whose BatchNorm holds arbitrary values, none of them 0 or 1. */
    private static WeightSnapshot withArbitraryHead(Network net) {
        Map<String, Tensor> head = new HashMap<>();
        head.put("final_linear.bn.weight", new Tensor(new int[] {C}, values(C, 1, 0.5, 2)));
        head.put("final_linear.bn.bias", new Tensor(new int[] {C}, values(C, 2, -1, 1)));
        head.put("final_linear.bn.running_mean", new Tensor(new int[] {C}, values(C, 3, -1, 1)));
        head.put("final_linear.bn.running_var", new Tensor(new int[] {C}, values(C, 4, 0.5, 3)));
        return Initializer.initialSnapshot(net.layout(), 7).with(head);
    }

    /** Per-channel mean and variance of h (N, C, 2, 2) over batch and space; unbiased with {@code n − 1}. */
    private static double[][] channelStats(float[] h, int n) {
        double[] mean = new double[C];
        double[] var = new double[C];
        double[] unbiased = new double[C];
        int count = n * HW;
        for (int c = 0; c < C; c++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < HW; p++) {
                    s += h[(i * C + c) * HW + p];
                }
            }
            mean[c] = s / count;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < HW; p++) {
                    double d = h[(i * C + c) * HW + p] - mean[c];
                    ss += d * d;
                }
            }
            var[c] = ss / count;
            unbiased[c] = ss / (count - 1);
        }
        return new double[][] {mean, var, unbiased};
    }

    /** The head by hand, normalizing with the given per-channel mean and variance. */
    private static double[] headByHand(WeightSnapshot w, float[] h, int n, double[] mean, double[] var) {
        float[] gamma = w.get("final_linear.bn.weight").data();
        float[] beta = w.get("final_linear.bn.bias").data();
        float[] weight = w.get("final_linear.weight").data();
        float[] bias = w.get("final_linear.bias").data();
        double[] logits = new double[n * CLASSES];
        for (int i = 0; i < n; i++) {
            double[] pooled = new double[C];
            for (int c = 0; c < C; c++) {
                for (int p = 0; p < HW; p++) {
                    double z = (h[(i * C + c) * HW + p] - mean[c]) / Math.sqrt(var[c] + EPS) * gamma[c] + beta[c];
                    pooled[c] += Math.max(0, z) / HW;
                }
            }
            for (int k = 0; k < CLASSES; k++) {
                double s = bias[k];
                for (int c = 0; c < C; c++) {
                    s += weight[k * C + c] * pooled[c];
                }
                logits[i * CLASSES + k] = s;
            }
        }
        return logits;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static void assertClose(double[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), what + " [" + i + "]");
        }
    }

    @Test
    void trainingNormalizesWithTheBatchAndMovesTheRunningStatisticsByATenth() {
        try (Network net = net()) {
            WeightSnapshot w = withArbitraryHead(net);
            net.load(w);
            int n = 5;
            float[] h = values(n * C * HW, 11, -2, 3);
            NDArray input = net.manager().create(h, new Shape(n, C, 2, 2));
            float[] logits =
                    net.forward(head(net), net.numStages(), input, true).toFloatArray();

            double[][] stats = channelStats(h, n);
            assertClose(
                    headByHand(w, h, n, stats[0], stats[1]), logits, 1e-4, "training-mode logits (batch statistics)");
            // PyTorch: running ← (1 − 0.1)·running + 0.1·batch, with the unbiased batch variance.
            double[] mean0 = toDouble(w.get("final_linear.bn.running_mean").data());
            double[] var0 = toDouble(w.get("final_linear.bn.running_var").data());
            double[] mean1 = new double[C];
            double[] var1 = new double[C];
            for (int c = 0; c < C; c++) {
                mean1[c] = 0.9 * mean0[c] + 0.1 * stats[0][c];
                var1[c] = 0.9 * var0[c] + 0.1 * stats[2][c];
            }
            WeightSnapshot after = net.snapshot();
            assertClose(mean1, after.get("final_linear.bn.running_mean").data(), 1e-5, "running mean");
            assertClose(var1, after.get("final_linear.bn.running_var").data(), 1e-5, "running variance");
            // Nothing else moved: a forward pass is not an update.
            assertEquals(w.get("final_linear.bn.weight"), after.get("final_linear.bn.weight"));
            assertEquals(w.get("final_linear.weight"), after.get("final_linear.weight"));
        }
    }

    @Test
    void inferenceNormalizesWithTheRunningStatisticsAndChangesNothing() {
        try (Network net = net()) {
            WeightSnapshot w = withArbitraryHead(net);
            net.load(w);
            int n = 3;
            float[] h = values(n * C * HW, 12, -2, 3);
            NDArray input = net.manager().create(h, new Shape(n, C, 2, 2));
            float[] logits =
                    net.forward(head(net), net.numStages(), input, false).toFloatArray();
            double[] mean = toDouble(w.get("final_linear.bn.running_mean").data());
            double[] var = toDouble(w.get("final_linear.bn.running_var").data());
            assertClose(headByHand(w, h, n, mean, var), logits, 1e-4, "inference logits (running statistics)");
            assertEquals(w, net.snapshot(), "inference leaves the running statistics alone");
            // One example at a time gives the same logits: nothing depends on the batch in inference.
            float[] first = net.forward(head(net), net.numStages(), input.get("0:1"), false)
                    .toFloatArray();
            assertArrayEquals(Arrays.copyOf(logits, CLASSES), first, 1e-5f);
        }
    }

    @Test
    void epochTrainerUpdatesRunningStatisticsThroughTheForwardPassOnly() {
        try (Network net = net()) {
            int n = 8;
            float[][] x = new float[n][];
            for (int i = 0; i < n; i++) {
                x[i] = values(3 * 16 * 16, 100 + i, -1, 1);
            }
            ArrayBatchSource data =
                    new ArrayBatchSource(new int[] {3, 16, 16}, x, new int[] {0, 1, 2, 0, 1, 2, 0, 1}, CLASSES);
            WeightSnapshot init = Initializer.initialSnapshot(net.layout(), 3);

            // The activations entering the head in training mode, from the weights before the step.
            net.load(init);
            float[] flat = new float[n * 3 * 16 * 16];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x[i], 0, flat, i * x[i].length, x[i].length);
            }
            float[] h = net.forward(0, head(net), net.manager().create(flat, new Shape(n, 3, 16, 16)), true)
                    .toFloatArray();
            double[][] stats = channelStats(h, n);

            net.load(init);
            EpochTrainer trainer = new EpochTrainer(net, 0.9, 0.0);
            for (String name : trainer.optimizerState().keySet()) {
                assertFalse(name.contains("running_"), name + " must not get a momentum buffer");
            }
            assertEquals(
                    net.layout().tensors().values().stream()
                            .filter(t -> t.role().trainable())
                            .count(),
                    trainer.optimizerState().size(),
                    "every trainable tensor has a momentum buffer");
            // One epoch of one batch: a single forward pass in training mode, then one SGD step.
            trainer.runEpoch(data, new int[] {0, 1, 2, 3, 4, 5, 6, 7}, n, 0.1, null, ConvNets.QUIET);
            WeightSnapshot after = net.snapshot();

            // From mean 0 and variance 1: 0.1·batch mean and 0.9 + 0.1·batch variance (unbiased).
            double[] mean = new double[C];
            double[] var = new double[C];
            for (int c = 0; c < C; c++) {
                mean[c] = 0.1 * stats[0][c];
                var[c] = 0.9 + 0.1 * stats[2][c];
            }
            assertClose(mean, after.get("final_linear.bn.running_mean").data(), 1e-5, "head running mean");
            assertClose(var, after.get("final_linear.bn.running_var").data(), 1e-5, "head running variance");
            for (String name : after.names()) {
                if (name.endsWith(".running_mean") || name.endsWith(".running_var")) {
                    assertNotEquals(init.get(name), after.get(name), name + " moved during training");
                }
            }
            assertNotEquals(init.get("stage1.resblk1.conv1.weight"), after.get("stage1.resblk1.conv1.weight"));
        }
    }

    @Test
    void reinitializationRestoresAndRerandomizationResetsABlocksBatchNorms() {
        try (Network net = net()) {
            ArrayBatchSource data = ArrayBatchSource.halves(16, new int[] {3, 16, 16}, 5);
            List<WeightSnapshot> epochs = ConvNets.train(net, data, 5, 3, 8, 0.05);
            WeightSnapshot trained = epochs.get(3);
            Map<Integer, WeightSnapshot> checkpoints = Map.of(0, epochs.get(0), 1, epochs.get(1), 3, trained);
            Unit block = net.layout().unit("stage2.resblk1");
            List<String> bnTensors =
                    block.tensorNames().stream().filter(s -> s.contains(".bn")).toList();
            assertEquals(8, bnTensors.size(), "bn1 and bn2, four tensors each");
            for (String name : bnTensors) {
                assertNotEquals(
                        epochs.get(1).get(name),
                        trained.get(name),
                        name + " moved after epoch 1 (else the test is void)");
            }

            Map<String, Tensor> reinit =
                    Perturbations.apply(new Perturbation.Reinitialize(1), List.of(block), block.name(), checkpoints, 5);
            net.load(trained.with(reinit));
            WeightSnapshot variant = net.snapshot();
            for (String name : variant.names()) {
                WeightSnapshot source = block.tensorNames().contains(name) ? epochs.get(1) : trained;
                assertEquals(source.get(name), variant.get(name), name);
            }

            Map<String, Tensor> rerand =
                    Perturbations.apply(new Perturbation.Rerandomize(0), List.of(block), block.name(), checkpoints, 5);
            net.load(trained.with(rerand));
            variant = net.snapshot();
            for (String name : bnTensors) {
                float expected = name.endsWith(".weight") || name.endsWith(".running_var") ? 1f : 0f;
                for (float v : variant.get(name).data()) {
                    assertEquals(expected, v, name + " is reset as at initialization");
                }
            }
            for (String name : List.of("stage2.resblk1.conv1.weight", "stage2.resblk1.shortcut.weight")) {
                assertNotEquals(
                        epochs.get(0).get(name), variant.get(name), name + " is a fresh draw, not the initial one");
                assertNotEquals(trained.get(name), variant.get(name), name);
            }
            assertEquals(
                    trained.select(List.of("stage2.resblk2.bn1.running_mean")),
                    variant.select(List.of("stage2.resblk2.bn1.running_mean")),
                    "the next block is untouched");
            assertTrue(trained.get("stage2.resblk1.bn2.running_var").data()[0] != 1f);
        }
    }
}
