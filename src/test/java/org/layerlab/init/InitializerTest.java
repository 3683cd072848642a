package org.layerlab.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.layerlab.testing.Specs.bias;
import static org.layerlab.testing.Specs.vector;
import static org.layerlab.testing.Specs.weight;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.error.UserInputException;
import org.layerlab.perturb.Perturbations;
import org.layerlab.random.Rng;
import org.layerlab.random.Seeds;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.Unit;

/**
 * Statistics of large draws against the schemes' formulas.
 *
 * <p>Tolerances: a kernel of 512 × 512 = 262,144 draws estimates a standard deviation with a relative
 * standard error of about √((κ−1)/(4n)) ≤ 0.2 % (κ, the kurtosis, is 3 for a normal, 1.8 for a uniform and
 * ≈ 2.4 for the 2σ-truncated normal). A 1 % tolerance is thus over five standard errors wide, yet far
 * narrower than the gaps it must catch: an untruncated normal has std 1.0 σ against 0.8796 σ, a 3σ cut
 * 0.986 σ, he-normal's √2 would be 41 % off. The draws are seeded, so the test is deterministic anyway.
 */
class InitializerTest {
    private static final int N = 512;
    /** std of N(0, 1) conditioned on |z| ≤ 2: √(1 − 2·2φ(2)/(2Φ(2) − 1)) = 0.87962. */
    private static final double TRUNC2_STD = 0.8796256610342392;

