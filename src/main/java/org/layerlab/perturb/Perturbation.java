package org.layerlab.perturb;

/**
 * What is done to a unit (or group, or the whole model) of the trained network before measuring its
 * test error. The label is the value written in the {@code checkpoint} column of robustness.csv.
 */
public sealed interface Perturbation permits Perturbation.Reinitialize, Perturbation.Rerandomize {

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
}
