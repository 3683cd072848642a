package org.layerlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.DataShape;
import org.layerlab.engine.Network;
import org.layerlab.engine.Networks;
import org.layerlab.init.Initializer;
import org.layerlab.progress.Progress;
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.robustness.Verdict;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.testing.ArrayBatchSource;

/**
 * Joint and cumulative resets, removal and Block Influence: exact identities, and small cases worked
 * out by hand. An FCN with 2 inputs, hidden layers of width 2 and 3 classes: layer1 (2 → 2), layer2 and
 * layer3 (2 → 2, the shape-preserving ones), layer4 (2 → 3).
 */
class JointResetsTest {
    private static final DataShape SHAPE = DataShape.images(new int[] {1, 1, 2}, 3);
    private static final ArrayBatchSource TEST = ArrayBatchSource.random(60, new int[] {1, 1, 2}, 3, 5);

    private static ExperimentSpec spec(String... sets) {
        List<String> all = new ArrayList<>(List.of("model.depth=3", "model.width=2", "analysis.eval_batch_size=16"));
        all.addAll(List.of(sets));
        return SpecLoader.load("fcn-mnist-quick", all);
    }

    private static Map<Integer, WeightSnapshot> checkpoints(Network net) {
        Map<Integer, WeightSnapshot> cps = new LinkedHashMap<>();
        cps.put(0, Initializer.initialSnapshot(net.layout(), 1));
        cps.put(1, Initializer.initialSnapshot(net.layout(), 2));
        cps.put(2, Initializer.initialSnapshot(net.layout(), 3));
        return cps;
    }

    private static AnalysisResult analyze(ExperimentSpec s, Network net, Map<Integer, WeightSnapshot> cps) {
        return new Analysis(net, cps, s.analysis(), 7).run(TEST, Progress.SILENT);
    }

    @Test
    void cumulativeRowsAndTheAllGroupMatchUnitAndFullModelRowsExactly() {
        ExperimentSpec s = spec("analysis.cumulative=both", "analysis.groups=[all]", "analysis.rerandomize_draws=1");
        try (Network net = Networks.build(s.model(), SHAPE, "cpu")) {
            RobustnessTable t = analyze(s, net, checkpoints(net)).robustness();
            assertEquals(
                    List.of(
                            "layer1",
                            "layer2",
                            "layer3",
                            "layer4",
                            "all",
                            "bottom-1",
                            "bottom-2",
                            "bottom-3",
                            "bottom-4",
                            "top-1",
                            "top-2",
                            "top-3",
                            "top-4",
                            "fullmodel"),
                    t.rows());
            for (String tau : List.of("0", "1", "2")) {
                assertEquals(t.value("layer1", tau), t.value("bottom-1", tau), "bottom-1 @ " + tau);
                assertEquals(t.value("layer4", tau), t.value("top-1", tau), "top-1 @ " + tau);
                assertEquals(t.value("fullmodel", tau), t.value("bottom-4", tau), "bottom-4 @ " + tau);
                assertEquals(t.value("fullmodel", tau), t.value("top-4", tau), "top-4 @ " + tau);
                assertEquals(t.value("fullmodel", tau), t.value("all", tau), "all @ " + tau);
            }
            // The identities mean something only if the rows differ from each other.
            assertTrue(t.value("bottom-2", "0") != t.value("bottom-4", "0")
                    || t.value("top-2", "0") != t.value("top-4", "0"));
        }
    }

