package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.progress.Progress;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.SpecLoader;
import org.layerlab.spec.TrainSpec;
import org.layerlab.testing.ArrayBatchSource;

/**
 * AdamW, global-norm clipping and label smoothing checked against the updates written out by hand, on
 * a linear model (an FCN with no hidden layer): logits z = W x + b, two inputs, two classes.
 */
class TrainingRecipeTest {
    private static final float[][] X = {{1, 2}, {-1, 0.5f}, {0.5f, -1}, {2, 1}};
    private static final int[] Y = {0, 1, 1, 0};
    private static final ArrayBatchSource DATA = new ArrayBatchSource(new int[] {1, 1, 2}, X, Y, 2);
    private static final Progress.Task QUIET = Progress.SILENT.start("test", 0);

    private static TrainSpec spec(String... sets) {
        return SpecLoader.load("fcn-mnist", List.of(sets)).train();
    }

    private static Network linear() {
        Network net = NetworkTest.fcn(0, 1, new Shape(1, 1, 2), 2);
        net.load(Map.of(
                "layer1.weight",
                new Tensor(new int[] {2, 2}, new float[] {0.5f, -1, 1, 0.25f}),
                "layer1.bias",
                new Tensor(new int[] {2}, new float[] {0.1f, -0.2f})));
        return net;
    }

    /** w = W flattened, then b. */
    private static double[] start() {
        return new double[] {0.5, -1, 1, 0.25, 0.1, -0.2};
    }

    /**
     * The gradient of the mean loss over {@code batch}: with smoothing ε, ∂L/∂z_c = p_c − (1 − ε)[c = y]
     * − ε/2 per example, divided by the batch size.
     */
    private static double[] gradient(double[] w, int[] batch, double eps) {
        double[] g = new double[6];
        for (int n : batch) {
            double z0 = w[0] * X[n][0] + w[1] * X[n][1] + w[4];
            double z1 = w[2] * X[n][0] + w[3] * X[n][1] + w[5];
            double m = Math.max(z0, z1);
            double e0 = Math.exp(z0 - m);
            double e1 = Math.exp(z1 - m);
            double[] p = {e0 / (e0 + e1), e1 / (e0 + e1)};
            for (int c = 0; c < 2; c++) {
                double dz = (p[c] - (1 - eps) * (c == Y[n] ? 1 : 0) - eps / 2) / batch.length;
                g[2 * c] += dz * X[n][0];
                g[2 * c + 1] += dz * X[n][1];
                g[4 + c] += dz;
            }
        }
        return g;
    }

