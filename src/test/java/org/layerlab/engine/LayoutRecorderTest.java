package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.init.InitScheme;
import org.layerlab.spec.ModelSpec;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.Unit;

class LayoutRecorderTest {

    private static Parameter parameter(String name, long... shape) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(shape))
                .build();
    }

    /**
     * 200,000 units of two tensors each, registered interleaved with a second tensor per unit later on:
     * the recorder groups them by unit in first-seen order. With list scans per tensor this took
     * hours (4·10¹⁰ string comparisons); grouped as it goes it takes well under a second. Parameters
     * carry only a shape, so nothing native is allocated.
     */
    @Test
    void recordsAndLaysOutAHugeNumberOfUnitsInLinearTime() {
        int units = 200_000;
        ModelLayout layout = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            LayoutRecorder rec = new LayoutRecorder(InitScheme.PAPER);
            for (int k = 0; k < units; k++) {
                rec.tensor("u" + k, k, "u" + k + ".weight", parameter("w", 3, 2), TensorRole.WEIGHT, 2, 3);
            }
            // The biases come after all weights, in reverse: each must still land in its own unit.
            for (int k = units - 1; k >= 0; k--) {
                rec.tensor("u" + k, k, "u" + k + ".bias", parameter("b", 3), TensorRole.BIAS, 2, 3);
            }
            return rec.layout("test", units);
        });
        assertEquals(units, layout.units().size());
        assertEquals(units * 9L, layout.parameterCount());
        Unit u = layout.units().get(12_345);
        assertEquals("u12345", u.name());
        assertEquals(12_345, u.stage());
        assertEquals(List.of("u12345.weight", "u12345.bias"), u.tensorNames());
    }

    /** A unit's stage is the first stage any of its tensors is registered at. */
    @Test
    void aUnitsStageIsItsEarliestTensorsStage() {
        LayoutRecorder rec = new LayoutRecorder(InitScheme.PAPER);
        rec.tensor("a", 2, "a.w", parameter("w", 1), TensorRole.WEIGHT, 1, 1);
        rec.tensor("b", 1, "b.w", parameter("w", 1), TensorRole.WEIGHT, 1, 1);
        rec.tensor("a", 0, "a.b", parameter("b", 1), TensorRole.BIAS, 1, 1);
        ModelLayout layout = rec.layout("test", 3);
        assertEquals(List.of("a", "b"), layout.unitNames());
        assertEquals(0, layout.unit("a").stage());
        assertEquals(1, layout.unit("b").stage());
    }

    /** The whole path through DJL for a deep, thin FCN: building, initializing and laying it out. */
    @Test
    void buildsAVeryDeepThinFcnQuickly() {
        int depth = FcnArchitecture.MAX_DEPTH;
        ModelSpec spec = new ModelSpec("fcn", depth, 1, null, 1.0, "none", null, "paper");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Network net = Networks.build(spec, new Shape(1, 2, 2), 3, Device.cpu())) {
                assertEquals(depth + 1, net.layout().units().size());
                assertEquals(depth + 1, net.numStages());
                // layer1: 4·1 + 1; hidden: (1·1 + 1) each; output: 1·3 + 3.
                assertEquals(5 + 2L * (depth - 1) + 6, net.layout().parameterCount());
            }
        });
    }
}
