package org.layerlab.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.layerlab.testing.Specs.bias;
import static org.layerlab.testing.Specs.weight;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.init.InitScheme;
import org.layerlab.init.Initializer;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

class PerturbationsTest {
    /** A 2 → 3 → 3 → 2 dense network: three units of a weight and a bias each. */
    static final ModelLayout LAYOUT = new ModelLayout(
            "fcn",
            3,
            List.of(
                    new Unit(
                            "layer1",
                            0,
                            List.of(
                                    weight("layer1.weight", 3, 2, InitScheme.PAPER),
                                    bias("layer1.bias", 3, 2, InitScheme.PAPER))),
                    new Unit(
                            "layer2",
                            1,
                            List.of(
                                    weight("layer2.weight", 3, 3, InitScheme.PAPER),
                                    bias("layer2.bias", 3, 3, InitScheme.PAPER))),
                    new Unit(
                            "layer3",
                            2,
                            List.of(
                                    weight("layer3.weight", 2, 3, InitScheme.PAPER),
                                    bias("layer3.bias", 2, 3, InitScheme.PAPER)))));

    /** Every value of every tensor set to {@code value}, so we can tell snapshots apart at a glance. */
    static WeightSnapshot constant(float value) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (TensorSpec t : LAYOUT.tensors().values()) {
            float[] v = new float[(int) t.numel()];
            java.util.Arrays.fill(v, value);
            m.put(t.name(), new Tensor(t.shape(), v));
        }
        return new WeightSnapshot(m);
    }

    @Test
    void reinitializeSwapsExactlyTheChosenUnitsTensors() {
        WeightSnapshot atTau = constant(1);
        WeightSnapshot trained = constant(9);
        Map<String, Tensor> swap = Perturbations.reinitialize(atTau, List.of(LAYOUT.unit("layer2")));
        assertEquals(List.of("layer2.weight", "layer2.bias"), List.copyOf(swap.keySet()));

        WeightSnapshot perturbed = trained.with(swap);
        assertSame(atTau.get("layer2.weight"), perturbed.get("layer2.weight"));
        assertSame(atTau.get("layer2.bias"), perturbed.get("layer2.bias"));
        // The other units are not copies but the very tensors of the trained snapshot.
        for (String n : List.of("layer1.weight", "layer1.bias", "layer3.weight", "layer3.bias")) {
            assertSame(trained.get(n), perturbed.get(n), n);
        }
    }

    @Test
    void reinitializingAGroupSwapsAllOfItsUnits() {
        Map<String, Tensor> swap =
                Perturbations.reinitialize(constant(1), List.of(LAYOUT.unit("layer1"), LAYOUT.unit("layer3")));
        assertEquals(
                List.of("layer1.weight", "layer1.bias", "layer3.weight", "layer3.bias"), List.copyOf(swap.keySet()));
    }

    @Test
    void applyPicksTheCheckpointOfTheColumnAndRefusesAMissingOne() {
        Map<Integer, WeightSnapshot> cps = Map.of(0, constant(0), 5, constant(5));
        List<Unit> units = List.of(LAYOUT.unit("layer1"));
        Map<String, Tensor> at5 = Perturbations.apply(new Perturbation.Reinitialize(5), units, "layer1", cps, 0);
        assertSame(cps.get(5).get("layer1.weight"), at5.get("layer1.weight"));
        assertThrows(
                IllegalArgumentException.class,
                () -> Perturbations.apply(new Perturbation.Reinitialize(3), units, "layer1", cps, 0));
    }

    @Test
    void rerandomizeDrawsFreshTensorsOfTheUnitOnly() {
        List<Unit> units = List.of(LAYOUT.unit("layer3"));
        Map<String, Tensor> d0 = Perturbations.rerandomize(units, "layer3", 0, 42);
        assertEquals(List.of("layer3.weight", "layer3.bias"), List.copyOf(d0.keySet()));
        assertEquals(d0, Perturbations.rerandomize(units, "layer3", 0, 42), "same seed, group and draw: same tensors");
        assertNotEquals(
                d0.get("layer3.weight"),
                Perturbations.rerandomize(units, "layer3", 1, 42).get("layer3.weight"));
        assertNotEquals(
                d0.get("layer3.weight"),
                Perturbations.rerandomize(units, "layer3", 0, 43).get("layer3.weight"));
        // A fresh draw is not the initialization (which has its own stream).
        assertNotEquals(Initializer.initialSnapshot(LAYOUT, 42).get("layer3.weight"), d0.get("layer3.weight"));
        assertNotSame(d0, Perturbations.rerandomize(units, "layer3", 0, 42));
    }

    @Test
    void aRerandomizedUnitsStreamDoesNotDependOnOtherRows() {
        // The stream is keyed by the row name, so a unit's draw is the same whether or not other rows
        // (or other draws) are measured.
        Map<String, Tensor> alone = Perturbations.rerandomize(List.of(LAYOUT.unit("layer2")), "layer2", 0, 7);
        Perturbations.rerandomize(List.of(LAYOUT.unit("layer1")), "layer1", 0, 7);
        assertEquals(alone, Perturbations.rerandomize(List.of(LAYOUT.unit("layer2")), "layer2", 0, 7));
        // A group with the same units but another name draws other numbers.
        assertFalse(alone.equals(Perturbations.rerandomize(List.of(LAYOUT.unit("layer2")), "g", 0, 7)));
    }

    @Test
    void labelsAreTheCsvColumnNames() {
        assertEquals("0", new Perturbation.Reinitialize(0).label());
        assertEquals("40", new Perturbation.Reinitialize(40).label());
        assertEquals("rerandomize", new Perturbation.Rerandomize(3).label());
    }
}
