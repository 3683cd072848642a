package org.layerlab.spec;

import java.util.List;
import org.layerlab.robustness.VerdictRule;

/** The perturbation grid and the verdict rule; see defaults.yaml. */
public record AnalysisSpec(
        String units,
        int rerandomizeDraws,
        List<String> groups,
        String cumulative,
        boolean remove,
        int evalBatchSize,
        boolean sharePrefix,
        double robustDamage,
        double criticalDamage,
        double chanceMargin) {

    public AnalysisSpec {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** The same analysis with prefix sharing on or off (the benchmark compares both). */
    public AnalysisSpec withSharePrefix(boolean share) {
        return new AnalysisSpec(
                units,
                rerandomizeDraws,
                groups,
                cumulative,
                remove,
                evalBatchSize,
                share,
                robustDamage,
                criticalDamage,
                chanceMargin);
    }

    public VerdictRule verdictRule() {
        return new VerdictRule(robustDamage, criticalDamage, chanceMargin);
    }
}
