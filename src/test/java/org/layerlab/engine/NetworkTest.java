package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.init.InitScheme;
import org.layerlab.init.Initializer;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.ModelSpec;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

/** The FCN 4 → 3 → 3 → 2 (two hidden layers of width 3, inputs 1×2×2, two classes). */
class NetworkTest {
    static Network fcn(int depth, int width, Shape example, int classes) {
        return Networks.build(
                new ModelSpec("fcn", depth, width, null, 1.0, "none", null, "paper"), example, classes, Device.cpu());
    }

    static Network small() {
        return fcn(2, 3, new Shape(1, 2, 2), 2);
    }

    static Tensor t(int[] shape, float... v) {
        return new Tensor(shape, v);
    }

    @Test
    void unitsStagesAndParameterCount() {
        try (Network net = small()) {
            assertEquals(List.of("layer1", "layer2", "layer3"), net.layout().unitNames());
            assertEquals(3, net.numStages());
            assertEquals(3, net.layout().numStages());
            List<Unit> units = net.layout().units();
            for (int k = 0; k < 3; k++) {
                assertEquals(k, units.get(k).stage(), "each dense layer is its own stage");
            }
            // (4·3 + 3) + (3·3 + 3) + (3·2 + 2) = 15 + 12 + 8
            assertEquals(35, net.layout().parameterCount());
            assertEquals(35, net.snapshot().count(List.copyOf(net.snapshot().names())));
            TensorSpec w1 = units.get(0).tensors().get(0);
            assertEquals(
                    new TensorSpec("layer1.weight", new int[] {3, 4}, TensorRole.WEIGHT, InitScheme.PAPER, 4, 3), w1);
            TensorSpec b3 = units.get(2).tensors().get(1);
            assertEquals(new TensorSpec("layer3.bias", new int[] {2}, TensorRole.BIAS, InitScheme.PAPER, 3, 2), b3);
            org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 2, 2}, net.exampleShape());
        }
    }

    @Test
    void loadThenSnapshotIsExact() {
        try (Network net = small()) {
            WeightSnapshot init = Initializer.initialSnapshot(net.layout(), 5);
            // Bits a careless copy could change: −0, a subnormal, NaN.
            init = init.with(Map.of(
                    "layer3.bias",
                    t(new int[] {2}, -0f, Float.MIN_VALUE),
                    "layer2.bias",
                    t(new int[] {3}, Float.NaN, Float.MAX_VALUE, -1e-30f)));
            net.load(init);
            assertEquals(init, net.snapshot());
            assertEquals(List.copyOf(init.names()), List.copyOf(net.snapshot().names()));
        }
    }

    @Test
    void loadingAnUnknownTensorFails() {
        try (Network net = small()) {
            assertThrows(IllegalArgumentException.class, () -> net.load(Map.of("layer9.weight", t(new int[] {1}, 1f))));
        }
    }

    /** Hand-set weights: see the comments of {@link #forwardWithHandSetWeights()}. */
    static Map<String, Tensor> handWeights() {
        Map<String, Tensor> w = new LinkedHashMap<>();
        w.put("layer1.weight", t(new int[] {3, 4}, 1, 0, 0, 0, /**/ 0, 1, 0, 0, /**/ 1, 1, 1, 1));
        w.put("layer1.bias", t(new int[] {3}, 0, 0, -0.5f));
        w.put("layer2.weight", t(new int[] {3, 3}, 1, 0, 0, /**/ 0, 1, 0, /**/ 0, 0, 1));
        w.put("layer2.bias", t(new int[] {3}, 0, 1, -2));
        w.put("layer3.weight", t(new int[] {2, 3}, 1, 2, 3, /**/ -1, 0, 1));
        w.put("layer3.bias", t(new int[] {2}, 0.5f, 0));
        return w;
    }

    @Test
    void forwardWithHandSetWeights() {
        try (Network net = small()) {
            net.load(handWeights());
            // x = [[1, −1], [2, 0]] flattens row-major to (1, −1, 2, 0).
            NDArray x = net.manager().create(new float[] {1, -1, 2, 0}, new Shape(1, 1, 2, 2));
            // layer1: W x + b = (1, −1, 2 − 0.5) → ReLU → (1, 0, 1.5)
            assertArrayEquals(
                    new float[] {1, 0, 1.5f}, net.forward(0, 1, x, false).toFloatArray());
            // layer2: I h + b = (1, 1, −0.5) → ReLU → (1, 1, 0)
            assertArrayEquals(new float[] {1, 1, 0}, net.forward(0, 2, x, false).toFloatArray());
            // layer3 (no ReLU): (1 + 2 + 0 + 0.5, −1 + 0 + 0 + 0) = (3.5, −1)
            assertArrayEquals(new float[] {3.5f, -1}, net.forward(x, false).toFloatArray());
            // Running the stages piecewise gives the same as all at once.
            NDArray h = net.forward(0, 1, x, false);
            assertArrayEquals(
                    new float[] {3.5f, -1}, net.forward(1, 3, h, false).toFloatArray());
        }
    }

    @Test
    void theOutputLayerIsLinear() {
        try (Network net = small()) {
            Map<String, Tensor> w = handWeights();
            w.put("layer3.bias", t(new int[] {2}, -10, -20));
            net.load(w);
            NDArray x = net.manager().create(new float[] {1, -1, 2, 0}, new Shape(1, 1, 2, 2));
            assertArrayEquals(
                    new float[] {-7, -21}, net.forward(x, false).toFloatArray(), "negative logits are not clipped");
        }
    }
}
