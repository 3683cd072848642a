package org.layerlab.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.robustness.Verdict.Category;

class VerdictRuleTest {
    /** The defaults of defaults.yaml: robust_abs 0.02, robust_rel 0.1, critical_fraction 0.5. */
    private static final VerdictRule RULE = new VerdictRule(0.02, 0.1, 0.5);

    @Test
    void thresholdsForAnMnistLikeRun() {
        // final 2 %, chance 90 %: robust up to 2 % + max(2 %, 0.1·2 %) = 4 %,
        // critical from 2 % + 0.5·(90 % − 2 %) = 46 %.
        Verdict v = RULE.judge("layer2", 0.03, 0.02, 0.9, Double.NaN);
        assertEquals(0.04, v.robustBelow(), 1e-12);
        assertEquals(0.46, v.criticalAbove(), 1e-12);
        assertEquals(Category.ROBUST, v.category());
        assertEquals(
                Category.INTERMEDIATE,
                RULE.judge("x", 0.2, 0.02, 0.9, Double.NaN).category());
        assertEquals(
                Category.CRITICAL, RULE.judge("x", 0.85, 0.02, 0.9, Double.NaN).category());
    }

    @Test
    void theRelativeMarginWinsWhenTheFinalErrorIsLarge() {
        // final 30 %: 0.1·30 % = 3 % > 2 %, so robust up to 33 %; 32.5 % would be intermediate with the
        // absolute margin alone.
        Verdict v = RULE.judge("x", 0.325, 0.3, 0.9, Double.NaN);
        assertEquals(0.33, v.robustBelow(), 1e-12);
        assertEquals(Category.ROBUST, v.category());
        assertEquals(
                Category.INTERMEDIATE,
                new VerdictRule(0.02, 0, 0.5)
                        .judge("x", 0.325, 0.3, 0.9, Double.NaN)
                        .category());
    }

    @Test
    void boundariesBelongToRobustAndCritical() {
        Verdict v = RULE.judge("x", 0, 0.02, 0.9, Double.NaN);
        double robust = v.robustBelow();
        double critical = v.criticalAbove();
        assertEquals(
                Category.ROBUST, RULE.judge("x", robust, 0.02, 0.9, Double.NaN).category());
        assertEquals(
                Category.INTERMEDIATE,
                RULE.judge("x", Math.nextUp(robust), 0.02, 0.9, Double.NaN).category());
        assertEquals(
                Category.CRITICAL,
                RULE.judge("x", critical, 0.02, 0.9, Double.NaN).category());
        assertEquals(
                Category.INTERMEDIATE,
                RULE.judge("x", Math.nextDown(critical), 0.02, 0.9, Double.NaN).category());
        // The exact literal boundary: 0.02 + 0.02 is the double nearest 0.04.
        assertEquals(
                Category.ROBUST, RULE.judge("x", 0.04, 0.02, 0.9, Double.NaN).category());
    }

    @Test
    void theVerdictCarriesTheNumbersItWasMadeFrom() {
        Verdict v = RULE.judge("layer1", 0.7, 0.02, 0.9, 0.88);
        assertEquals("layer1", v.unit());
        assertEquals(0.7, v.errorAtInit());
        assertEquals(0.02, v.finalError());
        assertEquals(0.9, v.chanceError());
        assertEquals(0.88, v.rerandomizeError());
        assertEquals("critical", v.category().id());
    }

    @Test
    void judgeAllUsesTheEpochZeroColumnAndTheRerandomizeMean() {
        RobustnessTable t = new RobustnessTable(
                0.02,
                0.9,
                List.of("layer1", "layer2", "fullmodel"),
                List.of("rerandomize", "0", "5"),
                Map.of(
                        "layer1",
                        Map.of("rerandomize", 0.85, "0", 0.8, "5", 0.03),
                        "layer2",
                        Map.of("0", 0.021, "5", 0.02),
                        "fullmodel",
                        Map.of("rerandomize", 0.9, "5", 0.5)),
                Map.of());
        List<Verdict> vs = RULE.judgeAll(t);
        assertEquals(2, vs.size(), "a row without a τ=0 column gets no verdict");
        assertEquals(Category.CRITICAL, vs.get(0).category());
        assertEquals(0.85, vs.get(0).rerandomizeError());
        assertEquals(Category.ROBUST, vs.get(1).category());
        assertTrue(Double.isNaN(vs.get(1).rerandomizeError()), "not measured is NaN, not 0");
    }

    @Test
    void outOfRangeRulesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(-0.01, 0.1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(0.02, -0.1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(0.02, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(0.02, 0.1, 1.5));
    }
}
