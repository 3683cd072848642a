package org.layerlab.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.analysis.RowInfo;
import org.layerlab.perturb.Perturbation;
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.robustness.Verdict;
import org.layerlab.robustness.VerdictRule;
import org.layerlab.run.AnalysisFiles;
import org.layerlab.train.EpochRecord;
import org.layerlab.train.TrainLog;

/**
 * A sweep's results over seeds, from the finished runs' own files ({@code analysis.json}, {@code train-log.csv}):
 * plain Java, no Spark. For each point and each cell of the robustness grid, the seeds' mean, sd and 95 % interval;
 * for each row re-initialized to checkpoint 0, the verdict of the means (the run's own rule applied to the mean
 * error at τ = 0 and the mean final error) and the fraction of seeds whose own verdict agrees; per point, the
 * number and fraction of units judged critical; and the mean test error per epoch.
 */
public record SweepSummary(String name, List<String> sweptKeys, List<PointSummary> points, List<Missing> missing) {

    /**
     * @param values each swept key's value at this point
     * @param runs the finished runs summarized (folders relative to the sweep)
     * @param planned runs planned for this point
     * @param criticalCount units (not groups, not the whole model) judged critical, over seeds
     * @param criticalFraction the same as a fraction of the units judged
     * @param withheld why the verdict of the means is withheld (network no better than chance), or null
     */
    public record PointSummary(
            String point,
            Map<String, String> values,
            List<String> runs,
            int planned,
            List<String> columns,
            List<Row> rows,
            SeedStats finalError,
            double chanceError,
            SeedStats criticalCount,
            SeedStats criticalFraction,
            int units,
            List<EpochStats> training,
            String withheld) {}

    /**
     * @param errors column → test error over seeds
     * @param verdict of the means ({@code robust}, {@code intermediate}, {@code critical}, {@code none}); null
     *     when the row has no checkpoint-0 column
     * @param damage d of the means
     * @param agree fraction of seeds whose own verdict is the same
     */
    public record Row(
            String unit, String kind, Map<String, SeedStats> errors, String verdict, double damage, double agree) {}

    public record EpochStats(int epoch, SeedStats testError) {}

    /** A planned run not in the summary, and why. */
    public record Missing(String run, String state, String reason) {}

    public static SweepSummary of(SweepFolder folder) {
        SweepPlan plan = folder.plan();
        List<Missing> missing = new ArrayList<>();
        List<PointSummary> points = new ArrayList<>();
        Map<String, SweepStatus.RunStatus> status = new HashMap<>();
        SweepStatus.of(folder, plan).forEach(s -> status.put(s.run().id(), s));
        for (Map.Entry<String, List<PlannedRun>> p : plan.points().entrySet()) {
            List<PlannedRun> done = new ArrayList<>();
            for (PlannedRun r : p.getValue()) {
                if (folder.isDone(r)) {
                    done.add(r);
                } else {
                    SweepStatus.RunStatus s = status.get(r.id());
                    missing.add(new Missing(
                            r.name(),
                            s.state().id(),
                            s.failure() == null ? "" : s.failure().reason()));
                }
            }
            if (!done.isEmpty()) {
                points.add(point(
                        folder,
                        p.getKey(),
                        p.getValue().get(0).values(),
                        done,
                        p.getValue().size()));
            }
        }
        return new SweepSummary(plan.name(), plan.sweptKeys(), points, missing);
    }

    static PointSummary point(
            SweepFolder folder, String point, Map<String, String> values, List<PlannedRun> runs, int planned) {
        List<AnalysisResult> results = new ArrayList<>();
        List<List<EpochRecord>> logs = new ArrayList<>();
        for (PlannedRun r : runs) {
            Path dir = folder.runDir(r);
            results.add(AnalysisFiles.read(dir.resolve("analysis.json")));
            Path log = dir.resolve("train-log.csv");
            logs.add(Files.isRegularFile(log) ? TrainLog.read(log) : List.of());
        }
        return point(point, values, runs.stream().map(PlannedRun::folder).toList(), planned, results, logs);
    }

