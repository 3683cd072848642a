package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.init.Initializer;
import org.layerlab.metric.Score;
import org.layerlab.perturb.Perturbations;
import org.layerlab.random.Rng;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.testing.ArrayBatchSource;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

/** The study's two uses of a CNN: SGD lowers its loss, and the grid of perturbed variants is exact. */
class ConvNetTrainingTest {

    /** 16 noisy images whose class is the sign of their brightness: easy for any of these networks. */
    private static ArrayBatchSource brightOrDark(int[] example) {
        Rng rng = new Rng(21);
        int size = Arrays.stream(example).reduce(1, (a, b) -> a * b);
        float[][] x = new float[16][size];
        int[] y = new int[16];
        for (int i = 0; i < 16; i++) {
            y[i] = i % 2;
            for (int j = 0; j < size; j++) {
                x[i][j] = (float) (rng.uniform(-1, 1) + (y[i] == 1 ? 0.5 : -0.5));
            }
        }
        return new ArrayBatchSource(example, x, y, 2);
    }

    /** A few SGD steps on one small batch lower the loss; nothing turns NaN. */
    private static void sgdLowersTheLoss(Network net, int[] example, double lr) {
        ArrayBatchSource data = brightOrDark(example);
        net.load(Initializer.initialSnapshot(net.layout(), 2));
        EpochTrainer trainer = new EpochTrainer(net, 0.9, 0);
        int[] order = new int[16];
        Arrays.setAll(order, i -> i);
        double[] loss = new double[12];
        for (int e = 0; e < loss.length; e++) {
            loss[e] =
                    trainer.runEpoch(data, order, 16, lr, null, ConvNets.QUIET).meanLoss();
            assertTrue(Double.isFinite(loss[e]), "loss " + Arrays.toString(loss));
        }
        assertTrue(loss[loss.length - 1] < 0.8 * loss[0], net.layout().arch() + " losses " + Arrays.toString(loss));
    }

    @Test
    void sgdLowersTheLossOfEachArchitecture() {
        // Without normalization, the paper's init (σ = 1/√fan_in) shrinks the signal through VGG's
        // ten ReLU layers, so its gradients are small and it needs a larger rate to move in 12 steps.
        try (Network net = ConvNets.vgg("vgg11", 0.25, "none", new Shape(3, 32, 32), 2)) {
            sgdLowersTheLoss(net, new int[] {3, 32, 32}, 0.1);
        }
        try (Network net = ConvNets.resnet("resnet18", 0.25, "batchnorm", null, new Shape(3, 8, 8), 2)) {
            sgdLowersTheLoss(net, new int[] {3, 8, 8}, 0.02);
        }
        try (Network net = ConvNets.resnet("resnet18", 0.25, "none", null, new Shape(3, 8, 8), 2)) {
            sgdLowersTheLoss(net, new int[] {3, 8, 8}, 0.02);
        }
        try (Network net = ConvNets.resnet("resnet50", 0.25, "batchnorm", null, new Shape(3, 8, 8), 2)) {
            sgdLowersTheLoss(net, new int[] {3, 8, 8}, 0.02);
        }
    }

    /**
     * A "trained" snapshot without training: the initial draw with every BatchNorm tensor set to
     * values away from its initial 1 or 0, so inference depends on each unit's statistics.
     */
    private static WeightSnapshot withMovedBatchNorms(Network net, long seed) {
        WeightSnapshot init = Initializer.initialSnapshot(net.layout(), seed);
        Rng rng = new Rng(seed + 100);
        Map<String, Tensor> moved = new HashMap<>();
        for (TensorSpec t : net.layout().tensors().values()) {
            double lo = switch (t.role()) {
                case NORM_SCALE -> 0.5;
                case RUNNING_VAR -> 0.3;
                case NORM_SHIFT, RUNNING_MEAN -> -0.5;
                default -> Double.NaN;
            };
            if (!Double.isNaN(lo)) {
                float[] v = new float[Math.toIntExact(t.numel())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) rng.uniform(lo, lo + 1);
                }
                moved.put(t.name(), new Tensor(t.shape(), v));
            }
        }
        return init.with(moved);
    }

    /** Shared-prefix and full-network grids agree with each other and with loading each variant. */
    private static void gridsAgree(
            Network net, WeightSnapshot trained, WeightSnapshot other, int[] example, int classes) {
        net.load(trained);
        // 37 examples in batches of 8: the last batch is partial.
        ArrayBatchSource data = ArrayBatchSource.random(37, example, classes, 3);
        List<List<Unit>> rowUnits = new ArrayList<>();
        for (Unit u : net.layout().units()) {
            rowUnits.add(List.of(u));
        }
        List<Unit> units = net.layout().units();
        rowUnits.add(List.of(units.get(units.size() - 2), units.get(1)));
        rowUnits.add(units);
        List<VariantRow> rows = new ArrayList<>();
        for (List<Unit> group : rowUnits) {
            int stage = group.stream().mapToInt(Unit::stage).min().orElseThrow();
            rows.add(new VariantRow(
                    stage,
                    List.of(
                            Perturbations.reinitialize(other, group),
                            Perturbations.rerandomize(group, "r", 0, 9),
                            Perturbations.reinitialize(trained, group))));
        }
        Score[][] sharedScores = Evaluator.gridScores(net, data, 8, rows, true, ConvNets.QUIET);
        long[][] shared = EvaluatorTest.errors(sharedScores);
        assertEquals(trained, net.snapshot(), "weights and running statistics restored after the shared pass");
        Score[][] fullScores = Evaluator.gridScores(net, data, 8, rows, false, ConvNets.QUIET);
        long[][] full = EvaluatorTest.errors(fullScores);
        assertEquals(trained, net.snapshot(), "weights and running statistics restored after the full pass");
        long trainedErrors = EvaluatorTest.errors(Evaluator.score(net, data, 8));
        for (int r = 0; r < rows.size(); r++) {
            assertArrayEquals(fullScores[r], sharedScores[r], "row " + r + ": identical scores, loss sums included");
            for (int v = 0; v < rows.get(r).variants().size(); v++) {
                net.load(trained.with(rows.get(r).variants().get(v)));
                assertEquals(
                        EvaluatorTest.errors(Evaluator.score(net, data, 37)),
                        shared[r][v],
                        "row " + r + " variant " + v);
            }
            net.load(trained);
            assertEquals(trainedErrors, shared[r][2], "re-initializing to the trained values changes nothing");
        }
        assertTrue(
                Arrays.stream(shared).flatMapToLong(Arrays::stream).distinct().count() > 2,
                "the variants differ in error, else the comparison proves little");
    }

    @Test
    void gridOfATinyVggIsTheSameWithAndWithoutPrefixSharing() {
        try (Network net = ConvNets.vgg("vgg11", 1.0 / 16, "none", new Shape(3, 32, 32), 5)) {
            gridsAgree(
                    net,
                    Initializer.initialSnapshot(net.layout(), 1),
                    Initializer.initialSnapshot(net.layout(), 2),
                    new int[] {3, 32, 32},
                    5);
        }
    }

    @Test
    void gridOfATinyResnetWithBatchNormIsTheSameWithAndWithoutPrefixSharing() {
        try (Network net = ConvNets.resnet("resnet18", 1.0 / 16, "batchnorm", null, new Shape(3, 8, 8), 5)) {
            assertTrue(net.layout().tensors().values().stream().anyMatch(t -> t.role() == TensorRole.RUNNING_MEAN));
            gridsAgree(net, withMovedBatchNorms(net, 1), withMovedBatchNorms(net, 2), new int[] {3, 8, 8}, 5);
        }
    }
}
