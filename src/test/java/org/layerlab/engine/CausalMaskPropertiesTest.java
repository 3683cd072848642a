package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The language model is causal: its outputs at positions 0..t depend on the tokens at 0..t only. One
 * network with weights far from the initialization (so that a leak would be large) serves every try.
 */
class CausalMaskPropertiesTest {
    private static final int T = 7;
    private static final int V = 6;
    private static final DataShape TEXT = TransformerNets.text(T, V);
    private static Network net;

    @BeforeContainer
    static void build() {
        net = TransformerNets.build(TransformerNets.lm(2, 8, 2, null, null), TEXT);
        net.load(TransformerNets.randomWeights(net, 0.5, 11));
    }

    @AfterContainer
    static void close() {
        net.close();
    }

    /** A window, a position t, and a second window equal to the first up to t and anything after. */
    record Case(long[] tokens, int t, long[] other) {}

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<long[]> window =
                Arbitraries.longs().between(0, V - 1).array(long[].class).ofSize(T);
        return Combinators.combine(window, Arbitraries.integers().between(0, T - 1), window)
                .as((a, t, b) -> {
                    long[] other = a.clone();
                    System.arraycopy(b, t + 1, other, t + 1, T - t - 1);
                    return new Case(a, t, other);
                });
    }

    private static float[] logits(long[] tokens) {
        NDArray x = net.manager().create(tokens, new Shape(1, T));
        return net.forward(x, false).toFloatArray();
    }

    @Property(tries = 300)
    void outputsUpToTDoNotDependOnLaterTokens(@ForAll("cases") Case c) {
        float[] a = logits(c.tokens());
        float[] b = logits(c.other());
        int upTo = (c.t() + 1) * V;
        assertArrayEquals(Arrays.copyOf(a, upTo), Arrays.copyOf(b, upTo), 1e-5f, "positions 0.." + c.t());
    }

    /** The mask hides the future only: changing the token at t does change the output at t. */
    @Property(tries = 100)
    void outputsAtTDependOnTheTokenAtT(@ForAll("cases") Case c) {
        long[] changed = c.tokens().clone();
        changed[c.t()] = (changed[c.t()] + 1) % V;
        float[] a = logits(c.tokens());
        float[] b = logits(changed);
        List<Integer> at = List.of(c.t() * V, (c.t() + 1) * V);
        assertFalse(Arrays.equals(
                Arrays.copyOfRange(a, at.get(0), at.get(1)), Arrays.copyOfRange(b, at.get(0), at.get(1))));
    }
}
