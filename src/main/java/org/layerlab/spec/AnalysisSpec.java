package org.layerlab.spec;

import java.util.List;
import org.layerlab.robustness.VerdictRule;

/** The perturbation grid and the verdict rule; see defaults.yaml. */
public record AnalysisSpec(
        int rerandomizeDraws,
        List<String> groups,
        int evalBatchSize,
        boolean sharePrefix,
        double robustAbs,
        double robustRel,
        double criticalFraction) {

    public AnalysisSpec {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public VerdictRule verdictRule() {
        return new VerdictRule(robustAbs, robustRel, criticalFraction);
    }
}