    /** The summary of one point from its seeds' analyses and train logs (same model, so the same rows). */
    static PointSummary point(
            String point,
            Map<String, String> values,
            List<String> runs,
            int planned,
            List<AnalysisResult> results,
            List<List<EpochRecord>> logs) {
        AnalysisResult first = results.get(0);
        VerdictRule rule = first.rule();
        double chance = first.robustness().chanceValue();
        Set<String> columns = new LinkedHashSet<>();
        results.forEach(a -> columns.addAll(a.robustness().columns()));
        Map<String, String> kinds = new HashMap<>();
        for (RowInfo info : first.rows()) {
            kinds.put(info.name(), info.kind());
        }
        SeedStats fin = SeedStats.of(values(results, a -> a.robustness().finalValue()));
        List<Row> rows = new ArrayList<>();
        for (String row : first.robustness().rows()) {
            Map<String, SeedStats> errors = new LinkedHashMap<>();
            for (String col : columns) {
                errors.put(col, SeedStats.of(values(results, a -> cell(a.robustness(), row, col))));
            }
            String kind = kinds.getOrDefault(row, row.equals(RobustnessTable.FULL_MODEL) ? "fullmodel" : "unit");
            SeedStats atInit = errors.get("0");
            if (atInit == null || atInit.n() == 0) {
                rows.add(new Row(row, kind, errors, null, Double.NaN, Double.NaN));
                continue;
            }
            SeedStats rr = errors.get(Perturbation.Rerandomize.LABEL);
            Verdict v = rule.judge(row, atInit.mean(), fin.mean(), chance, rr == null ? Double.NaN : rr.mean());
            int agree = 0;
            for (AnalysisResult a : results) {
                if (a.verdicts().stream().anyMatch(x -> x.unit().equals(row) && x.category() == v.category())) {
                    agree++;
                }
            }
            rows.add(new Row(row, kind, errors, v.category().id(), v.damage(), (double) agree / results.size()));
        }
        double[] count = new double[results.size()];
        double[] fraction = new double[results.size()];
        for (int i = 0; i < results.size(); i++) {
            int critical = 0;
            int judged = 0;
            for (Verdict v : results.get(i).verdicts()) {
                if ("unit".equals(kinds.getOrDefault(v.unit(), "unit"))
                        && !v.unit().equals(RobustnessTable.FULL_MODEL)
                        && v.category() != Verdict.Category.NONE) {
                    judged++;
                    critical += v.category() == Verdict.Category.CRITICAL ? 1 : 0;
                }
            }
            count[i] = judged == 0 ? Double.NaN : critical;
            fraction[i] = judged == 0 ? Double.NaN : (double) critical / judged;
        }
        int units =
                (int) first.rows().stream().filter(r -> r.kind().equals("unit")).count();
        return new PointSummary(
                point,
                values,
                runs,
                planned,
                List.copyOf(columns),
                rows,
                fin,
                chance,
                SeedStats.of(count),
                SeedStats.of(fraction),
                units,
                training(logs),
                rule.withheld(fin.mean(), chance).orElse(null));
    }

    private static double cell(RobustnessTable t, String row, String col) {
        return t.has(row, col) ? t.value(row, col) : Double.NaN;
    }

    private static double[] values(
            List<AnalysisResult> results, java.util.function.ToDoubleFunction<AnalysisResult> f) {
        return results.stream().mapToDouble(f).toArray();
    }

    /** Mean test error per epoch over the seeds that logged it. */
    private static List<EpochStats> training(List<List<EpochRecord>> logs) {
        Map<Integer, List<Double>> byEpoch = new java.util.TreeMap<>();
        for (List<EpochRecord> log : logs) {
            for (EpochRecord e : log) {
                byEpoch.computeIfAbsent(e.epoch(), k -> new ArrayList<>()).add(e.testError());
            }
        }
        List<EpochStats> out = new ArrayList<>();
        byEpoch.forEach((epoch, v) -> out.add(new EpochStats(
                epoch, SeedStats.of(v.stream().mapToDouble(Double::doubleValue).toArray()))));
        return out;
    }
}
