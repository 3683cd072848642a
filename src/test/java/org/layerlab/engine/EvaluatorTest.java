package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.init.Initializer;
import org.layerlab.metric.Score;
import org.layerlab.perturb.Perturbations;
import org.layerlab.progress.Progress;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.testing.ArrayBatchSource;
import org.layerlab.unit.Unit;

class EvaluatorTest {

    @Test
    void countErrorsWithHandSetWeights() {
        try (Network net = NetworkTest.small()) {
            net.load(NetworkTest.handWeights());
            // The hand net gives logits (3.5, −1) for this input: class 0. A zero input gives
            // layer1 (0, 0, 0), layer2 (0, 1, 0), logits (2 + 0.5, 0) = (2.5, 0): class 0 too.
            float[][] x = {{1, -1, 2, 0}, {1, -1, 2, 0}, {0, 0, 0, 0}};
            ArrayBatchSource data = new ArrayBatchSource(new int[] {1, 2, 2}, x, new int[] {0, 1, 1}, 2);
            assertEquals(2, EvaluatorTest.errors(Evaluator.score(net, data, 2)));
            assertEquals(2, EvaluatorTest.errors(Evaluator.score(net, data, 1000)));
        }
    }

    @Test
    void sharingThePrefixChangesNoCountAndLeavesTheWeightsAsTheyWere() {
        try (Network net = NetworkTest.fcn(2, 16, new Shape(1, 2, 2), 3)) {
            WeightSnapshot trained = Initializer.initialSnapshot(net.layout(), 1);
            WeightSnapshot other = Initializer.initialSnapshot(net.layout(), 2);
            net.load(trained);
            // 53 examples in batches of 8: the last batch is partial.
            ArrayBatchSource data = ArrayBatchSource.random(53, new int[] {1, 2, 2}, 3, 3);

            // Rows in an order other than by stage, as groups can be: layer3, layer1, a group, fullmodel.
            List<List<Unit>> rowUnits = List.of(
                    List.of(net.layout().unit("layer3")),
                    List.of(net.layout().unit("layer1")),
                    List.of(net.layout().unit("layer2"), net.layout().unit("layer3")),
                    net.layout().units());
            List<VariantRow> rows = new ArrayList<>();
            for (List<Unit> units : rowUnits) {
                int stage = units.stream().mapToInt(Unit::stage).min().orElseThrow();
                // The trained weights are not the last variant, which would hide a missing restore; the
                // last repeats the first draw, so the shared path reads two scores instead of measuring them.
                rows.add(VariantRow.sharing(
                        stage,
                        List.of(
                                Perturbations.reinitialize(other, units),
                                Perturbations.reinitialize(trained, units),
                                Perturbations.rerandomize(units, "r", 0, 9),
                                Perturbations.rerandomize(units, "r", 1, 9),
                                Perturbations.rerandomize(units, "r", 0, 9)),
                        false,
                        trained.select(org.layerlab.unit.ModelLayout.tensorNames(units))));
            }
            for (VariantRow row : rows) {
                assertEquals(List.of(0, VariantRow.TRAINED, 2, 3, 2), row.sources());
            }
            Progress.Task quiet = Progress.SILENT.start("test", 0);
            Score[][] sharedScores = Evaluator.gridScores(net, data, 8, rows, true, quiet);
            long[][] shared = EvaluatorTest.errors(sharedScores);
            assertEquals(trained, net.snapshot(), "weights restored after the shared-prefix pass");
            Score[][] fullScores = Evaluator.gridScores(net, data, 8, rows, false, quiet);
            long[][] full = EvaluatorTest.errors(fullScores);
            assertEquals(trained, net.snapshot(), "weights restored after the full pass");

            for (int r = 0; r < rows.size(); r++) {
                assertArrayEquals(
                        fullScores[r], sharedScores[r], "row " + r + ": identical scores, loss sums included");
                // And both agree with the plain definition: load the perturbed model, count errors.
                for (int v = 0; v < rows.get(r).variants().size(); v++) {
                    Map<String, Tensor> variant = rows.get(r).variants().get(v);
                    net.load(trained.with(variant));
                    assertEquals(
                            EvaluatorTest.errors(Evaluator.score(net, data, 53)),
                            shared[r][v],
                            "row " + r + " variant " + v);
                }
                net.load(trained);
            }
            long trainedErrors = EvaluatorTest.errors(Evaluator.score(net, data, 8));
            for (long[] row : shared) {
                assertEquals(trainedErrors, row[1], "re-initializing to the trained weights changes nothing");
            }
            // The test means something only if the variants differ in error.
            assertTrue(java.util.Arrays.stream(shared)
                            .flatMapToLong(java.util.Arrays::stream)
                            .distinct()
                            .count()
                    > 2);
        }
    }