    private static void assertWeights(double[] expected, Network net, String what) {
        WeightSnapshot s = net.snapshot();
        float[] w = s.get("layer1.weight").data();
        float[] b = s.get("layer1.bias").data();
        double[] actual = {w[0], w[1], w[2], w[3], b[0], b[1]};
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], actual[i], 2e-6, what + "[" + i + "]");
        }
    }

    @Test
    void adamwTakesPytorchsStepsWithDecoupledDecayOnKernelsOnly() {
        double lr = 0.05;
        double b1 = 0.9;
        double b2 = 0.99;
        double eps = 1e-8;
        double wd = 0.1;
        TrainSpec t = spec(
                "train.optimizer=adamw",
                "train.lr=" + lr,
                "train.beta1=" + b1,
                "train.beta2=" + b2,
                "train.weight_decay=" + wd);
        try (Network net = linear()) {
            EpochTrainer trainer = new EpochTrainer(net, t);
            trainer.run(DATA, new int[] {0, 1, 2, 3}, 2, step -> lr, 1, null, QUIET);
            double[] w = start();
            double[] m = new double[6];
            double[] v = new double[6];
            for (int step = 1; step <= 2; step++) {
                double[] g = gradient(w, step == 1 ? new int[] {0, 1} : new int[] {2, 3}, 0);
                for (int i = 0; i < 6; i++) {
                    if (i < 4) {
                        w[i] *= 1 - lr * wd; // kernels only: the bias is not decayed
                    }
                    m[i] = b1 * m[i] + (1 - b1) * g[i];
                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                    double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, step)) + eps;
                    w[i] -= lr / (1 - Math.pow(b1, step)) * m[i] / denom;
                }
            }
            assertWeights(w, net, "after two AdamW steps");
            Map<String, Tensor> state = trainer.optimizerState();
            assertEquals(
                    List.of(
                            "adamw.m/layer1.weight",
                            "adamw.m/layer1.bias",
                            "adamw.v/layer1.weight",
                            "adamw.v/layer1.bias"),
                    new ArrayList<>(state.keySet()));
            assertEquals(m[0], state.get("adamw.m/layer1.weight").data()[0], 1e-7);
            assertEquals(v[5], state.get("adamw.v/layer1.bias").data()[1], 1e-9);
        }
    }

    @Test
    void adamwResumedFromItsStateContinuesIdentically() {
        TrainSpec t = spec("train.optimizer=adamw", "train.lr=0.05", "train.weight_decay=0.1");
        try (Network a = linear();
                Network b = linear()) {
            EpochTrainer ta = new EpochTrainer(a, t);
            ta.run(DATA, new int[] {0, 1, 2, 3}, 2, s -> 0.05, 1, null, QUIET);
            // b does the first step, is "checkpointed", and a fresh trainer resumes at global step 2.
            EpochTrainer tb = new EpochTrainer(b, t);
            tb.run(DATA, new int[] {0, 1}, 2, s -> 0.05, 1, null, QUIET);
            EpochTrainer resumed = new EpochTrainer(b, t);
            resumed.loadOptimizerState(tb.optimizerState());
            resumed.run(DATA, new int[] {2, 3}, 2, s -> 0.05, 2, null, QUIET);
            assertEquals(a.snapshot(), b.snapshot(), "bit for bit");
        }
    }

    @Test
    void globalNormClippingScalesTheWholeGradient() {
        double lr = 0.5;
        double max = 0.1;
        TrainSpec t = spec("train.lr=" + lr, "train.momentum=0", "train.clip_norm=" + max);
        try (Network net = linear()) {
            new EpochTrainer(net, t).run(DATA, new int[] {0, 1, 2, 3}, 4, s -> lr, 1, null, QUIET);
            double[] w = start();
            double[] g = gradient(w, new int[] {0, 1, 2, 3}, 0);
            double norm = 0;
            for (double x : g) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            double coef = Math.min(1, max / (norm + 1e-6));
            assertNotEquals(1.0, coef, "the test needs a gradient longer than the clip");
            for (int i = 0; i < 6; i++) {
                w[i] -= lr * coef * g[i];
            }
            assertWeights(w, net, "after one clipped SGD step");
        }
    }

    @Test
    void labelSmoothingMovesTheTargetsTowardsUniform() {
        double lr = 0.5;
        double eps = 0.2;
        TrainSpec t = spec("train.lr=" + lr, "train.momentum=0", "train.label_smoothing=" + eps);
        try (Network net = linear()) {
            EpochStats stats = new EpochTrainer(net, t).run(DATA, new int[] {0, 1, 2, 3}, 4, s -> lr, 1, null, QUIET);
            double[] w = start();
            double[] g = gradient(w, new int[] {0, 1, 2, 3}, eps);
            for (int i = 0; i < 6; i++) {
                w[i] -= lr * g[i];
            }
            assertWeights(w, net, "after one smoothed SGD step");
            // The reported training loss is the smoothed one: (1 − ε)·NLL + ε·mean_c(−log p_c).
            double loss = 0;
            double[] s = start();
            for (int n = 0; n < 4; n++) {
                double z0 = s[0] * X[n][0] + s[1] * X[n][1] + s[4];
                double z1 = s[2] * X[n][0] + s[3] * X[n][1] + s[5];
                double lse =
                        Math.max(z0, z1) + Math.log(Math.exp(z0 - Math.max(z0, z1)) + Math.exp(z1 - Math.max(z0, z1)));
                double[] logp = {z0 - lse, z1 - lse};
                loss += (1 - eps) * -logp[Y[n]] + eps * -(logp[0] + logp[1]) / 2;
            }
            assertEquals(loss / 4, stats.meanLoss(), 1e-5);
        }
    }
}