    private static Tensor drawWeight(InitScheme s, int out, int in, long seed) {
        return Initializer.draw(weight("w", out, in, s), new Rng(seed));
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(float[] v) {
        double m = mean(v);
        double s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void paperIsANormalTruncatedAtTwoSigmaWithSigmaOneOverRootFanIn() {
        float[] v = drawWeight(InitScheme.PAPER, N, N, 1).data();
        double sigma = 1 / Math.sqrt(N);
        // Slack of one part in 10⁶ for the cast of each draw to float.
        assertTrue(maxAbs(v) <= 2 * sigma * (1 + 1e-6), "a draw beyond 2σ: " + maxAbs(v) / sigma + "σ");
        assertTrue(maxAbs(v) > 1.99 * sigma, "the cut is at 2σ, not lower: max " + maxAbs(v) / sigma + "σ");
        assertEquals(TRUNC2_STD * sigma, std(v), 0.01 * TRUNC2_STD * sigma);
        assertEquals(0, mean(v), 0.01 * sigma);
    }

    @Test
    void paperUsesFanInNotFanOut() {
        // 64 outputs fed by 4096 inputs: σ must be 1/√4096 = 1/64, an eighth of what 1/√fan_out gives.
        float[] v = drawWeight(InitScheme.PAPER, 64, 4096, 2).data();
        assertEquals(TRUNC2_STD / 64, std(v), 0.01 * TRUNC2_STD / 64);
    }

    @Test
    void heNormalHasStdRootTwoOverFanIn() {
        float[] v = drawWeight(InitScheme.HE_NORMAL, N, N, 3).data();
        double expected = Math.sqrt(2.0 / N);
        assertEquals(expected, std(v), 0.01 * expected);
        assertTrue(maxAbs(v) > 4 * expected, "an untruncated normal reaches past 4σ in 262,144 draws");
    }

    @Test
    void glorotUniformFillsItsBound() {
        int in = 512;
        int out = 256;
        float[] v = drawWeight(InitScheme.GLOROT_UNIFORM, out, in, 4).data();
        double bound = Math.sqrt(6.0 / (in + out));
        assertTrue(maxAbs(v) <= bound, "beyond the Glorot bound");
        assertTrue(maxAbs(v) > 0.999 * bound, "does not reach the Glorot bound");
        assertEquals(bound / Math.sqrt(3), std(v), 0.01 * bound / Math.sqrt(3));
    }

    @Test
    void pytorchDefaultDrawsWeightsAndBiasesWithinOneOverRootFanIn() {
        float[] w = drawWeight(InitScheme.PYTORCH_DEFAULT, N, N, 5).data();
        double bound = 1 / Math.sqrt(N);
        assertTrue(maxAbs(w) <= bound && maxAbs(w) > 0.999 * bound);
        assertEquals(bound / Math.sqrt(3), std(w), 0.01 * bound / Math.sqrt(3));

        // A bias of 100,000 values fed by 16 inputs: U(±1/4), not zero.
        float[] b = Initializer.draw(bias("b", 100_000, 16, InitScheme.PYTORCH_DEFAULT), new Rng(6))
                .data();
        assertTrue(maxAbs(b) <= 0.25 && maxAbs(b) > 0.249, "bias bound " + maxAbs(b));
    }

    @Test
    void biasesStartAtZeroExceptForPytorchDefault() {
        for (InitScheme s : List.of(InitScheme.PAPER, InitScheme.HE_NORMAL, InitScheme.GLOROT_UNIFORM)) {
            float[] b = Initializer.draw(bias("b", 50, 10, s), new Rng(7)).data();
            assertArrayEquals(new float[50], b, s.id());
        }
    }

    @Test
    void normalizationTensorsStartAtOneOrZero() {
        Rng rng = new Rng(8);
        assertArrayEquals(
                new float[] {1, 1, 1},
                Initializer.draw(vector("s", 3, TensorRole.NORM_SCALE), rng).data());
        assertArrayEquals(
                new float[] {1, 1, 1},
                Initializer.draw(vector("v", 3, TensorRole.RUNNING_VAR), rng).data());
        assertArrayEquals(
                new float[] {0, 0, 0},
                Initializer.draw(vector("t", 3, TensorRole.NORM_SHIFT), rng).data());
        assertArrayEquals(
                new float[] {0, 0, 0},
                Initializer.draw(vector("m", 3, TensorRole.RUNNING_MEAN), rng).data());
    }

    private static final ModelLayout TWIN = new ModelLayout(
            "fcn",
            2,
            List.of(
                    new Unit("a", 0, List.of(weight("a.weight", 8, 8, InitScheme.PAPER))),
                    new Unit("b", 1, List.of(weight("b.weight", 8, 8, InitScheme.PAPER)))));

    @Test
    void theSameSeedGivesTheSameSnapshotAndEachTensorHasItsOwnStream() {
        WeightSnapshot s = Initializer.initialSnapshot(TWIN, 11);
        assertEquals(s, Initializer.initialSnapshot(TWIN, 11));
        assertNotEquals(s, Initializer.initialSnapshot(TWIN, 12));
        // Same shape, scheme and fan-in: only the name differs, and so must the numbers.
        assertNotEquals(s.get("a.weight"), s.get("b.weight"));
        // The stream is init/<tensor name>: a tensor's value does not depend on the other units.
        ModelLayout bOnly = new ModelLayout("fcn", 2, List.of(TWIN.unit("b")));
        assertEquals(s.get("b.weight"), Initializer.initialSnapshot(bOnly, 11).get("b.weight"));
        assertEquals(
                s.get("b.weight"),
                Initializer.draw(TWIN.unit("b").tensors().get(0), Seeds.rng(11, "init", "b.weight")));
    }

    @Test
    void rerandomizationDrawsFromTheSchemeNotFromAStandardNormal() {
        Unit big = new Unit(
                "big",
                0,
                List.of(weight("big.weight", N, N, InitScheme.PAPER), bias("big.bias", N, N, InitScheme.PAPER)));
        Map<String, Tensor> d0 = Perturbations.rerandomize(List.of(big), "big", 0, 0);
        Map<String, Tensor> d1 = Perturbations.rerandomize(List.of(big), "big", 1, 0);
        assertNotEquals(d0.get("big.weight"), d1.get("big.weight"));
        double sigma = 1 / Math.sqrt(N);
        for (Map<String, Tensor> d : List.of(d0, d1)) {
            float[] w = d.get("big.weight").data();
            // N(0,1) would have std 1 (here 22σ); U[0,1) would have mean 0.5.
            assertEquals(TRUNC2_STD * sigma, std(w), 0.01 * TRUNC2_STD * sigma);
            assertEquals(0, mean(w), 0.01 * sigma);
            assertArrayEquals(new float[N], d.get("big.bias").data(), "biases re-randomize to their initial 0");
        }
    }

    @Test
    void schemeIdsRoundTripAndUnknownIdsAreUserErrors() {
        for (InitScheme s : InitScheme.values()) {
            assertEquals(s, InitScheme.fromId(s.id()));
        }
        UserInputException e = assertThrows(UserInputException.class, () -> InitScheme.fromId("xavier"));
        assertTrue(e.getMessage().startsWith("model.init") && e.getMessage().contains("xavier"), e.getMessage());
    }
}
