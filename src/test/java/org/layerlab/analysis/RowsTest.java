package org.layerlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.error.UserInputException;
import org.layerlab.init.InitScheme;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

class RowsTest {
    private static Unit dense(String name, int stage) {
        return new Unit(
                name,
                stage,
                List.of(
                        new TensorSpec(name + ".weight", new int[] {3, 2}, TensorRole.WEIGHT, InitScheme.PAPER, 2, 3),
                        new TensorSpec(name + ".bias", new int[] {3}, TensorRole.BIAS, InitScheme.PAPER, 2, 3)));
    }

    private final ModelLayout layout = new ModelLayout("fcn", 2, List.of(dense("layer1", 0), dense("layer2", 1)));

    @Test
    void unitsThenGroupsThenTheFullModel() {
        List<String> names = Rows.of(layout, List.of("layer2, layer1"), "none").stream()
                .map(r -> r.info().name())
                .toList();
        assertEquals(List.of("layer1", "layer2", "layer2+layer1", "fullmodel"), names);
        assertEquals(18, Rows.of(layout, List.of(), "none").get(2).info().parameters());
    }

    /** A group is spec input, so a wrong one is reported against its key like any other. */
    @Test
    void aGroupNamingAnUnknownUnitNamesTheKey() {
        UserInputException e =
                assertThrows(UserInputException.class, () -> Rows.validate(layout, List.of("layer1,layer9"), "none"));
        assertEquals(
                "analysis.groups: 'layer1,layer9' names unknown unit 'layer9' (units: layer1, layer2)", e.getMessage());
    }
}