    /**
     * After layer1's ReLU every activation is ≥ 0, where layer2 with weights I and bias 0 (and its ReLU) is
     * exactly the identity: removing layer2 must score what re-initializing it to (I, 0) scores.
     */
    @Test
    void removingALayerIsTheIdentityInItsPlace() {
        ExperimentSpec s = spec("analysis.remove=true", "analysis.rerandomize_draws=0");
        try (Network net = Networks.build(s.model(), SHAPE, "cpu")) {
            Map<Integer, WeightSnapshot> cps = checkpoints(net);
            WeightSnapshot identity2 = cps.get(2)
                    .with(Map.of(
                            "layer2.weight", new Tensor(new int[] {2, 2}, new float[] {1, 0, 0, 1}),
                            "layer2.bias", new Tensor(new int[] {2}, new float[] {0, 0})));
            cps.put(1, identity2);
            AnalysisResult a = analyze(s, net, cps);
            RobustnessTable t = a.robustness();
            assertEquals(List.of("0", "1", "2", "remove"), t.columns());
            assertEquals(t.value("layer2", "1"), t.value("layer2", "remove"), "remove = re-init to the identity");
            assertTrue(t.has("layer3", "remove"));
            assertFalse(t.has("layer1", "remove"), "2 inputs → 2: but a 1×1×2 image is not a 2-vector");
            assertFalse(t.has("layer4", "remove"), "2 → 3 changes the shape");
            assertFalse(t.has("fullmodel", "remove"));
            assertTrue(
                    a.notes().get(0).startsWith("remove: no value for layer1, layer4"),
                    a.notes().toString());
            assertEquals(
                    List.of("layer2", "layer3"), List.copyOf(a.blockInfluence().keySet()));
        }
    }

    /**
     * Block Influence by hand: layer2 swapping its two inputs (weights [[0, 1], [1, 0]], bias 0) maps a
     * non-negative h to (h₁, h₀), so per example cos = 2·h₀·h₁ / (h₀² + h₁²); and 0 for layer3 as the
     * identity.
     */
    @Test
    void blockInfluenceByHand() {
        ExperimentSpec s = spec("analysis.remove=true", "analysis.rerandomize_draws=0");
        try (Network net = Networks.build(s.model(), SHAPE, "cpu")) {
            Map<Integer, WeightSnapshot> cps = checkpoints(net);
            WeightSnapshot trained = cps.get(2)
                    .with(Map.of(
                            "layer2.weight", new Tensor(new int[] {2, 2}, new float[] {0, 1, 1, 0}),
                            "layer2.bias", new Tensor(new int[] {2}, new float[] {0, 0}),
                            "layer3.weight", new Tensor(new int[] {2, 2}, new float[] {1, 0, 0, 1}),
                            "layer3.bias", new Tensor(new int[] {2}, new float[] {0, 0})));
            cps.put(2, trained);
            AnalysisResult a = analyze(s, net, cps);
            // h = ReLU(W1 x + b1), in double, example by example.
            float[] w1 = trained.get("layer1.weight").data();
            float[] b1 = trained.get("layer1.bias").data();
            double sum = 0;
            for (int i = 0; i < TEST.size(); i++) {
                float[] x = TEST.example(i);
                double h0 = Math.max(0, w1[0] * x[0] + w1[1] * x[1] + b1[0]);
                double h1 = Math.max(0, w1[2] * x[0] + w1[3] * x[1] + b1[1]);
                double norm = h0 * h0 + h1 * h1;
                sum += norm == 0 ? 1 : 2 * h0 * h1 / norm;
            }
            assertEquals(1 - sum / TEST.size(), a.blockInfluence().get("layer2"), 1e-5);
            assertEquals(0, a.blockInfluence().get("layer3"), 1e-6, "an identity block");
        }
    }

