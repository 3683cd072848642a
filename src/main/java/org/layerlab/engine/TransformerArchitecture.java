package org.layerlab.engine;

import java.util.ArrayList;
import java.util.List;
import org.layerlab.init.InitScheme;
import org.layerlab.spec.ModelSpec;

/**
 * What the three transformer families (vit, mixer, transformer-lm) share: one named initializer
 * reference each ({@code model.init}), the checks of the keys they have in common, and the size of a
 * pre-LayerNorm block for their footprints.
 *
 * <p>Stages: every block-level unit is a stage of its own (the embeddings one stage each, each block,
 * the final LayerNorm, the head), so re-initializing a unit reuses the activations entering it. A block's
 * parts (its two LayerNorms, attention or token mixing, MLP) share the block's stage: the residual stream
 * and the normalized branch input would both have to cross a cut inside a block, and a stage passes one
 * array.
 */
abstract class TransformerArchitecture extends Architecture {

    /** The value of {@code model.init} for this family: the one reference it follows. */
    abstract String initId();

    /** Every tensor names its own initializer; there is no scheme for the layout recorder's helpers. */
    @Override
    InitScheme scheme(ModelSpec spec) {
        return null;
    }

    /**
     * The checks every transformer family makes: {@code depth} blocks within bounds, a {@code dim}, and
     * {@code init} left out or naming the family's reference. Returns the spec with its init filled in.
     */
    ModelSpec resolveCommon(ModelSpec m) {
        Integer depth = m.depth();
        require(
                depth != null && depth >= 1 && depth <= FcnArchitecture.MAX_DEPTH,
                "depth",
                "must be in 1.." + FcnArchitecture.MAX_DEPTH + " for " + id() + " (its number of blocks), got "
                        + depth);
        require(m.dim() != null, "dim", id() + " needs the width of its residual stream (set model.dim, e.g. 128)");
        // 4 × dim (the default MLP width) must stay an int; no machine holds such a network anyway.
        require(m.dim() <= MAX_WIDTH, "dim", "must be at most " + MAX_WIDTH + " for " + id() + ", got " + m.dim());
        String init = m.init() == null ? initId() : m.init();
        require(
                init.equals(initId()),
                "init",
                "unknown scheme '" + init + "' for " + id() + " (choose " + initId() + ", or leave model.init out)");
        return m.toBuilder().init(init).build();
    }

    /** The largest {@code dim} or MLP width: 2²⁸, so that 4 × dim and 3 × dim are ints. */
    static final int MAX_WIDTH = 1 << 28;

    /** {@code heads} is set and divides {@code dim}. */
    void requireHeads(ModelSpec m) {
        require(
                m.heads() != null,
                "heads",
                id() + " needs a number of attention heads dividing model.dim=" + m.dim() + " (set model.heads, one of "
                        + divisors(m.dim()) + ")");
        require(
                m.dim() % m.heads() == 0,
                "heads",
                m.heads() + " does not divide model.dim=" + m.dim() + " (choose one of " + divisors(m.dim()) + ")");
    }

    /** {@code patch} is set and divides the images' height and width. */
    void requirePatch(ModelSpec m, DataShape data) {
        int[] e = data.example();
        int common = gcd(e[1], e[2]);
        require(
                m.patch() != null,
                "patch",
                id() + " needs a patch size dividing the " + data.describe() + " (set model.patch, one of "
                        + divisors(common) + ")");
        require(
                e[1] % m.patch() == 0 && e[2] % m.patch() == 0,
                "patch",
                m.patch() + " does not divide the " + data.describe() + " (choose one of " + divisors(common) + ")");
    }

    /** An MLP width: the spec's, or {@code factor} × dim (at least 1) when it leaves it null. */
    static int width(Integer set, int dim, double factor, String key, String id) {
        if (set != null) {
            require(set <= MAX_WIDTH, key, "must be at most " + MAX_WIDTH + " for " + id + ", got " + set);
            return set;
        }
        return (int) Math.max(1, Math.floor(dim * factor));
    }

    /** The divisors of {@code n} for messages, the first 24 of them at most. */
    static String divisors(int n) {
        List<String> out = new ArrayList<>();
        for (int d = 1; d <= n && out.size() < 24; d++) {
            if (n % d == 0) {
                out.add(Integer.toString(d));
            }
        }
        return String.join(", ", out) + (out.size() == 24 && !out.get(23).equals(Integer.toString(n)) ? ", …" : "");
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** A LayerNorm of {@code dim} on {@code tokens} tokens: scale, shift and its output. */
    static void layerNorm(Footprint.Tally t, double tokens, double dim) {
        t.tensor(dim).tensor(dim).values(tokens * dim);
    }

    /**
     * Self-attention as {@link SelfAttention} computes it: the fused q/k/v projection, the scaled
     * queries, the scores (with the causal mask added), their softmax and dropout, the weighted values
     * and their reassembly into (tokens, dim), the output projection and its dropout.
     */
    static void attention(Footprint.Tally t, double tokens, double dim, double heads, boolean causal, boolean dropout) {
        double maps = heads * tokens * tokens;
        t.linear(dim, 3 * dim, tokens, true).values(tokens * dim);
        t.macs(2 * tokens * tokens * dim);
        t.values(maps * (causal ? 3 : 2) + (dropout ? maps : 0));
        t.values(2 * tokens * dim);
        t.linear(dim, dim, tokens, true).values(dropout ? tokens * dim : 0);
    }

    /** An MLP {@code in → hidden → in} at {@code positions} rows, GELU and the dropouts. */
    static void mlp(
            Footprint.Tally t, double positions, double in, double hidden, boolean hiddenDropout, boolean dropout) {
        t.linear(in, hidden, positions, true).values(positions * hidden);
        t.values(hiddenDropout ? positions * hidden : 0);
        t.linear(hidden, in, positions, true).values(dropout ? positions * in : 0);
    }
}
