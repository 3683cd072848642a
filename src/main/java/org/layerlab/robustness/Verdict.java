package org.layerlab.robustness;

/**
 * The call on one row of the robustness table, with the numbers it was made from so a reader can
 * check it: the rule is in {@link VerdictRule}.
 *
 * @param valueAtInit test error after re-initializing the row to checkpoint 0
 * @param damage the normalized damage d = (valueAtInit − finalValue) / (chanceValue − finalValue)
 * @param robustBelow the row is robust when valueAtInit ≤ this
 * @param criticalAbove the row is critical when valueAtInit ≥ this
 * @param rerandomizeValue mean test error after re-randomization (NaN when not measured)
 * @param rerandomizeDamage d of the re-randomization column (NaN when not measured)
 */
public record Verdict(
        String unit,
        Category category,
        double valueAtInit,
        double damage,
        double finalValue,
        double chanceValue,
        double robustBelow,
        double criticalAbove,
        double rerandomizeValue,
        double rerandomizeDamage) {

    public enum Category {
        ROBUST,
        INTERMEDIATE,
        CRITICAL,
        /** No verdict: the trained network is not clearly better than chance (AnalysisResult says why). */
        NONE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
