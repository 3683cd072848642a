package org.layerlab.robustness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.layerlab.perturb.Perturbation;

/**
 * The explicit rule that turns a row's re-initialization result into a verdict. It works on the
 * normalized damage
 *
 * <pre>d = (e − e_final) / (e_chance − e_final)</pre>
 *
 * where e is the test metric after re-initializing the row to checkpoint 0: d = 0 means "as good as the
 * trained network", d = 1 "as bad as guessing". A row is
 *
 * <ul>
 *   <li>robust if d ≤ robustDamage;
 *   <li>critical if d ≥ criticalDamage;
 *   <li>intermediate otherwise.
 * </ul>
 *
 * <p>The defaults (0.1 and 0.25, in defaults.yaml) label the paper's own figures as the paper does
 * (VerdictRulePaperTest): FCN on MNIST (Fig. 1), VGG-11 on CIFAR-10 and ResNet-50 on ImageNet (arXiv v1,
 * Figs. 2 and 4). Normalizing by the distance to chance makes one rule fit a 2 %-error MNIST network
 * and a 35 %-error ImageNet one, which an absolute error margin cannot.
 *
 * <p>A network that is not clearly better than chance has nothing to lose, so every row would look
 * robust: when e_final is not finite or e_final &gt; (1 − chanceMargin) · e_chance, no row gets a
 * verdict and {@link #withheld} says why.
 */
public record VerdictRule(double robustDamage, double criticalDamage, double chanceMargin) {

    public VerdictRule {
        if (!(robustDamage >= 0 && robustDamage < criticalDamage && criticalDamage <= 1)) {
            throw new IllegalArgumentException("verdict rule needs 0 ≤ robust_damage < critical_damage ≤ 1, got "
                    + robustDamage + ", " + criticalDamage);
        }
        if (!(chanceMargin >= 0 && chanceMargin < 1)) {
            throw new IllegalArgumentException("chance margin must be in [0, 1), got " + chanceMargin);
        }
    }

    /** (e − e_final) / (e_chance − e_final); NaN when the span is not positive. */
    public static double damage(double value, double finalValue, double chanceValue) {
        double span = chanceValue - finalValue;
        return span > 0 ? (value - finalValue) / span : Double.NaN;
    }

    /** The metric value at which d = robustDamage: rows at or below it are robust. */
    public double robustBelow(double finalValue, double chanceValue) {
        return finalValue + robustDamage * (chanceValue - finalValue);
    }

    /** The metric value at which d = criticalDamage: rows at or above it are critical. */
    public double criticalAbove(double finalValue, double chanceValue) {
        return finalValue + criticalDamage * (chanceValue - finalValue);
    }

    /** Why no row may be judged, or empty when the trained network is clearly better than chance. */
    public Optional<String> withheld(double finalValue, double chanceValue) {
        double limit = (1 - chanceMargin) * chanceValue;
        if (!Double.isFinite(finalValue)) {
            return Optional.of("the trained network's test result is " + finalValue + ", not a number");
        }
        if (finalValue > limit) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "the trained network (%.4f) is not clearly better than chance (%.4f): verdicts need at most"
                            + " (1 − chance_margin) × chance = %.4f",
                    finalValue,
                    chanceValue,
                    limit));
        }
        return Optional.empty();
    }

    public Verdict judge(String unit, double atInit, double finalValue, double chanceValue, double rerandomize) {
        double d = damage(atInit, finalValue, chanceValue);
        Verdict.Category c;
        if (withheld(finalValue, chanceValue).isPresent() || Double.isNaN(d)) {
            c = Verdict.Category.NONE;
        } else if (d <= robustDamage) {
            c = Verdict.Category.ROBUST;
        } else if (d >= criticalDamage) {
            c = Verdict.Category.CRITICAL;
        } else {
            c = Verdict.Category.INTERMEDIATE;
        }
        return new Verdict(
                unit,
                c,
                atInit,
                d,
                finalValue,
                chanceValue,
                robustBelow(finalValue, chanceValue),
                criticalAbove(finalValue, chanceValue),
                rerandomize,
                damage(rerandomize, finalValue, chanceValue));
    }

    /** A verdict for every row that was re-initialized to checkpoint 0 (category NONE when withheld). */
    public List<Verdict> judgeAll(RobustnessTable table) {
        List<Verdict> out = new ArrayList<>();
        for (String row : table.rows()) {
            if (!table.has(row, "0")) {
                continue;
            }
            double rr = table.has(row, Perturbation.Rerandomize.LABEL)
                    ? table.value(row, Perturbation.Rerandomize.LABEL)
                    : Double.NaN;
            out.add(judge(row, table.value(row, "0"), table.finalValue(), table.chanceValue(), rr));
        }
        return out;
    }
}