    @Test
    void aVariantIsReadFromTheFirstEqualOneOrFromTheTrainedValues() {
        Map<String, Tensor> a = Map.of("w", new Tensor(new int[] {2}, new float[] {1, 2}));
        Map<String, Tensor> b = Map.of("w", new Tensor(new int[] {2}, new float[] {1, 3}));
        Map<String, Tensor> sameAsA = Map.of("w", new Tensor(new int[] {2}, new float[] {1, 2}));
        VariantRow row = VariantRow.sharing(0, List.of(b, a, b, sameAsA, a), true, a);
        assertEquals(List.of(0, VariantRow.TRAINED, 0, VariantRow.TRAINED, VariantRow.TRAINED), row.sources());
        assertEquals(6, row.columns(), "the removal is still a column of its own");
        assertEquals(
                List.of(0, 1, 0),
                VariantRow.sharing(0, List.of(a, b, sameAsA), false, Map.of()).sources());
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new VariantRow(0, List.of(a, b), false, List.of(1, 1)));
    }

    @Test
    void aVitsLayerNormsAreMeasuredOnceForTheirTwoEqualColumnsWithTheSameScoresAsTheFullPath() {
        DataShape images = TransformerNets.images(3, 8, 8, 4);
        try (Network net = TransformerNets.build(TransformerNets.vit(2, 4, 16, 2, null), images)) {
            WeightSnapshot initial = Initializer.initialSnapshot(net.layout(), 5);
            WeightSnapshot trained = TransformerNets.randomWeights(net, 0.3, 6);
            net.load(trained);
            ArrayBatchSource data = ArrayBatchSource.random(21, new int[] {3, 8, 8}, 4, 8);
            List<VariantRow> rows = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Unit u : net.layout().unitsAt(org.layerlab.unit.ModelLayout.BOTH)) {
                List<Unit> units = List.of(u);
                names.add(u.name());
                rows.add(VariantRow.sharing(
                        u.stage(),
                        List.of(
                                Perturbations.rerandomize(units, u.name(), 0, 3),
                                Perturbations.reinitialize(initial, units),
                                Perturbations.reinitialize(trained, units)),
                        false,
                        trained.select(org.layerlab.unit.ModelLayout.tensorNames(units))));
            }
            for (int r = 0; r < rows.size(); r++) {
                // LayerNorms (scale 1, shift 0), the zero class token and the zero head re-randomize to τ = 0.
                boolean deterministic = names.get(r).endsWith("ln1")
                        || names.get(r).endsWith("ln2")
                        || List.of("final_norm", "cls_token", "head").contains(names.get(r));
                assertEquals(
                        List.of(0, deterministic ? 0 : 1, VariantRow.TRAINED),
                        rows.get(r).sources(),
                        names.get(r));
            }
            Progress.Task quiet = Progress.SILENT.start("test", 0);
            Score[][] shared = Evaluator.gridScores(net, data, 8, rows, true, quiet);
            Score[][] full = Evaluator.gridScores(net, data, 8, rows, false, quiet);
            for (int r = 0; r < rows.size(); r++) {
                assertArrayEquals(full[r], shared[r], names.get(r));
            }
            assertEquals(trained, net.snapshot(), "weights restored");
        }
    }

    /** Misclassified examples of a score. */
    static long errors(Score s) {
        return s.count() - s.correct();
    }

    static long[][] errors(Score[][] scores) {
        long[][] out = new long[scores.length][];
        for (int r = 0; r < scores.length; r++) {
            out[r] = java.util.Arrays.stream(scores[r])
                    .mapToLong(EvaluatorTest::errors)
                    .toArray();
        }
        return out;
    }
}
