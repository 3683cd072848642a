package org.layerlab.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class WeightSnapshotTest {
    private static final Tensor W = new Tensor(new int[] {2, 2}, new float[] {1, 2, 3, 4});
    private static final Tensor B = new Tensor(new int[] {2}, new float[] {5, 6});

    private static WeightSnapshot snapshot() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("layer1.weight", W);
        m.put("layer1.bias", B);
        return new WeightSnapshot(m);
    }

    @Test
    void tensorRejectsDataThatDoesNotFitItsShape() {
        assertThrows(IllegalArgumentException.class, () -> new Tensor(new int[] {2, 3}, new float[5]));
    }

    @Test
    void tensorEqualityIsBitwiseOnData() {
        // Arrays.equals on floats compares bits: -0 differs from 0, NaN equals NaN. Bit-exact round
        // trips (checkpoints, re-initialization) rely on this.
        assertNotEquals(new Tensor(new int[] {1}, new float[] {0f}), new Tensor(new int[] {1}, new float[] {-0f}));
        assertEquals(
                new Tensor(new int[] {1}, new float[] {Float.NaN}), new Tensor(new int[] {1}, new float[] {Float.NaN}));
        assertNotEquals(new Tensor(new int[] {4}, new float[] {1, 2, 3, 4}), W, "same data, other shape");
    }

    @Test
    void withReplacesOnlyTheNamedTensorAndSharesTheRest() {
        Tensor b2 = new Tensor(new int[] {2}, new float[] {7, 8});
        WeightSnapshot s = snapshot();
        WeightSnapshot t = s.with(Map.of("layer1.bias", b2));
        assertSame(b2, t.get("layer1.bias"));
        assertSame(W, t.get("layer1.weight"));
        assertSame(B, s.get("layer1.bias"), "the original snapshot is unchanged");
        assertEquals(List.copyOf(s.names()), List.copyOf(t.names()), "names keep their order");
    }

    @Test
    void withRejectsUnknownNames() {
        Tensor b2 = new Tensor(new int[] {2}, new float[] {7, 8});
        NoSuchElementException e =
                assertThrows(NoSuchElementException.class, () -> snapshot().with(Map.of("layer2.bias", b2)));
        assertTrue(e.getMessage().contains("layer2.bias"), e.getMessage());
        assertFalse(snapshot().contains("layer2.bias"));
    }

    @Test
    void withRejectsShapeChangesEvenWithTheSameNumberOfValues() {
        Tensor flat = new Tensor(new int[] {4}, new float[] {1, 2, 3, 4});
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> snapshot().with(Map.of("layer1.weight", flat)));
        assertTrue(e.getMessage().contains("layer1.weight"), e.getMessage());
        Tensor transposed = new Tensor(new int[] {1, 4}, new float[] {1, 2, 3, 4});
        assertThrows(IllegalArgumentException.class, () -> snapshot().with(Map.of("layer1.weight", transposed)));
    }

    @Test
    void selectKeepsTheRequestedOrderAndCountAddsSizes() {
        Map<String, Tensor> sel = snapshot().select(List.of("layer1.bias", "layer1.weight"));
        assertEquals(List.of("layer1.bias", "layer1.weight"), List.copyOf(sel.keySet()));
        assertEquals(6, snapshot().count(List.of("layer1.weight", "layer1.bias")));
    }
}
