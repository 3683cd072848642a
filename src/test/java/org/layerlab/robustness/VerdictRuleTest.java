package org.layerlab.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.layerlab.robustness.Verdict.Category;

class VerdictRuleTest {
    /** The defaults of defaults.yaml: robust_damage 0.1, critical_damage 0.25, chance_margin 0.1. */
    private static final VerdictRule RULE = new VerdictRule(0.1, 0.25, 0.1);

    @Test
    void damageByHand() {
        // final 2 %, chance 90 %: the span is 0.88, so 0.38 is (0.38 − 0.02) / 0.88 = 0.40909…
        assertEquals(0.36 / 0.88, VerdictRule.damage(0.38, 0.02, 0.9), 1e-15);
        assertEquals(0, VerdictRule.damage(0.02, 0.02, 0.9));
        assertEquals(1, VerdictRule.damage(0.9, 0.02, 0.9), 1e-15);
        assertTrue(Double.isNaN(VerdictRule.damage(0.5, 0.9, 0.9)), "no span, no damage");
    }

    @Test
    void thresholdsForAnMnistLikeRun() {
        // robust up to 0.02 + 0.1 × 0.88 = 0.108, critical from 0.02 + 0.25 × 0.88 = 0.24.
        Verdict v = RULE.judge("layer2", 0.03, 0.02, 0.9, Double.NaN);
        assertEquals(0.108, v.robustBelow(), 1e-12);
        assertEquals(0.24, v.criticalAbove(), 1e-12);
        assertEquals(Category.ROBUST, v.category());
        assertEquals(0.01 / 0.88, v.damage(), 1e-12);
        assertEquals(
                Category.INTERMEDIATE,
                RULE.judge("x", 0.2, 0.02, 0.9, Double.NaN).category());
        assertEquals(
                Category.CRITICAL, RULE.judge("x", 0.85, 0.02, 0.9, Double.NaN).category());
    }

    @Property
    void boundariesBelongToRobustAndCritical(
            @ForAll @DoubleRange(min = 0, max = 0.7) double finalValue,
            @ForAll @DoubleRange(min = 0.5, max = 0.999) @net.jqwik.api.constraints.Scale(4) double chance) {
        if (finalValue > 0.9 * chance) {
            return; // withheld; covered below
        }
        Verdict v = RULE.judge("x", 0, finalValue, chance, Double.NaN);
        double robust = v.robustBelow();
        double critical = v.criticalAbove();
        assertTrue(robust < critical);
        // Below the robust line is robust and just past it is not, whatever rounding d picks up.
        assertEquals(
                Category.ROBUST,
                RULE.judge("x", finalValue, finalValue, chance, Double.NaN).category());
        assertEquals(
                Category.INTERMEDIATE,
                RULE.judge("x", (robust + critical) / 2, finalValue, chance, Double.NaN)
                        .category());
        assertEquals(
                Category.CRITICAL,
                RULE.judge("x", chance, finalValue, chance, Double.NaN).category());
        assertTrue(
                RULE.judge("x", robust + 1e-9, finalValue, chance, Double.NaN).category() != Category.ROBUST);
        assertTrue(
                RULE.judge("x", critical - 1e-9, finalValue, chance, Double.NaN).category() != Category.CRITICAL);
    }

    @Test
    void theVerdictCarriesTheNumbersItWasMadeFrom() {
        Verdict v = RULE.judge("layer1", 0.7, 0.02, 0.9, 0.88);
        assertEquals("layer1", v.unit());
        assertEquals(0.7, v.valueAtInit());
        assertEquals(0.02, v.finalValue());
        assertEquals(0.9, v.chanceValue());
        assertEquals(0.88, v.rerandomizeValue());
        assertEquals(0.86 / 0.88, v.rerandomizeDamage(), 1e-12);
        assertEquals("critical", v.category().id());
    }

    @Test
    void aNetworkNotClearlyBetterThanChanceGetsNoVerdicts() {
        // 0.9 × 0.9 = 0.81 is the worst final error that still gets verdicts.
        assertTrue(RULE.withheld(0.81, 0.9).isEmpty());
        assertTrue(RULE.withheld(0.8101, 0.9).isPresent());
        assertEquals(Category.NONE, RULE.judge("x", 0.9, 0.85, 0.9, Double.NaN).category());
        assertEquals(Category.NONE, RULE.judge("x", 0.85, 0.85, 0.9, Double.NaN).category(), "not robust either");
        // A NaN loss makes a NaN final error: no verdict, and the reason says so.
        assertEquals(
                Category.NONE,
                RULE.judge("x", Double.NaN, Double.NaN, 0.9, Double.NaN).category());
        assertTrue(RULE.withheld(Double.NaN, 0.9).orElseThrow().contains("not a number"));
        // Final error above chance (worse than guessing): the old rule let robust win here.
        assertEquals(Category.NONE, RULE.judge("x", 0.95, 0.95, 0.9, Double.NaN).category());
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
        assertEquals(0.85, vs.get(0).rerandomizeValue());
        assertEquals(Category.ROBUST, vs.get(1).category());
        assertTrue(Double.isNaN(vs.get(1).rerandomizeValue()), "not measured is NaN, not 0");
    }

    @Test
    void outOfRangeRulesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(-0.01, 0.25, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(0.3, 0.25, 0.1), "robust above critical");
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(0.25, 0.25, 0.1), "robust = critical");
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(0.1, 1.5, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(0.1, 0.25, 1));
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(Double.NaN, 0.25, 0.1));
    }
}
