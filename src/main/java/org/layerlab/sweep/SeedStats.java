package org.layerlab.sweep;

import java.util.Arrays;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * One number over a point's seeds: how many seeds gave it, their mean, the sample standard deviation (n − 1) and
 * the 95 % confidence interval of the mean from Student's t, mean ± t(0.975, n − 1) · sd / √n. With one seed the
 * spread is unknown (sd and interval NaN); values that are not finite (not measured) are left out.
 */
public record SeedStats(int n, double mean, double sd, double ciLow, double ciHigh) {
    private static final SeedStats NONE = new SeedStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static SeedStats of(double... values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
        int n = v.length;
        if (n == 0) {
            return NONE;
        }
        double mean = Arrays.stream(v).sum() / n;
        if (n == 1) {
            return new SeedStats(1, mean, Double.NaN, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double half = TDistribution.of(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
        return new SeedStats(n, mean, sd, mean - half, mean + half);
    }

    /** Half the width of the interval (NaN without one). */
    public double halfWidth() {
        return (ciHigh - ciLow) / 2;
    }
}
