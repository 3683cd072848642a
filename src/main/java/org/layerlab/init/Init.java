package org.layerlab.init;

import java.util.Arrays;
import java.util.Locale;
import org.layerlab.random.Rng;

/**
 * The distribution one tensor is drawn from at initialization, and again by re-randomization (Section
 * 3 of the paper: a unit is redrawn from its own initial distribution, never from a generic one). Each
 * tensor of a layout carries its own, so a family can give its kernels, biases, embeddings and
 * LayerNorms the initializers of its reference implementation.
 */
public sealed interface Init {

    /** Fills {@code v} with fresh draws (element by element, in order, from {@code rng}). */
    void fill(float[] v, Rng rng);

    /**
     * Whether every draw gives the same values (a constant): re-randomizing such a tensor puts back its
     * value at initialization, so its re-randomization column equals its τ = 0 column by construction.
     */
    default boolean deterministic() {
        return false;
    }

    /** For the report, e.g. {@code truncated normal, σ = 0.0357 before a ±2σ cut}. */
    String describe();

    /**
     * N(0, std²) conditioned on |x| ≤ cut·std, by rejection. {@code std} is the scale before the cut; the
     * draws' standard deviation is smaller (0.8796·std at cut 2), and JAX's variance_scaling initializers
     * divide their scale by that factor first so the draws have the variance they name.
     */
    record TruncatedNormal(double std, double cut) implements Init {
        @Override
        public void fill(float[] v, Rng rng) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.truncatedNormal(std, cut);
            }
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "truncated normal, σ = %.4g before a ±%s σ cut", std, fmt(cut));
        }
    }

    /** N(0, std²). */
    record Normal(double std) implements Init {
        @Override
        public void fill(float[] v, Rng rng) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.normal() * std);
            }
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "normal, σ = %.4g", std);
        }
    }

    /** U(−bound, bound). */
    record Uniform(double bound) implements Init {
        @Override
        public void fill(float[] v, Rng rng) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.uniform(-bound, bound);
            }
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "uniform on ±%.4g", bound);
        }
    }

    /** Every value {@code value} (zeros, or a LayerNorm/BatchNorm scale of one). */
    record Constant(float value) implements Init {
        public static final Constant ZEROS = new Constant(0f);
        public static final Constant ONES = new Constant(1f);

        @Override
        public void fill(float[] v, Rng rng) {
            Arrays.fill(v, value);
        }

        @Override
        public boolean deterministic() {
            return true;
        }

        @Override
        public String describe() {
            return value == 0f ? "zeros" : value == 1f ? "ones" : "constant " + value;
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
