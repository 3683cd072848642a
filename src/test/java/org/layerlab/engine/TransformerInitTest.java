package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.init.Init;
import org.layerlab.init.Initializer;
import org.layerlab.random.Rng;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.unit.TensorSpec;

/**
 * Each transformer tensor carries its reference's initializer (vit_jax for vit and mixer, nanoGPT for the
 * language model), checked twice: the initializer itself, and the moments and bounds of 200,000 draws
 * from it (relative standard error of a standard deviation at that size: 0.16 %).
 */
class TransformerInitTest {
    private static final int DRAWS = 200_000;
    private static final DataShape CIFAR = TransformerNets.images(3, 32, 32, 10);

    /** Moments of many draws. */
    record Draws(double mean, double std, double maxAbs, double beyondTwoStd) {
        static Draws of(Init init, long seed) {
            float[] v = new float[DRAWS];
            init.fill(v, new Rng(seed));
            double sum = 0;
            double sq = 0;
            double max = 0;
            for (float x : v) {
                sum += x;
                sq += (double) x * x;
                max = Math.max(max, Math.abs(x));
            }
            double mean = sum / DRAWS;
            double std = Math.sqrt(sq / DRAWS - mean * mean);
            int beyond = 0;
            for (float x : v) {
                beyond += Math.abs(x) > 2 * std ? 1 : 0;
            }
            return new Draws(mean, std, max, (double) beyond / DRAWS);
        }
    }

    /**
     * lecun_normal as JAX draws it: std = 1/√fan_in after a cut at ±2 of the scale before it, which is
     * std/0.8796, so no draw exceeds 2·std/0.8796 and the cut is reached.
     */
    private static void assertLecunNormal(Init init, long fanIn, String name) {
        double std = 1 / Math.sqrt(fanIn);
        Init.TruncatedNormal tn = assertInstanceOf(Init.TruncatedNormal.class, init, name);
        assertEquals(std / JaxInits.TRUNCATED_STD, tn.std(), 1e-12, name);
        assertEquals(2, tn.cut(), name);
        Draws d = Draws.of(init, fanIn);
        assertEquals(std, d.std(), 0.01 * std, name + " std");
        assertEquals(0, d.mean(), 4 * std / Math.sqrt(DRAWS), name + " mean");
        double cut = 2 * std / JaxInits.TRUNCATED_STD;
        assertTrue(d.maxAbs() <= cut * (1 + 1e-6), name + ": " + d.maxAbs() + " beyond the cut " + cut);
        assertTrue(d.maxAbs() > 0.99 * cut, name + ": the cut at " + cut + " is never reached");
    }

    /** U(±√(6/(fan_in + fan_out))): std bound/√3, every draw within the bound, and near it. */
    private static void assertXavierUniform(Init init, long fanIn, long fanOut, String name) {
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        assertEquals(bound, assertInstanceOf(Init.Uniform.class, init, name).bound(), 1e-12, name);
        Draws d = Draws.of(init, fanIn + fanOut);
        assertEquals(bound / Math.sqrt(3), d.std(), 0.01 * bound / Math.sqrt(3), name + " std");
        assertTrue(d.maxAbs() <= bound && d.maxAbs() > 0.999 * bound, name + " max " + d.maxAbs());
    }

    /** N(0, std²), not truncated: 4.55 % of draws lie beyond 2σ. */
    private static void assertNormal(Init init, double std, String name) {
        assertEquals(std, assertInstanceOf(Init.Normal.class, init, name).std(), 1e-15, name);
        Draws d = Draws.of(init, 3);
        assertEquals(std, d.std(), 0.01 * std, name + " std");
        assertEquals(0.0455, d.beyondTwoStd(), 0.003, name + ": tails of a normal");
        assertTrue(d.maxAbs() > 3.5 * std, name + " is cut");
    }

    private static void assertConstant(TensorSpec t, float value, WeightSnapshot init) {
        assertTrue(t.init().deterministic(), t.name() + " is deterministic");
        assertEquals(new Init.Constant(value), t.init(), t.name());
        for (float v : init.get(t.name()).data()) {
            assertEquals(value, v, t.name());
        }
    }

