package org.layerlab.distance;

import java.util.Collection;
import java.util.Map;
import org.layerlab.snapshot.Tensor;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

/**
 * The paper's distance heatmaps (Figure 1, lower panels): per unit, how far the trained parameters
 * are from their value at checkpoint τ (τ = 0: from initialization) or from a re-randomized draw.
 */
public final class Distances {
    private Distances() {}

    /**
     * @param trained the unit's final tensors θ_T
     * @param other the tensors compared against (θ_τ or a fresh draw)
     * @param initial the unit's tensors at checkpoint 0, for the relative distance
     */
    public static Distance between(
            Collection<Unit> units,
            Map<String, Tensor> trained,
            Map<String, Tensor> other,
            Map<String, Tensor> initial) {
        double sumSq = 0;
        double initSq = 0;
        double max = 0;
        long n = 0;
        for (Unit u : units) {
            for (TensorSpec spec : u.tensors()) {
                if (!spec.role().trainable()) {
                    continue;
                }
                float[] a = trained.get(spec.name()).data();
                float[] b = other.get(spec.name()).data();
                float[] z = initial.get(spec.name()).data();
                for (int i = 0; i < a.length; i++) {
                    double d = (double) a[i] - b[i];
                    sumSq += d * d;
                    max = Math.max(max, Math.abs(d));
                    initSq += (double) z[i] * z[i];
                }
                n += a.length;
            }
        }
        double l2 = Math.sqrt(sumSq);
        double rel = initSq == 0 ? Double.NaN : l2 / Math.sqrt(initSq);
        return new Distance(l2, rel, n == 0 ? 0 : l2 / Math.sqrt(n), max);
    }
}
