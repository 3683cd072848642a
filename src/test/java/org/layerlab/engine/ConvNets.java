package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerlab.init.Initializer;
import org.layerlab.perturb.Perturbations;
import org.layerlab.progress.Progress;
import org.layerlab.random.Rng;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.ModelSpec;
import org.layerlab.testing.ArrayBatchSource;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

/** Tiny VGGs and ResNets and the checks every architecture must pass, shared by the CNN tests. */
final class ConvNets {
    static final Progress.Task QUIET = Progress.SILENT.start("test", 0);

    private ConvNets() {}

    static Network vgg(String variant, double width, String norm, Shape example, int classes) {
        return Networks.build(
                new ModelSpec("vgg", null, null, variant, width, norm, null, "paper"), example, classes, Device.cpu());
    }

    static Network resnet(String variant, double width, String norm, String stem, Shape example, int classes) {
        return Networks.build(
                new ModelSpec("resnet", null, null, variant, width, norm, stem, "paper"),
                example,
                classes,
                Device.cpu());
    }

    /** Parameters the optimizer updates: every tensor but the BatchNorm running statistics. */
    static long trainable(ModelLayout layout) {
        return layout.tensors().values().stream()
                .filter(t -> t.role().trainable())
                .mapToLong(TensorSpec::numel)
                .sum();
    }

    static Map<String, Long> perUnit(ModelLayout layout) {
        Map<String, Long> out = new LinkedHashMap<>();
        layout.units().forEach(u -> out.put(u.name(), u.parameterCount()));
        return out;
    }

    /** {@code n} examples uniform in [-1, 1) of the network's example shape. */
    static NDArray input(Network net, int n, long seed) {
        long[] shape = new Shape(n)
                .addAll(new Shape(Network.toLong(net.exampleShape())))
                .getShape();
        Rng rng = new Rng(seed);
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.uniform(-1, 1);
        }
        return net.manager().create(v, new Shape(shape));
    }

    /**
     * The stage rules the analysis relies on, with the network's current weights: running stages
     * piecewise equals running the whole net; each unit is its own stage, in forward order; perturbing
     * a unit changes nothing before its stage and does change that stage's output.
     */
    static void assertStagesConsistent(Network net, NDArray x) {
        ModelLayout layout = net.layout();
        int n = net.numStages();
        assertEquals(layout.units().size(), n, "one stage per unit");
        for (int i = 0; i < n; i++) {
            assertEquals(i, layout.units().get(i).stage(), layout.units().get(i).name());
        }
        float[] whole = net.forward(x, false).toFloatArray();
        for (int k = 0; k <= n; k++) {
            NDArray h = net.forward(0, k, x, false);
            assertArrayEquals(whole, net.forward(k, n, h, false).toFloatArray(), "split at stage " + k);
        }
        WeightSnapshot base = net.snapshot();
        for (Unit u : layout.units()) {
            float[] before = floats(net.forward(0, u.stage(), x, false));
            float[] at = net.forward(0, u.stage() + 1, x, false).toFloatArray();
            net.load(base.with(Perturbations.rerandomize(List.of(u), "stages", 0, 77)));
            assertArrayEquals(
                    before,
                    floats(net.forward(0, u.stage(), x, false)),
                    u.name() + " changes the activations entering its stage");
            assertFalse(
                    Arrays.equals(at, net.forward(0, u.stage() + 1, x, false).toFloatArray()),
                    u.name() + " does not change its own stage's output");
            net.load(base);
        }
    }

    /** The values of an activation; a language model's stage 0 input is int64 token ids. */
    private static float[] floats(NDArray a) {
        return a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32
                ? a.toFloatArray()
                : a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }

    /** The output is one row of logits per example. */
    static void assertOutputShape(Network net, int classes) {
        NDArray x = input(net, 3, 4);
        assertEquals(new Shape(3, classes), net.forward(x, false).getShape());
    }

    /**
     * The network after {@code epochs} epochs of SGD on {@code data} from the initial draw of
     * {@code seed}: BatchNorm running statistics and scales have moved away from 0 and 1.
     *
     * <p>Networks trained here must give every convolution except the first 16 or more output
     * channels: on this CPU (AVX-512) PyTorch 2.7.1's input gradient of a convolution with fewer output
     * channels is intermittently wrong or NaN (the weight gradient and the forward pass are right),
     * which would make these tests flaky. Width 1/4 is the smallest multiplier that keeps VGG and
     * ResNet clear of it; ConvBackwardTest pins the safe side.
     */
    static List<WeightSnapshot> train(Network net, ArrayBatchSource data, long seed, int epochs, int batch, double lr) {
        List<WeightSnapshot> snapshots = new ArrayList<>();
        WeightSnapshot init = Initializer.initialSnapshot(net.layout(), seed);
        net.load(init);
        snapshots.add(init);
        EpochTrainer trainer = new EpochTrainer(net, 0.9, 0);
        Rng order = new Rng(seed);
        for (int e = 0; e < epochs; e++) {
            trainer.runEpoch(data, order.permutation(data.size()), batch, lr, null, QUIET);
            snapshots.add(net.snapshot());
        }
        return snapshots;
    }
}
