package org.layerlab.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.layerlab.snapshot.Tensor;
import org.layerlab.testing.Specs;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.Unit;

/**
 * Metric properties of the distances, on one unit of a weight and a bias. Values stay within ±10⁶ so
 * sums of squares cannot overflow; NaN and infinity are out of scope for a metric.
 */
class DistancePropertiesTest {

    record Points(
            Unit unit, Map<String, Tensor> a, Map<String, Tensor> b, Map<String, Tensor> c, Map<String, Tensor> init) {}

    @Provide
    Arbitrary<Points> points() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 12),
                        Arbitraries.integers().between(1, 3))
                .flatAs((nw, nb) -> {
                    Unit u = new Unit(
                            "u",
                            0,
                            List.of(
                                    Specs.vector("u.w", nw, TensorRole.WEIGHT),
                                    Specs.vector("u.b", nb, TensorRole.BIAS)));
                    Arbitrary<Map<String, Tensor>> point =
                            Combinators.combine(vec(nw), vec(nb)).as((w, b) -> Map.of("u.w", w, "u.b", b));
                    return Combinators.combine(point, point, point, point)
                            .as((a, b, c, z) -> new Points(u, a, b, c, z));
                });
    }

    private static Arbitrary<Tensor> vec(int n) {
        return Arbitraries.floats()
                .between(-1e6f, 1e6f)
                .array(float[].class)
                .ofSize(n)
                .map(v -> new Tensor(new int[] {n}, v));
    }

    private static Distance d(Points p, Map<String, Tensor> x, Map<String, Tensor> y) {
        return Distances.between(List.of(p.unit()), x, y, p.init());
    }

    @Property
    void equalWeightsAreAtDistanceZero(@ForAll("points") Points p) {
        Distance d = d(p, p.a(), p.a());
        assertEquals(0, d.l2());
        assertEquals(0, d.linf());
        assertEquals(0, d.l2Rms());
        assertTrue(d.l2Rel() == 0 || Double.isNaN(d.l2Rel()), "0, or NaN for a zero initialization");
    }

    @Property
    void distancesAreSymmetricExactly(@ForAll("points") Points p) {
        // Rounding is symmetric (fl(x − y) = −fl(y − x)), so no tolerance is needed.
        assertEquals(d(p, p.a(), p.b()), d(p, p.b(), p.a()));
    }

    @Property
    void triangleInequality(@ForAll("points") Points p) {
        Distance ab = d(p, p.a(), p.b());
        Distance bc = d(p, p.b(), p.c());
        Distance ac = d(p, p.a(), p.c());
        // Each side is a double computation over at most 15 terms, relatively accurate to ~20 ulps
        // (about 1e-15); 1e-12 of the longer path absorbs that and nothing larger.
        assertTrue(ac.l2() <= (ab.l2() + bc.l2()) * (1 + 1e-12), ac.l2() + " > " + ab.l2() + " + " + bc.l2());
        assertTrue(
                ac.linf() <= (ab.linf() + bc.linf()) * (1 + 1e-12), ac.linf() + " > " + ab.linf() + " + " + bc.linf());
    }

    @Property
    void derivedDistancesFollowFromL2(@ForAll("points") Points p) {
        Distance d = d(p, p.a(), p.b());
        int n = p.a().get("u.w").size() + p.a().get("u.b").size();
        assertEquals(d.l2() / Math.sqrt(n), d.l2Rms(), 1e-12 * d.l2());
        assertTrue(
                d.linf() <= d.l2() * (1 + 1e-12) && d.l2() <= d.linf() * Math.sqrt(n) * (1 + 1e-12),
                "‖·‖∞ ≤ ‖·‖₂ ≤ √n‖·‖∞");
    }
}
