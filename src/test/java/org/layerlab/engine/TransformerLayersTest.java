package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.layerlab.init.Init;

/** Attention, LayerNorm and the MLP's GELU on inputs small enough to work out by hand. */
class TransformerLayersTest {
    private final NDManager manager = NDManager.newBaseManager(Device.cpu());
    private final LayoutRecorder rec = new LayoutRecorder(null);

    @AfterEach
    void close() {
        manager.close();
    }

    private void set(Parameter p, float... values) {
        p.getArray().set(new NDIndex("..."), manager.create(values, p.getArray().getShape()));
    }

    private float[] forward(Block block, float[] x, Shape shape) {
        NDList out = block.forward(new ParameterStore(manager, false), new NDList(manager.create(x, shape)), false);
        return out.singletonOrThrow().toFloatArray();
    }

    private Linear linear(String name, int out, boolean bias) {
        return rec.linear("u", "u", 0, name, out, Init.Constant.ZEROS, bias ? Init.Constant.ZEROS : null, 1);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /**
     * Two tokens x₀ = (1, 2), x₁ = (3, −1), dim 2, two heads of size 1 (so 1/√d_h = 1): head h sees
     * coordinate h. W_q = 2·I plus (1, 0), W_k = I, W_v swaps the coordinates and adds (1, 0); the
     * projection is diag(1, 2) plus (0.1, −0.1). So q = 2x + (1, 0), k = x, v₀ = (3, 1), v₁ = (0, 3). (The
     * query bias makes swapping q and k matter.)
     *
     * <p>Head 0: scores (2·x_i0 + 1)·x_j0 = [[3, 9], [7, 21]], values (3, 0): y_00 = 3·σ(3 − 9),
     * y_10 = 3·σ(7 − 21). Head 1: scores 2·x_i1·x_j1 = [[8, −4], [−4, 2]], values (1, 3):
     * y_01 = 1·σ(12) + 3·σ(−12), y_11 = 1·σ(−6) + 3·σ(6). Causal: token 0 sees only itself, y₀ = v₀ =
     * (3, 1); token 1 is unchanged. Output: (y_i0 + 0.1, 2·y_i1 − 0.1).
     */
    @Test
    void twoTokenAttentionByHand() {
        for (boolean causal : new boolean[] {false, true}) {
            Linear qkv = linear("qkv", 6, true);
            Linear proj = linear("proj", 2, true);
            SelfAttention attention = new SelfAttention(qkv, proj, 2, causal, 0);
            Shape shape = new Shape(1, 2, 2);
            attention.initialize(manager, DataType.FLOAT32, shape);
            // Rows of the fused (6, 2) kernel: q then k then v, each (out, in).
            set(qkv.getParameters().get("weight"), 2, 0, 0, 2, /* k */ 1, 0, 0, 1, /* v */ 0, 1, 1, 0);
            set(qkv.getParameters().get("bias"), 1, 0, 0, 0, 1, 0);
            set(proj.getParameters().get("weight"), 1, 0, 0, 2);
            set(proj.getParameters().get("bias"), 0.1f, -0.1f);

            double y00 = causal ? 3 : 3 * sigmoid(-6);
            double y01 = causal ? 1 : 1 * sigmoid(12) + 3 * sigmoid(-12);
            double y10 = 3 * sigmoid(-14);
            double y11 = 1 * sigmoid(-6) + 3 * sigmoid(6);
            float[] expected = {
                (float) (y00 + 0.1), (float) (2 * y01 - 0.1), (float) (y10 + 0.1), (float) (2 * y11 - 0.1)
            };
            float[] out = forward(attention, new float[] {1, 2, 3, -1}, shape);
            assertArrayEquals(expected, out, 1e-5f, "causal " + causal);
        }
    }

    /** The causal mask: 0 on and below the diagonal, −∞ above it (key after query). */
    @Test
    void causalMaskByHand() {
        float inf = Float.NEGATIVE_INFINITY;
        assertArrayEquals(
                new float[] {0, inf, inf, 0, 0, inf, 0, 0, 0},
                SelfAttention.causalMask(manager, 3).toFloatArray());
    }

    /**
     * Each token is normalized over its own dim values (DJL's LayerNorm would use every non-batch axis
     * unless told the last): (1, 2, 3, 4) has mean 2.5 and variance 1.25, so z = (x − 2.5)/√(1.25 + ε) =
     * (−1.3416, −0.4472, 0.4472, 1.3416); (10, 20, 30, 40) gives the same z. With scale (1, 2, 1, 1) and
     * shift (0, 0, 1, 0): (−1.3416, −0.8944, 1.4472, 1.3416) for both tokens.
     */
    @Test
    void layerNormByHand() {
        Block ln = rec.layerNorm("u", "u", 0, "ln", VitArchitecture.LN_EPSILON);
        Shape shape = new Shape(1, 2, 4);
        ln.initialize(manager, DataType.FLOAT32, shape);
        set(ln.getParameters().get("gamma"), 1, 2, 1, 1);
        set(ln.getParameters().get("beta"), 0, 0, 1, 0);
        double s = Math.sqrt(1.25 + 1e-6);
        float[] token = {(float) (-1.5 / s), (float) (2 * -0.5 / s), (float) (0.5 / s + 1), (float) (1.5 / s)};
        float[] out = forward(ln, new float[] {1, 2, 3, 4, 10, 20, 30, 40}, shape);
        assertArrayEquals(token, java.util.Arrays.copyOfRange(out, 0, 4), 1e-5f);
        assertArrayEquals(token, java.util.Arrays.copyOfRange(out, 4, 8), 1e-5f);
        assertEquals(-1.3416f, out[0], 1e-4f);
    }

    /**
     * The MLP's GELU is the exact x·Φ(x): with fc1 and fc2 the identity on one channel it gives
     * GELU(1) = Φ(1) = 0.8413447, GELU(−1) = −Φ(−1) = −0.1586553, GELU(2) = 2·Φ(2) = 1.9544997 (Φ from a
     * normal table). The tanh approximation would give 0.8411920, −0.1588080 and 1.9545977: off by
     * 1·10⁻⁴ or more, far outside the tolerance.
     */
    @Test
    void geluIsTheExactOne() {
        Linear fc1 = linear("fc1", 1, true);
        Linear fc2 = linear("fc2", 1, true);
        Mlp mlp = new Mlp(fc1, fc2, 0, 0);
        Shape shape = new Shape(1, 3, 1);
        mlp.initialize(manager, DataType.FLOAT32, shape);
        set(fc1.getParameters().get("weight"), 1);
        set(fc2.getParameters().get("weight"), 1);
        float[] out = forward(mlp, new float[] {1, -1, 2}, shape);
        assertArrayEquals(new float[] {0.8413447f, -0.1586553f, 1.9544997f}, out, 2e-6f);
    }

    /** The token-mixing MLP works across tokens: with fc1 summing the tokens and fc2 copying back. */
    @Test
    void tokenMixingMixesTokensNotChannels() {
        // (1, 3 tokens, 2 channels); fc1 (1, 3) sums the 3 tokens of a channel, fc2 (3, 1) copies it to all.
        Linear fc1 = linear("fc1", 1, true);
        Linear fc2 = linear("fc2", 3, true);
        TokenMixing mixing = new TokenMixing(new Mlp(fc1, fc2, 0, 0));
        Shape shape = new Shape(1, 3, 2);
        mixing.initialize(manager, DataType.FLOAT32, shape);
        set(fc1.getParameters().get("weight"), 1, 1, 1);
        set(fc2.getParameters().get("weight"), 1, 1, 1);
        // Channel 0 holds 1, 2, 3 (sum 6, GELU(6) = 6·Φ(6) ≈ 6); channel 1 holds 0, 0, −10 (GELU(−10) ≈ 0).
        float[] out = forward(mixing, new float[] {1, 0, 2, 0, 3, -10}, shape);
        assertArrayEquals(new float[] {6, 0, 6, 0, 6, 0}, out, 1e-5f);
    }
}
