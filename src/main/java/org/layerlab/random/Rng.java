package org.layerlab.random;

import java.util.SplittableRandom;

/**
 * A seeded stream of the draws the study needs, built on {@link SplittableRandom} (whose algorithm
 * is specified, so a seed gives the same numbers on every JDK). Normals come from our own polar
 * method rather than a JDK default whose algorithm may change between releases.
 */
public final class Rng {
    private final SplittableRandom random;
    private double spareNormal;
    private boolean hasSpare;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public double uniform() {
        return random.nextDouble();
    }

    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public boolean nextBoolean() {
        return random.nextBoolean();
    }

    /** Standard normal by Marsaglia's polar method. */
    public double normal() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spareNormal = v * m;
        hasSpare = true;
        return u * m;
    }

    /** N(0, std²) conditioned on |x| ≤ cut·std, by rejection (cut = 2 accepts 95.4 % of draws). */
    public double truncatedNormal(double std, double cut) {
        double z;
        do {
            z = normal();
        } while (Math.abs(z) > cut);
        return z * std;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
