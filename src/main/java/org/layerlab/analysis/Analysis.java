package org.layerlab.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.layerlab.distance.Distance;
import org.layerlab.distance.DistanceTable;
import org.layerlab.distance.Distances;
import org.layerlab.engine.BlockInfluence;
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
import org.layerlab.unit.ModelLayout;
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
        // Units model.remove left out of the network have no row: resetting them changes nothing.
        ModelLayout whole = net.layout();
        List<Unit> presentBlocks =
                whole.units().stream().filter(u -> !net.isRemoved(u)).toList();
        // The parts of the blocks that are there stay known, for groups of parts and their robust group.
        ModelLayout layout = presentBlocks.size() == whole.units().size()
                ? whole
                : new ModelLayout(
                        whole.arch(),
                        whole.numStages(),
                        presentBlocks,
                        whole.parts().stream().filter(u -> !net.isRemoved(u)).toList());
        List<Unit> unitRows = whole.unitsAt(spec.units()).stream()
                .filter(u -> !net.isRemoved(u))
                .toList();
        List<Row> rows = new ArrayList<>(Rows.of(layout, unitRows, spec.groups(), spec.cumulative()));
        List<Perturbation> columns = new ArrayList<>();
        for (int d = 0; d < spec.rerandomizeDraws(); d++) {
            columns.add(new Perturbation.Rerandomize(d));
        }
        epochs.forEach(e -> columns.add(new Perturbation.Reinitialize(e)));
        // Removal applies to single units whose output has their input's shape (Network.removable).
        Set<String> removable = new LinkedHashSet<>();
        if (spec.remove()) {
            layout.units().stream().filter(u -> net.removable(u, layout)).forEach(u -> removable.add(u.name()));
        }
        BlockInfluence influence = removable.isEmpty()
                ? null
                : new BlockInfluence(layout.units().stream()
                        .filter(u -> removable.contains(u.name()))
                        .map(Unit::stage)
                        .collect(Collectors.toSet()));

        net.load(trained);
        int n = test.size();
        double chance = metric.chance(test.numClasses());

        Measured measured;
        double finalValue;
        boolean robustGroup = spec.groups().stream().anyMatch(g -> g.trim().equals(Rows.ROBUST));
        String robustNote = null;
        try (Progress.Task bar = progress.start("analyze", work(rows, columns, removable, n) * (robustGroup ? 2 : 1))) {
            measured = measure(rows, columns, removable, influence, trained, initial, test, bar);
            // The last column re-initializes to the final checkpoint, which is the trained model: any row's score
            // there is the trained network's, measured in the grid's pass (no pass of its own).
            finalValue = metric.value(measured.scores().get(0)[columns.size() - 1]);
            if (robustGroup) {
                // The robust group is known once the units are judged: the rule on the first pass's table.
                RobustnessTable first = table(rows, columns, measured, finalValue, chance, removable);
                List<String> robust = spec.verdictRule().judgeAll(first).stream()
                        .filter(v -> v.category() == Verdict.Category.ROBUST)
                        .map(Verdict::unit)
                        .filter(u -> unitRows.stream().anyMatch(x -> x.name().equals(u)))
                        .toList();
                Row row = Rows.robust(layout, robust);
                if (row == null) {
                    // Withheld verdicts judge no unit: "none is robust" would claim a finding that was not made.
                    robustNote = spec.verdictRule()
                            .withheld(finalValue, chance)
                            .map(why -> "the robust group has no row: verdicts are withheld (" + why
                                    + "), so no unit is called robust")
                            .orElse("no unit is robust in this run, so the robust group has no row");
                } else {
                    Measured more = measure(List.of(row), columns, Set.of(), null, trained, initial, test, bar);
                    int at = rows.size() - 1; // before fullmodel
                    rows.add(at, row);
                    measured = measured.insert(at, more);
                }
            }
        }
        RobustnessTable table = table(rows, columns, measured, finalValue, chance, removable);
        List<String> rowNames = rows.stream().map(x -> x.info().name()).toList();
        Map<String, Map<String, Distance>> distanceRows = new LinkedHashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            distanceRows.put(rowNames.get(r), measured.distances().get(r));
        }
        Map<String, Double> blockInfluence = new LinkedHashMap<>();
        if (influence != null) {
            Map<Integer, Double> byStage = influence.values();
            for (Unit u : layout.units()) {
                if (removable.contains(u.name())) {
                    blockInfluence.put(u.name(), byStage.get(u.stage()));
                }
            }
        }
        List<Verdict> verdicts = spec.verdictRule().judgeAll(table);
        return new AnalysisResult(
                n,
                spec.verdictRule(),
                rows.stream().map(Row::info).toList(),
                table,
                new DistanceTable(
                        rowNames,
                        table.columns().stream()
                                .filter(c -> !c.equals(Perturbation.Remove.LABEL))
                                .toList(),
                        distanceRows),
                verdicts,
                spec.verdictRule().withheld(finalValue, chance).orElse(null),
                BATCHNORM_POLICY,
                blockInfluence,
                notes(spec, layout, removable, robustNote),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Scores and distances of some rows: scores[row][column], the removal last where measured. */
    record Measured(List<Score[]> scores, List<Map<String, Distance>> distances) {
        Measured insert(int at, Measured more) {
            List<Score[]> s = new ArrayList<>(scores);
            List<Map<String, Distance>> d = new ArrayList<>(distances);
            s.addAll(at, more.scores);
            d.addAll(at, more.distances);
            return new Measured(s, d);
        }
    }

    private static long work(List<Row> rows, List<Perturbation> columns, Set<String> removable, int n) {
        return ((long) rows.size() * columns.size() + removable.size()) * n;
    }

    private Measured measure(
            List<Row> rows,
            List<Perturbation> columns,
            Set<String> removable,
            BlockInfluence influence,
            WeightSnapshot trained,
            WeightSnapshot initial,
            BatchSource test,
            Progress.Task bar) {
        Score[][] scores = new Score[rows.size()][];
        List<Map<String, Distance>> distances = new ArrayList<>();
        List<Long> rowFloats = rows.stream()
                .map(row -> columns.size()
                        * row.units().stream().mapToLong(Unit::parameterCount).sum())
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
                boolean remove = row.info().kind().equals("unit")
                        && removable.contains(row.info().name());
                variantRows.add(VariantRow.sharing(row.startStage(), vs, remove, trained.select(row.tensorNames())));
                distances.add(distances(row, columns, vs, trained, initial));
            }
            // Block Influence rides on the first chunk's pass over the test split.
            Score[][] s = Evaluator.gridScores(
                    net,
                    test,
                    spec.evalBatchSize(),
                    variantRows,
                    spec.sharePrefix(),
                    bar,
                    chunk == chunks.get(0) ? influence : null);
            for (int k = 0; k < chunk.size(); k++) {
                scores[chunk.get(k)] = s[k];
            }
            bar.completed(chunkDone(chunks, chunk, rows.size()));
        }
        return new Measured(java.util.Arrays.asList(scores), distances);
    }

    private RobustnessTable table(
            List<Row> rows,
            List<Perturbation> columns,
            Measured measured,
            double finalValue,
            double chance,
            Set<String> removable) {
        List<String> columnLabels = new ArrayList<>();
        columns.stream().map(Perturbation::label).distinct().forEach(columnLabels::add);
        if (spec.remove()) {
            columnLabels.add(Perturbation.Remove.LABEL);
        }
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        Map<String, Map<String, Double>> tokenErrors = new LinkedHashMap<>();
        Map<String, List<Double>> draws = new LinkedHashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            String name = rows.get(r).info().name();
            Score[] s = measured.scores().get(r);
            values.put(name, cells(columns, s, metric::value, draws, name));
            if (metric != Metric.ERROR) {
                tokenErrors.put(name, cells(columns, s, Score::errorRate, new LinkedHashMap<>(), name));
            }
            if (s.length > columns.size()) {
                Map<String, Double> v = new LinkedHashMap<>(values.get(name));
                v.put(Perturbation.Remove.LABEL, metric.value(s[columns.size()]));
                values.put(name, v);
                if (metric != Metric.ERROR) {
                    Map<String, Double> te = new LinkedHashMap<>(tokenErrors.get(name));
                    te.put(Perturbation.Remove.LABEL, s[columns.size()].errorRate());
                    tokenErrors.put(name, te);
                }
            }
        }
        List<String> rowNames = rows.stream().map(x -> x.info().name()).toList();
        return new RobustnessTable(metric, finalValue, chance, rowNames, columnLabels, values, draws, tokenErrors);
    }

    /** What the reader needs to know about rows or columns that have no value, in words. */
    private List<String> notes(AnalysisSpec a, ModelLayout layout, Set<String> removable, String robustNote) {
        List<String> out = new ArrayList<>();
        if (a.remove()) {
            List<String> kept = layout.unitNames().stream()
                    .filter(u -> !removable.contains(u))
                    .toList();
            if (!kept.isEmpty()) {
                out.add("remove: no value for " + String.join(", ", kept) + ": their output does not have their"
                        + " input's shape (or they share a stage with another unit), so the identity cannot take"
                        + " their place; groups, cumulative rows and fullmodel are not removed either");
            }
        }
        if (robustNote != null) {
            out.add(robustNote);
        }
        return out;
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
