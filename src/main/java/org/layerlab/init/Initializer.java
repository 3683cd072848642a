package org.layerlab.init;

import java.util.LinkedHashMap;
import java.util.Map;
import org.layerlab.random.Rng;
import org.layerlab.random.Seeds;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

/**
 * Draws parameter values in plain Java, so checkpoint 0 is exactly what we drew (DJL saves nothing
 * before the first update) and the same seed gives the same network on any engine or device.
 */
public final class Initializer {
    private Initializer() {}

    /** Checkpoint 0: every tensor drawn from its own stream {@code init/<tensor name>}. */
    public static WeightSnapshot initialSnapshot(ModelLayout layout, long runSeed) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (TensorSpec t : layout.tensors().values()) {
            out.put(t.name(), draw(t, Seeds.rng(runSeed, Seeds.INIT, t.name())));
        }
        return new WeightSnapshot(out);
    }

    /** A fresh draw of one unit's tensors, e.g. one re-randomization of that unit. */
    public static Map<String, Tensor> drawUnit(Unit unit, Rng rng) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (TensorSpec t : unit.tensors()) {
            out.put(t.name(), draw(t, rng));
        }
        return out;
    }

    public static Tensor draw(TensorSpec spec, Rng rng) {
        float[] v = new float[Math.toIntExact(spec.numel())];
        switch (spec.role()) {
            case WEIGHT -> fillWeight(v, spec, rng);
            case BIAS -> fillBias(v, spec, rng);
            case NORM_SCALE, RUNNING_VAR -> java.util.Arrays.fill(v, 1f);
            case NORM_SHIFT, RUNNING_MEAN -> {
                /* zeros */
            }
            default -> throw new IllegalStateException("role " + spec.role());
        }
        return new Tensor(spec.shape(), v);
    }

    private static void fillWeight(float[] v, TensorSpec spec, Rng rng) {
        double fanIn = spec.fanIn();
        switch (spec.scheme()) {
            case PAPER -> {
                double std = 1 / Math.sqrt(fanIn);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) rng.truncatedNormal(std, 2.0);
                }
            }
            case HE_NORMAL -> {
                double std = Math.sqrt(2 / fanIn);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (rng.normal() * std);
                }
            }
            case GLOROT_UNIFORM -> uniform(v, Math.sqrt(6.0 / (fanIn + spec.fanOut())), rng);
            case PYTORCH_DEFAULT -> uniform(v, 1 / Math.sqrt(fanIn), rng);
            default -> throw new IllegalStateException("scheme " + spec.scheme());
        }
    }

    private static void fillBias(float[] v, TensorSpec spec, Rng rng) {
        if (spec.scheme() == InitScheme.PYTORCH_DEFAULT) {
            uniform(v, 1 / Math.sqrt(spec.fanIn()), rng);
        }
        // Every other scheme starts biases at 0.
    }

    private static void uniform(float[] v, double bound, Rng rng) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.uniform(-bound, bound);
        }
    }
}
