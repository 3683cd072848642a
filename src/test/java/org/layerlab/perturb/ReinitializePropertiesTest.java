package org.layerlab.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.testing.Arbs;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.Unit;

/**
 * Re-initialization as a function on snapshots, over random layouts and random values. Generating two
 * whole snapshots per try is what costs time here, so each property runs 250 tries instead of 1,000.
 */
class ReinitializePropertiesTest {

    record Case(ModelLayout layout, WeightSnapshot initial, WeightSnapshot trained, Set<Unit> chosen) {}

    @Provide
    Arbitrary<Case> cases() {
        return Arbs.layouts()
                .flatMap(layout -> Combinators.combine(
                                Arbs.snapshots(layout), Arbs.snapshots(layout), Arbitraries.subsetOf(layout.units()))
                        .as((a, b, s) -> new Case(layout, a, b, s)));
    }

    @Property(tries = 250)
    void reinitializingEveryUnitToEpochZeroGivesBackTheInitialization(@ForAll("cases") Case c) {
        WeightSnapshot back = c.trained()
                .with(Perturbations.reinitialize(c.initial(), c.layout().units()));
        // equals on tensors is bit-exact (NaN, −0 and subnormals included).
        assertEquals(c.initial(), back);
        assertEquals(List.copyOf(c.trained().names()), List.copyOf(back.names()));
    }

    @Property(tries = 250)
    void reinitializingToTheFinalSnapshotIsTheIdentity(@ForAll("cases") Case c) {
        WeightSnapshot same = c.trained().with(Perturbations.reinitialize(c.trained(), c.chosen()));
        assertEquals(c.trained(), same);
        for (String n : c.trained().names()) {
            assertSame(c.trained().get(n), same.get(n));
        }
    }

    @Property(tries = 250)
    void onlyTheChosenUnitsChange(@ForAll("cases") Case c) {
        WeightSnapshot p = c.trained().with(Perturbations.reinitialize(c.initial(), c.chosen()));
        for (Unit u : c.layout().units()) {
            WeightSnapshot source = c.chosen().contains(u) ? c.initial() : c.trained();
            for (String n : u.tensorNames()) {
                assertSame(source.get(n), p.get(n), n);
            }
        }
    }
}
