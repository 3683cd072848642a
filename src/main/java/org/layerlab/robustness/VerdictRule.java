package org.layerlab.robustness;

import java.util.ArrayList;
import java.util.List;

/**
 * The explicit rule that turns the τ=0 re-initialization error into a verdict (the paper calls a
 * layer robust when resetting it to its initial value barely hurts, critical when it sends the
 * network towards chance; Section 3):
 *
 * <ul>
 *   <li>robust if err(τ=0) − err_final ≤ max(robustAbs, robustRel · err_final);
 *   <li>critical if err(τ=0) ≥ err_final + criticalFraction · (err_chance − err_final);
 *   <li>intermediate otherwise.
 * </ul>
 */
public record VerdictRule(double robustAbs, double robustRel, double criticalFraction) {

    public VerdictRule {
        if (robustAbs < 0 || robustRel < 0 || criticalFraction <= 0 || criticalFraction > 1) {
            throw new IllegalArgumentException(
                    "verdict rule out of range: " + robustAbs + ", " + robustRel + ", " + criticalFraction);
        }
    }

    /** How much worse than the trained network a robust row may be: max(robustAbs, robustRel · err_final). */
    public double robustMargin(double finalError) {
        return Math.max(robustAbs, robustRel * finalError);
    }

    /** err_final + criticalFraction · (err_chance − err_final). */
    public double criticalAbove(double finalError, double chanceError) {
        return finalError + criticalFraction * (chanceError - finalError);
    }

    public Verdict judge(String unit, double errorAtInit, double finalError, double chanceError, double rerandomize) {
        double robustBelow = finalError + robustMargin(finalError);
        double criticalAbove = criticalAbove(finalError, chanceError);
        Verdict.Category c;
        if (errorAtInit <= robustBelow) {
            c = Verdict.Category.ROBUST;
        } else if (errorAtInit >= criticalAbove) {
            c = Verdict.Category.CRITICAL;
        } else {
            c = Verdict.Category.INTERMEDIATE;
        }
        return new Verdict(unit, c, errorAtInit, finalError, chanceError, robustBelow, criticalAbove, rerandomize);
    }

    /** A verdict for every row that was re-initialized to checkpoint 0. */
    public List<Verdict> judgeAll(RobustnessTable table) {
        List<Verdict> out = new ArrayList<>();
        for (String row : table.rows()) {
            if (!table.has(row, "0")) {
                continue;
            }
            double rr = table.has(row, org.layerlab.perturb.Perturbation.Rerandomize.LABEL)
                    ? table.error(row, org.layerlab.perturb.Perturbation.Rerandomize.LABEL)
                    : Double.NaN;
            out.add(judge(row, table.error(row, "0"), table.finalError(), table.chanceError(), rr));
        }
        return out;
    }
}
