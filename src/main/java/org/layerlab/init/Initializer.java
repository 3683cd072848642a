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
        spec.init().fill(v, rng);
        return new Tensor(spec.shape(), v);
    }
}
