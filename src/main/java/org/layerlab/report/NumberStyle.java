package org.layerlab.report;

import java.util.Locale;

/**
 * How a number is written in the report's cells and tables. Locale.ROOT everywhere: a run made on
 * a German machine must still print {@code 0.382}, not {@code 0,382}.
 */
public enum NumberStyle {
    /** Errors and fractions: always three decimals, so columns line up and 0.1 % steps show. */
    FIXED3 {
        @Override
        String finite(double v) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
    },
    /**
     * Distances, whose scale depends on the network and the metric: three significant digits when
     * small (a per-parameter RMS change of 0.00412 must not print as 0.004), three decimals up to 10,
     * fewer beyond, scientific beyond 10⁻⁴ … 10⁵. An exact zero (the final checkpoint) prints as 0.
     */
    COMPACT {
        @Override
        String finite(double v) {
            double a = Math.abs(v);
            if (a == 0) {
                return "0";
            }
            if (a < 1e-4 || a >= 1e5) {
                return String.format(Locale.ROOT, "%.2e", v);
            }
            if (a < 0.1) {
                return String.format(Locale.ROOT, "%.3g", v);
            }
            int decimals = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : 3;
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
    },
    /** Learning rates and other small positive settings: four significant digits. */
    SIGNIFICANT4 {
        @Override
        String finite(double v) {
            return String.format(Locale.ROOT, "%.4g", v)
                    .replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2")
                    .replaceFirst("\\.(e|$)", "$1");
        }
    };

    /** Not-a-number stands for "not measured" throughout the analysis records. */
    public static final String NOT_MEASURED = "n/a";

    abstract String finite(double v);

    public String format(double v) {
        if (Double.isNaN(v)) {
            return NOT_MEASURED;
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        return finite(v);
    }
}