    @Test
    void vitFollowsVitJax() {
        // dim 64, mlp 128, patch 4 on 3×32×32: 64 patches; fan_in of the patch embedding 3·4·4 = 48.
        try (Network net = TransformerNets.build(TransformerNets.vit(2, 4, 64, 4, 128), CIFAR)) {
            Map<String, TensorSpec> t = net.layout().tensors();
            WeightSnapshot init = Initializer.initialSnapshot(net.layout(), 9);
            assertLecunNormal(t.get("patch_embed.weight").init(), 48, "patch_embed.weight");
            assertNormal(t.get("pos_embed").init(), 0.02, "pos_embed");
            for (String b : new String[] {"block1", "block2"}) {
                assertXavierUniform(t.get(b + ".attn.qkv.weight").init(), 64, 64, b + ".attn.qkv.weight");
                assertXavierUniform(t.get(b + ".attn.proj.weight").init(), 64, 64, b + ".attn.proj.weight");
                assertXavierUniform(t.get(b + ".mlp.fc1.weight").init(), 64, 128, b + ".mlp.fc1.weight");
                assertXavierUniform(t.get(b + ".mlp.fc2.weight").init(), 128, 64, b + ".mlp.fc2.weight");
                assertNormal(t.get(b + ".mlp.fc1.bias").init(), 1e-6, b + ".mlp.fc1.bias");
                assertNormal(t.get(b + ".mlp.fc2.bias").init(), 1e-6, b + ".mlp.fc2.bias");
                for (String z : new String[] {".attn.qkv.bias", ".attn.proj.bias", ".ln1.bias", ".ln2.bias"}) {
                    assertConstant(t.get(b + z), 0, init);
                }
                assertConstant(t.get(b + ".ln1.weight"), 1, init);
                assertConstant(t.get(b + ".ln2.weight"), 1, init);
            }
            assertConstant(t.get("patch_embed.bias"), 0, init);
            assertConstant(t.get("cls_token"), 0, init);
            assertConstant(t.get("final_norm.weight"), 1, init);
            assertConstant(t.get("final_norm.bias"), 0, init);
            assertConstant(t.get("head.weight"), 0, init);
            assertConstant(t.get("head.bias"), 0, init);
            assertFalse(t.get("pos_embed").init().deterministic());
            assertFalse(t.get("block1.mlp.fc1.bias").init().deterministic());
        }
    }

    @Test
    void mixerFollowsVitJaxsMixer() {
        // dim 64 on 64 patches: token_mlp_dim 32, channel_mlp_dim 256 (the defaults).
        try (Network net = TransformerNets.build(TransformerNets.mixer(1, 4, 64, null, null), CIFAR)) {
            Map<String, TensorSpec> t = net.layout().tensors();
            WeightSnapshot init = Initializer.initialSnapshot(net.layout(), 9);
            assertLecunNormal(t.get("stem.weight").init(), 48, "stem.weight");
            assertLecunNormal(t.get("block1.token_mlp.fc1.weight").init(), 64, "token fc1 (fan_in: patches)");
            assertLecunNormal(t.get("block1.token_mlp.fc2.weight").init(), 32, "token fc2");
            assertLecunNormal(t.get("block1.channel_mlp.fc1.weight").init(), 64, "channel fc1");
            assertLecunNormal(t.get("block1.channel_mlp.fc2.weight").init(), 256, "channel fc2");
            for (String z : new String[] {
                "stem.bias",
                "block1.token_mlp.fc1.bias",
                "block1.token_mlp.fc2.bias",
                "block1.channel_mlp.fc1.bias",
                "block1.channel_mlp.fc2.bias",
                "head.weight",
                "head.bias"
            }) {
                assertConstant(t.get(z), 0, init);
            }
            assertConstant(t.get("block1.ln1.weight"), 1, init);
        }
    }

    @Test
    void languageModelFollowsNanoGpt() {
        int depth = 4;
        try (Network net =
                TransformerNets.build(TransformerNets.lm(depth, 64, 4, null, null), TransformerNets.text(16, 65))) {
            Map<String, TensorSpec> t = net.layout().tensors();
            WeightSnapshot init = Initializer.initialSnapshot(net.layout(), 9);
            double residual = 0.02 / Math.sqrt(2 * depth); // the two c_proj of each block
            assertNormal(t.get("tok_embed.weight").init(), 0.02, "tok_embed");
            assertNormal(t.get("pos_embed.weight").init(), 0.02, "pos_embed");
            assertNormal(t.get("head.weight").init(), 0.02, "head");
            for (int i = 1; i <= depth; i++) {
                String b = "block" + i;
                assertNormal(t.get(b + ".attn.qkv.weight").init(), 0.02, b + ".attn.qkv");
                assertNormal(t.get(b + ".mlp.fc1.weight").init(), 0.02, b + ".mlp.fc1");
                assertNormal(t.get(b + ".attn.proj.weight").init(), residual, b + ".attn.proj");
                assertNormal(t.get(b + ".mlp.fc2.weight").init(), residual, b + ".mlp.fc2");
                for (String z : new String[] {".attn.qkv.bias", ".attn.proj.bias", ".mlp.fc1.bias", ".mlp.fc2.bias"}) {
                    assertConstant(t.get(b + z), 0, init);
                }
                assertConstant(t.get(b + ".ln1.weight"), 1, init);
            }
            assertConstant(t.get("final_norm.weight"), 1, init);
        }
    }

    /**
     * The constant JAX divides by is the standard deviation of N(0, 1) cut at ±2:
     * √(1 − 2·2·φ(2)/(Φ(2) − Φ(−2))), with φ(2) = e⁻²/√(2π) and Φ(2) = 0.9772498680518208 (a normal table).
     */
    @Test
    void theTruncationConstantIsTheStdOfACutNormal() {
        double phi = Math.exp(-2) / Math.sqrt(2 * Math.PI);
        double mass = 2 * 0.9772498680518208 - 1;
        assertEquals(Math.sqrt(1 - 4 * phi / mass), JaxInits.TRUNCATED_STD, 1e-12);
    }
}
