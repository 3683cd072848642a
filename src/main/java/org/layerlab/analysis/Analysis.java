package org.layerlab.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerlab.distance.Distance;
import org.layerlab.distance.DistanceTable;
import org.layerlab.distance.Distances;
import org.layerlab.engine.Evaluator;
import org.layerlab.engine.Network;
import org.layerlab.engine.VariantRow;
import org.layerlab.perturb.Perturbation;
import org.layerlab.perturb.Perturbations;
import org.layerlab.progress.Progress;
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.robustness.Verdict;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.AnalysisSpec;
import org.layerlab.train.BatchSource;
import org.layerlab.unit.Unit;

/**
 * The study proper (Section 3 of the paper): starting from the trained model, perturb each row of the
 * grid (every unit, every requested group, and the full model) as each column says — re-randomize, or
 * re-initialize to checkpoint τ — and measure the test error, with no retraining.
 */
public final class Analysis {
    private final Network net;
    private final Map<Integer, WeightSnapshot> checkpoints;
    private final AnalysisSpec spec;
    private final long seed;

    /**
     * @param checkpoints the kept snapshots by epoch; the highest epoch is the trained model
     */
    public Analysis(Network net, Map<Integer, WeightSnapshot> checkpoints, AnalysisSpec spec, long seed) {
        this.net = net;
        this.checkpoints = new java.util.TreeMap<>(checkpoints);
        this.spec = spec;
        this.seed = seed;
    }

    public static final String BATCHNORM_POLICY = "Re-initialization restores a unit's BatchNorm running mean and "
            + "variance together with its weights (they are the unit's values at checkpoint τ); re-randomization "
            + "resets them as at initialization (scale 1, shift 0, mean 0, variance 1).";

    public AnalysisResult run(BatchSource test, Progress progress) {
        long t0 = System.nanoTime();
        List<Integer> epochs = new ArrayList<>(checkpoints.keySet());
        WeightSnapshot trained = checkpoints.get(epochs.get(epochs.size() - 1));
        WeightSnapshot initial = checkpoints.get(epochs.get(0));
        List<Row> rows = Rows.of(net.layout(), spec.groups());
        List<Perturbation> columns = new ArrayList<>();
        for (int d = 0; d < spec.rerandomizeDraws(); d++) {
            columns.add(new Perturbation.Rerandomize(d));
        }
        epochs.forEach(e -> columns.add(new Perturbation.Reinitialize(e)));

        net.load(trained);
        int n = test.size();
        double finalError = (double) Evaluator.countErrors(net, test, spec.evalBatchSize()) / n;

        List<VariantRow> variantRows = new ArrayList<>();
        for (Row row : rows) {
            List<Map<String, Tensor>> vs = new ArrayList<>();
            for (Perturbation p : columns) {
                vs.add(Perturbations.apply(p, row.units(), row.info().name(), checkpoints, seed));
            }
            variantRows.add(new VariantRow(row.startStage(), vs));
        }
        long work = (long) rows.size() * columns.size() * n;
        long[][] wrong;
        try (Progress.Task bar = progress.start("analyze", work)) {
            wrong = Evaluator.gridErrors(net, test, spec.evalBatchSize(), variantRows, spec.sharePrefix(), bar);
        }

        List<String> columnLabels = new ArrayList<>();
        columns.stream().map(Perturbation::label).distinct().forEach(columnLabels::add);
        Map<String, Map<String, Double>> errors = new LinkedHashMap<>();
        Map<String, List<Double>> draws = new LinkedHashMap<>();
        Map<String, Map<String, Distance>> distances = new LinkedHashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            String name = row.info().name();
            Map<String, Double> e = new LinkedHashMap<>();
            Map<String, Distance> d = new LinkedHashMap<>();
            List<Double> rr = new ArrayList<>();
            Map<String, Tensor> trainedT = trained.select(row.tensorNames());
            Map<String, Tensor> initialT = initial.select(row.tensorNames());
            for (int c = 0; c < columns.size(); c++) {
                Perturbation p = columns.get(c);
                double err = (double) wrong[r][c] / n;
                if (p instanceof Perturbation.Rerandomize draw) {
                    rr.add(err);
                    if (draw.draw() > 0) {
                        continue; // the distance table has one rerandomize column: the first draw
                    }
                } else {
                    e.put(p.label(), err);
                }
                Map<String, Tensor> put = variantRows.get(r).variants().get(c);
                d.put(p.label(), Distances.between(row.units(), trainedT, put, initialT));
            }
            Map<String, Double> ordered = new LinkedHashMap<>();
            if (!rr.isEmpty()) {
                ordered.put(Perturbation.Rerandomize.LABEL, rr.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
                draws.put(name, rr);
            }
            ordered.putAll(e);
            errors.put(name, ordered);
            distances.put(name, d);
        }
        List<String> rowNames = rows.stream().map(x -> x.info().name()).toList();
        double chance = 1.0 - 1.0 / test.numClasses();
        RobustnessTable table = new RobustnessTable(finalError, chance, rowNames, columnLabels, errors, draws);
        List<Verdict> verdicts = spec.verdictRule().judgeAll(table);
        return new AnalysisResult(n, spec.verdictRule(), rows.stream().map(Row::info).toList(), table,
                new DistanceTable(rowNames, columnLabels, distances), verdicts, BATCHNORM_POLICY,
                (System.nanoTime() - t0) / 1e9);
    }

    /** A row with the units it perturbs. */
    record Row(RowInfo info, List<Unit> units) {
        int startStage() {
            return units.stream().mapToInt(Unit::stage).min().orElseThrow();
        }

        List<String> tensorNames() {
            return org.layerlab.unit.ModelLayout.tensorNames(units);
        }
    }
}
