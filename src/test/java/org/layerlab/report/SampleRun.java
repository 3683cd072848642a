package org.layerlab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.analysis.RowInfo;
import org.layerlab.distance.Distance;
import org.layerlab.distance.DistanceTable;
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.robustness.VerdictRule;
import org.layerlab.train.EpochRecord;

/**
 * A made-up but plausible run: a 4-unit network on a 10-class task trained for 10 epochs, where the
 * first layer is critical, the second intermediate and the last two robust, as the paper finds for
 * wide-enough networks. Verdicts come from the real {@link VerdictRule}, not typed in.
 */
final class SampleRun {
    static final List<String> UNITS = List.of("layer1", "layer2", "layer3", "layer4");
    static final String GROUP = "layer2+layer3";
    static final List<String> ROWS = List.of("layer1", "layer2", "layer3", "layer4", GROUP, "fullmodel");
    static final List<String> COLUMNS = List.of("rerandomize", "0", "1", "2", "3", "10");
    static final double FINAL = 0.062;
    static final double CHANCE = 0.9;
    /** Not the defaults, so the report is seen to print the configured parameters. */
    static final VerdictRule RULE = new VerdictRule(0.05, 0.4, 0.1);

    static final String SPEC_YAML = """
            # resolved spec
            name: sample-run
            model: {arch: fcn, widths: [256, 256, 256]}
            notes: "<script>alert('x')</script> & friends"
            train: {epochs: 10, lr: 0.1, milestones: [5]}
            """;

    // Test error per row for columns rerandomize, 0, 1, 2, 3, 10 (10 = final checkpoint = trained model).
    private static final double[][] ERRORS = {
        {0.901, 0.874, 0.412, 0.207, 0.121, FINAL},
        {0.897, 0.305, 0.118, 0.081, 0.071, FINAL},
        {0.884, 0.066, 0.064, 0.063, 0.063, FINAL},
        {0.851, 0.069, 0.066, 0.064, 0.063, FINAL},
        {0.900, 0.300, 0.168, 0.097, 0.079, FINAL},
        {0.900, 0.903, 0.621, 0.384, 0.243, FINAL},
    };
    private static final double[][] L2_REL = {
        {1.414, 0.962, 0.551, 0.318, 0.204, 0},
        {1.413, 0.412, 0.231, 0.144, 0.097, 0},
        {1.414, 0.087, 0.051, 0.033, 0.021, 0},
        {1.411, 0.118, 0.074, 0.046, 0.030, 0},
        {1.414, 0.253, 0.143, 0.091, 0.061, 0},
        {1.414, 0.392, 0.223, 0.131, 0.086, 0},
    };
    private static final long[] PARAMS = {200_960, 65_792, 65_792, 2_570, 131_584, 335_114};

    private SampleRun() {}

    static AnalysisResult analysis() {
        Map<String, Map<String, Double>> errors = new LinkedHashMap<>();
        Map<String, Map<String, Distance>> distances = new LinkedHashMap<>();
        Map<String, List<Double>> draws = new LinkedHashMap<>();
        for (int r = 0; r < ROWS.size(); r++) {
            Map<String, Double> e = new LinkedHashMap<>();
            Map<String, Distance> d = new LinkedHashMap<>();
            for (int c = 0; c < COLUMNS.size(); c++) {
                e.put(COLUMNS.get(c), ERRORS[r][c]);
                double rel = L2_REL[r][c];
                d.put(COLUMNS.get(c), new Distance(rel * 17.3, rel, rel * 0.041, rel * 0.83));
            }
            errors.put(ROWS.get(r), e);
            distances.put(ROWS.get(r), d);
            double mean = ERRORS[r][0];
            draws.put(ROWS.get(r), List.of(mean - 0.004, mean + 0.001, mean + 0.003));
        }
        RobustnessTable table = new RobustnessTable(FINAL, CHANCE, ROWS, COLUMNS, errors, draws);
        List<RowInfo> rows = new ArrayList<>();
        for (int r = 0; r < ROWS.size(); r++) {
            String name = ROWS.get(r);
            String kind = r < 4 ? "unit" : name.equals("fullmodel") ? "fullmodel" : "group";
            List<String> units = r < 4 ? List.of(name) : kind.equals("group") ? List.of("layer2", "layer3") : UNITS;
            rows.add(new RowInfo(name, kind, units, PARAMS[r]));
        }
        return new AnalysisResult(
                10_000,
                RULE,
                rows,
                table,
                new DistanceTable(ROWS, COLUMNS, distances),
                RULE.judgeAll(table),
                null,
                "BatchNorm running statistics are reset together with the unit's weights & biases.",
                java.util.Map.of(),
                List.of(),
                123.4);
    }

    static List<EpochRecord> trainLog() {
        double[] test = {0.901, 0.412, 0.233, 0.171, 0.139, 0.121, 0.079, 0.071, 0.066, 0.064, FINAL};
        List<EpochRecord> log = new ArrayList<>();
        for (int e = 0; e <= 10; e++) {
            double lr = e <= 5 ? 0.1 : 0.01;
            double train = Math.max(0.002, test[e] - 0.02 * e);
            log.add(new EpochRecord(
                    e,
                    lr,
                    2.303 * train / 0.9 + 0.01,
                    train,
                    2.303 * test[e] / 0.9,
                    test[e],
                    e == 0 ? 2.1 : 14.8 + e * 0.1));
        }
        return log;
    }

    static Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("layerlab", "0.1.0-SNAPSHOT");
        p.put("git", Map.of("commit", "5979987c0ffee", "dirty", false));
        p.put("java", "17.0.15");
        p.put("djl", "0.36.0");
        p.put("seeds", List.of(42, 43, 44));
        p.put("dataset", Map.of("name", "synthetic-10", "sha256", "9f86d081884c7d65"));
        p.put("host", "<b>build-host</b>");
        return p;
    }

    static ReportInputs inputs() {
        return new ReportInputs("sample-run", SPEC_YAML, provenance(), trainLog(), analysis());
    }
}
