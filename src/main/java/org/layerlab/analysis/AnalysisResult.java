package org.layerlab.analysis;

import java.util.List;
import org.layerlab.distance.DistanceTable;
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.robustness.Verdict;
import org.layerlab.robustness.VerdictRule;

/**
 * Everything the analysis measured, as saved in {@code analysis.json}; the tidy CSVs and the report
 * are views of it.
 *
 * @param testSize number of test examples every error was measured on
 * @param verdictsWithheld why no row has a verdict (the trained network is not clearly better than
 *     chance), or null when the rule was applied
 * @param batchNormPolicy how BatchNorm running statistics are treated by the perturbations, in words
 * @param blockInfluence unit → Block Influence, for the units the identity can replace (analysis.remove)
 * @param notes why some rows or columns have no value, in words
 * @param seconds wall time of the analysis
 */
public record AnalysisResult(
        int testSize,
        VerdictRule rule,
        List<RowInfo> rows,
        RobustnessTable robustness,
        DistanceTable distances,
        List<Verdict> verdicts,
        String verdictsWithheld,
        String batchNormPolicy,
        java.util.Map<String, Double> blockInfluence,
        List<String> notes,
        double seconds) {

    public AnalysisResult {
        rows = List.copyOf(rows);
        verdicts = List.copyOf(verdicts);
        blockInfluence = blockInfluence == null
                ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(blockInfluence));
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** The same result with {@code more} notes first (how the run was trained, e.g. a frozen unit). */
    public AnalysisResult withNotes(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(more);
        all.addAll(notes);
        return new AnalysisResult(
                testSize,
                rule,
                rows,
                robustness,
                distances,
                verdicts,
                verdictsWithheld,
                batchNormPolicy,
                blockInfluence,
                all,
                seconds);
    }
}
