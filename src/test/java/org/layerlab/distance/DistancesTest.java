package org.layerlab.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.layerlab.testing.Specs.vector;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.snapshot.Tensor;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.Unit;

class DistancesTest {
    private static Tensor t(float... v) {
        return new Tensor(new int[] {v.length}, v);
    }

    private static final Unit W2 = new Unit("u", 0, List.of(vector("u.w", 2, TensorRole.WEIGHT)));

    @Test
    void threeFourFive() {
        // θ_T = [3, 4], θ_τ = [0, 0], θ⁰ = [1, 2]: ‖Δ‖ = 5, per parameter 5/√2, largest change 4, ‖θ⁰‖ = √5.
        Distance d =
                Distances.between(List.of(W2), Map.of("u.w", t(3, 4)), Map.of("u.w", t(0, 0)), Map.of("u.w", t(1, 2)));
        assertEquals(5, d.l2(), 1e-15);
        assertEquals(5 / Math.sqrt(2), d.l2Rms(), 1e-15);
        assertEquals(4, d.linf(), 0);
        assertEquals(5 / Math.sqrt(5), d.l2Rel(), 1e-15);
    }

    @Test
    void aUnitsTensorsAreFlattenedTogetherAndSoAreAGroupsUnits() {
        // Three tensors of one value each, over two units: Δ = (1, 2, 2), ‖Δ‖ = 3, √n = √3.
        Unit a = new Unit("a", 0, List.of(vector("a.w", 1, TensorRole.WEIGHT), vector("a.b", 1, TensorRole.BIAS)));
        Unit b = new Unit("b", 1, List.of(vector("b.w", 1, TensorRole.WEIGHT)));
        Map<String, Tensor> trained = Map.of("a.w", t(1), "a.b", t(2), "b.w", t(-2));
        Map<String, Tensor> other = Map.of("a.w", t(0), "a.b", t(0), "b.w", t(0));
        Map<String, Tensor> init = Map.of("a.w", t(0), "a.b", t(0), "b.w", t(6));
        Distance d = Distances.between(List.of(a, b), trained, other, init);
        assertEquals(3, d.l2(), 1e-15);
        assertEquals(Math.sqrt(3), d.l2Rms(), 1e-15);
        assertEquals(2, d.linf(), 0);
        assertEquals(0.5, d.l2Rel(), 1e-15);
    }

    @Test
    void runningStatisticsAreNotParametersAndAreLeftOut() {
        // BatchNorm-like unit: scale and shift count, running mean and variance do not, however far
        // they moved (and however large their initial value).
        Unit bn = new Unit(
                "bn",
                0,
                List.of(
                        vector("bn.scale", 1, TensorRole.NORM_SCALE),
                        vector("bn.shift", 1, TensorRole.NORM_SHIFT),
                        vector("bn.mean", 1, TensorRole.RUNNING_MEAN),
                        vector("bn.var", 1, TensorRole.RUNNING_VAR)));
        Map<String, Tensor> trained = Map.of("bn.scale", t(4), "bn.shift", t(3), "bn.mean", t(1000), "bn.var", t(500));
        Map<String, Tensor> init = Map.of("bn.scale", t(1), "bn.shift", t(0), "bn.mean", t(0), "bn.var", t(1));
        Distance d = Distances.between(List.of(bn), trained, init, init);
        assertEquals(Math.sqrt(9 + 9), d.l2(), 1e-12);
        assertEquals(3, d.linf(), 0);
        assertEquals(Math.sqrt(18) / Math.sqrt(2), d.l2Rms(), 1e-12, "n counts the two parameters only");
        assertEquals(Math.sqrt(18) / 1, d.l2Rel(), 1e-12, "‖θ⁰‖ over scale and shift only");
    }

    @Test
    void relativeDistanceIsNaNWhenTheInitialNormIsZero() {
        // Biases start at 0 under the paper's scheme: a bias-only row has no scale to compare with.
        Unit b = new Unit("b", 0, List.of(vector("b.b", 2, TensorRole.BIAS)));
        Distance d =
                Distances.between(List.of(b), Map.of("b.b", t(3, 4)), Map.of("b.b", t(0, 0)), Map.of("b.b", t(0, 0)));
        assertTrue(Double.isNaN(d.l2Rel()));
        assertEquals(5, d.l2(), 1e-15);
    }

    @Test
    void differencesAreTakenInDoubleNotFloat() {
        // 2²⁴ − (−1) = 16,777,217 is not a float (float rounding gives 16,777,216) but is exact in double.
        Distance d = Distances.between(
                List.of(W2), Map.of("u.w", t(16_777_216f, 0)), Map.of("u.w", t(-1f, 0)), Map.of("u.w", t(1, 0)));
        assertEquals(16_777_217, d.linf(), 0);
        assertEquals(16_777_217, d.l2(), 0);
    }
}
