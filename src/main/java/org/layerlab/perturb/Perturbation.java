package org.layerlab.perturb;

/**
 * What is done to a unit (or group, or the whole model) of the trained network before measuring its
 * test error. The label is the value written in the {@code checkpoint} column of robustness.csv.
 */
public sealed interface Perturbation permits Perturbation.Reinitialize, Perturbation.Rerandomize, Perturbation.Remove {

    String label();

    /** Set the unit back to its value at checkpoint epoch τ (Section 3, "re-initialization robustness"). */
    record Reinitialize(int epoch) implements Perturbation {
        @Override
        public String label() {
            return Integer.toString(epoch);
        }
    }

    /** Replace the unit by a fresh draw from its own initial distribution ("re-randomization robustness"). */
    record Rerandomize(int draw) implements Perturbation {
        public static final String LABEL = "rerandomize";

        @Override
        public String label() {
            return LABEL;
        }
    }

    /**
     * Replace the unit by the identity (a residual block's branch dropped; a layer of equal width skipped),
     * as in Veit et al. 2016 and ShortGPT 2024: possible only where the unit's output has its input's shape.
     */
    record Remove() implements Perturbation {
        public static final String LABEL = "remove";

        @Override
        public String label() {
            return LABEL;
        }
    }
}