    @Test
    void theRobustGroupIsTheUnitsJudgedRobustResetTogether() {
        ExperimentSpec s = spec("analysis.groups=[robust]", "analysis.rerandomize_draws=0");
        try (Network net = Networks.build(s.model(), SHAPE, "cpu")) {
            Map<Integer, WeightSnapshot> cps = checkpoints(net);
            // The trained model 2 differs from checkpoint 0 only in layer1 and layer4: layers 2 and 3 reset
            // to 0 change nothing (d = 0, robust); layer1 and layer4 are judged by what they do.
            WeightSnapshot trained = cps.get(0)
                    .with(Map.of(
                            "layer1.weight", cps.get(2).get("layer1.weight"),
                            "layer4.weight", cps.get(2).get("layer4.weight")));
            cps.put(2, trained);
            // Labels from the trained model itself: its test error is 0, far from chance, so verdicts are given.
            ArrayBatchSource labelled = labelledBy(trained);
            AnalysisResult a = new Analysis(net, cps, s.analysis(), 7).run(labelled, Progress.SILENT);
            assertEquals(0, a.robustness().finalValue());
            List<String> robust = a.verdicts().stream()
                    .filter(v -> v.category() == Verdict.Category.ROBUST
                            && !v.unit().contains("(")
                            && !v.unit().equals("fullmodel"))
                    .map(Verdict::unit)
                    .toList();
            assertTrue(robust.containsAll(List.of("layer2", "layer3")), robust.toString());
            String row = "robust(" + String.join("+", robust) + ")";
            RobustnessTable t = a.robustness();
            assertTrue(t.rows().contains(row), t.rows().toString());
            // The same units as a hand-named group give the same cells.
            ExperimentSpec named =
                    spec("analysis.groups=[\"" + String.join(",", robust) + "\"]", "analysis.rerandomize_draws=0");
            RobustnessTable byName = new Analysis(net, cps, named.analysis(), 7)
                    .run(labelled, Progress.SILENT)
                    .robustness();
            for (String tau : List.of("0", "1", "2")) {
                assertEquals(byName.value(String.join("+", robust), tau), t.value(row, tau), tau);
            }
        }
    }

    /**
     * A residual block x + F(x) whose branch ends in a zero convolution is exactly x: removing the block
     * (its branch dropped) must score what re-initializing its last convolution to zero scores.
     */
    @Test
    void removingAResidualBlockDropsItsBranch() {
        ExperimentSpec s = SpecLoader.load(
                "resnet18-cifar10-w4",
                List.of("analysis.remove=true", "analysis.rerandomize_draws=0", "analysis.eval_batch_size=16"));
        DataShape images = DataShape.images(new int[] {3, 8, 8}, 10);
        ArrayBatchSource test = ArrayBatchSource.random(24, new int[] {3, 8, 8}, 10, 3);
        try (Network net = Networks.build(s.model(), images, "cpu")) {
            Map<Integer, WeightSnapshot> cps = checkpoints(net);
            Tensor conv2 = cps.get(2).get("stage1.resblk2.conv2.weight");
            cps.put(
                    1,
                    cps.get(2)
                            .with(Map.of(
                                    "stage1.resblk2.conv2.weight",
                                    new Tensor(conv2.shape(), new float[conv2.size()]))));
            AnalysisResult a = new Analysis(net, cps, s.analysis(), 7).run(test, Progress.SILENT);
            RobustnessTable t = a.robustness();
            assertEquals(t.value("stage1.resblk2", "1"), t.value("stage1.resblk2", "remove"));
            assertTrue(t.has("stage2.resblk2", "remove"), "identity shortcut: removable");
            assertFalse(t.has("stage2.resblk1", "remove"), "projection shortcut: the shape changes");
            assertFalse(t.has("stage0", "remove"));
        }
    }

    /** TEST's inputs with the classes {@code w} predicts, worked out here layer by layer. */
    private static ArrayBatchSource labelledBy(WeightSnapshot w) {
        float[][] xs = new float[TEST.size()][];
        int[] labels = new int[TEST.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = TEST.example(i);
            double[] h = {xs[i][0], xs[i][1]};
            for (int layer = 1; layer <= 4; layer++) {
                float[] k = w.get("layer" + layer + ".weight").data();
                float[] b = w.get("layer" + layer + ".bias").data();
                double[] out = new double[b.length];
                for (int o = 0; o < out.length; o++) {
                    out[o] = b[o] + k[o * 2] * h[0] + k[o * 2 + 1] * h[1];
                    if (layer < 4) {
                        out[o] = Math.max(0, out[o]);
                    }
                }
                h = out;
            }
            labels[i] = h[0] >= h[1] && h[0] >= h[2] ? 0 : h[1] >= h[2] ? 1 : 2;
        }
        return new ArrayBatchSource(new int[] {1, 1, 2}, xs, labels, 3);
    }
}
