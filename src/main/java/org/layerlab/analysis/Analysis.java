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
import org.layerlab.metric.Metric;
import org.layerlab.metric.Score;
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
    private final long variantBudget;
    private final Metric metric;

    /**
     * The replacement tensors (every column of a row) are held twice, on the heap and on the device, while
     * their rows are measured; rows are taken in chunks of at most this many floats, one pass over the
     * test set per chunk, so many draws or checkpoints of a large model never need memory for all of them
     * at once. 64 Mi floats (256 MB) keeps a whole FCN or width-1/4 grid in one pass.
     */
    static final long VARIANT_FLOATS_PER_PASS = 64L << 20;

    /**
     * @param checkpoints the kept snapshots by epoch; the highest epoch is the trained model
     */
    public Analysis(Network net, Map<Integer, WeightSnapshot> checkpoints, AnalysisSpec spec, long seed) {
        this(net, checkpoints, spec, seed, VARIANT_FLOATS_PER_PASS);
    }

    Analysis(Network net, Map<Integer, WeightSnapshot> checkpoints, AnalysisSpec spec, long seed, long variantBudget) {
        this.net = net;
        this.checkpoints = new java.util.TreeMap<>(checkpoints);
        this.spec = spec;
        this.seed = seed;
        this.variantBudget = variantBudget;
        this.metric = net.metric();
    }

    public static final String BATCHNORM_POLICY = "Re-initialization restores a unit's BatchNorm running mean and "
            + "variance together with its weights (they are the unit's values at checkpoint τ); re-randomization "
            + "resets them as at initialization (scale 1, shift 0, mean 0, variance 1).";

    public AnalysisResult run(BatchSource test, Progress progress) {
        long t0 = System.nanoTime();
        List<Integer> epochs = new ArrayList<>(checkpoints.keySet());
        WeightSnapshot trained = checkpoints.get(epochs.get(epochs.size() - 1));
        WeightSnapshot initial = checkpoints.get(epochs.get(0));
        List<Row> rows = Rows.of(net.layout().at(spec.units()), spec.groups());
        List<Perturbation> columns = new ArrayList<>();
        for (int d = 0; d < spec.rerandomizeDraws(); d++) {
            columns.add(new Perturbation.Rerandomize(d));
        }
        epochs.forEach(e -> columns.add(new Perturbation.Reinitialize(e)));

        net.load(trained);
        int n = test.size();
        double finalValue = metric.value(Evaluator.score(net, test, spec.evalBatchSize()));

        Score[][] scores = new Score[rows.size()][];
        List<Map<String, Distance>> distances = new ArrayList<>();
        long work = (long) rows.size() * columns.size() * n;
        try (Progress.Task bar = progress.start("analyze", work)) {
            List<Long> rowFloats = rows.stream()
                    .map(row -> columns.size()
                            * row.units().stream()
                                    .mapToLong(Unit::parameterCount)
                                    .sum())
                    .toList();
            List<List<Integer>> chunks = chunks(rowFloats, variantBudget);
            for (List<Integer> chunk : chunks) {
                List<VariantRow> variantRows = new ArrayList<>();
                for (int r : chunk) {
                    Row row = rows.get(r);
                    List<Map<String, Tensor>> vs = new ArrayList<>();
                    for (Perturbation p : columns) {
                        vs.add(Perturbations.apply(p, row.units(), row.info().name(), checkpoints, seed));
                    }
                    variantRows.add(new VariantRow(row.startStage(), vs));
                    distances.add(distances(row, columns, vs, trained, initial));
                }
                Score[][] s =
                        Evaluator.gridScores(net, test, spec.evalBatchSize(), variantRows, spec.sharePrefix(), bar);
                for (int k = 0; k < chunk.size(); k++) {
                    scores[chunk.get(k)] = s[k];
                }
                bar.completed(chunkDone(chunks, chunk, rows.size()));
            }
        }

        List<String> columnLabels = new ArrayList<>();
        columns.stream().map(Perturbation::label).distinct().forEach(columnLabels::add);
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        Map<String, Map<String, Double>> tokenErrors = new LinkedHashMap<>();
        Map<String, List<Double>> draws = new LinkedHashMap<>();
        Map<String, Map<String, Distance>> distanceRows = new LinkedHashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            String name = rows.get(r).info().name();
            values.put(name, cells(columns, scores[r], metric::value, draws, name));
            if (metric != Metric.ERROR) {
                tokenErrors.put(name, cells(columns, scores[r], Score::errorRate, new LinkedHashMap<>(), name));
            }
            distanceRows.put(name, distances.get(r));
        }
        List<String> rowNames = rows.stream().map(x -> x.info().name()).toList();
        double chance = metric.chance(test.numClasses());
        RobustnessTable table =
                new RobustnessTable(metric, finalValue, chance, rowNames, columnLabels, values, draws, tokenErrors);
        List<Verdict> verdicts = spec.verdictRule().judgeAll(table);
        return new AnalysisResult(
                n,
                spec.verdictRule(),
                rows.stream().map(Row::info).toList(),
                table,
                new DistanceTable(rowNames, columnLabels, distanceRows),
                verdicts,
                spec.verdictRule().withheld(finalValue, chance).orElse(null),
                BATCHNORM_POLICY,
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * One row's cells: {@code rerandomize} (the mean over draws, each draw also put in {@code draws}),
     * then each checkpoint's column.
     */
    private static Map<String, Double> cells(
            List<Perturbation> columns,
            Score[] scores,
            java.util.function.ToDoubleFunction<Score> value,
            Map<String, List<Double>> draws,
            String row) {
        Map<String, Double> byCheckpoint = new LinkedHashMap<>();
        List<Double> rr = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            double v = value.applyAsDouble(scores[c]);
            if (columns.get(c) instanceof Perturbation.Rerandomize) {
                rr.add(v);
            } else {
                byCheckpoint.put(columns.get(c).label(), v);
            }
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        if (!rr.isEmpty()) {
            ordered.put(
                    Perturbation.Rerandomize.LABEL,
                    rr.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
            draws.put(row, rr);
        }
        ordered.putAll(byCheckpoint);
        return ordered;
    }

    /** Distances from the trained unit to what each column puts in its place; one rerandomize column, the first draw. */
    private static Map<String, Distance> distances(
            Row row,
            List<Perturbation> columns,
            List<Map<String, Tensor>> variants,
            WeightSnapshot trained,
            WeightSnapshot initial) {
        Map<String, Tensor> trainedT = trained.select(row.tensorNames());
        Map<String, Tensor> initialT = initial.select(row.tensorNames());
        Map<String, Distance> d = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c) instanceof Perturbation.Rerandomize draw && draw.draw() > 0) {
                continue;
            }
            d.put(columns.get(c).label(), Distances.between(row.units(), trainedT, variants.get(c), initialT));
        }
        return d;
    }

    /**
     * Splits rows 0..n-1, in order, into runs whose sizes (floats of all their variants) sum to at most
     * {@code budget}; a row larger than the budget forms a run of its own.
     */
    static List<List<Integer>> chunks(List<Long> rowFloats, long budget) {
        List<List<Integer>> out = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long floats = 0;
        for (int r = 0; r < rowFloats.size(); r++) {
            long size = rowFloats.get(r);
            if (!current.isEmpty() && floats + size > budget) {
                out.add(current);
                current = new ArrayList<>();
                floats = 0;
            }
            current.add(r);
            floats += size;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /**
     * "2/5 chunks (40 %)" once {@code chunk} is measured. Chunks are consecutive runs of rows and every row
     * costs the same (all columns over the whole test set), so the rows done are the share of the work done.
     */
    static String chunkDone(List<List<Integer>> chunks, List<Integer> chunk, int rowCount) {
        int rowsDone = chunk.get(chunk.size() - 1) + 1;
        return String.format(
                java.util.Locale.ROOT,
                "%d/%d chunks (%d %%)",
                chunks.indexOf(chunk) + 1,
                chunks.size(),
                100 * rowsDone / rowCount);
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
