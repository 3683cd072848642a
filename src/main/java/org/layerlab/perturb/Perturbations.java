package org.layerlab.perturb;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.layerlab.init.Initializer;
import org.layerlab.random.Rng;
import org.layerlab.random.Seeds;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.Unit;

/**
 * The paper's two operations as functions on weight snapshots. They return only the replaced tensors,
 * so the engine can swap a unit in place; {@code trained.with(result)} is the whole perturbed model.
 */
public final class Perturbations {
    private Perturbations() {}

    /** "These units from that snapshot": the units' tensors as they were at checkpoint τ. */
    public static Map<String, Tensor> reinitialize(WeightSnapshot atTau, Collection<Unit> units) {
        return atTau.select(ModelLayout.tensorNames(units));
    }

    /**
     * Fresh draws for the units from their own initializers. The stream depends only on the run seed,
     * the group's name and the draw index, so adding a unit or a draw never changes another's numbers.
     */
    public static Map<String, Tensor> rerandomize(Collection<Unit> units, String groupName, int draw, long runSeed) {
        Rng rng = Seeds.rng(runSeed, Seeds.RERANDOMIZE, groupName, Integer.toString(draw));
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Unit u : units) {
            out.putAll(Initializer.drawUnit(u, rng));
        }
        return out;
    }

    public static Map<String, Tensor> apply(
            Perturbation p,
            Collection<Unit> units,
            String groupName,
            Map<Integer, WeightSnapshot> checkpoints,
            long runSeed) {
        if (p instanceof Perturbation.Reinitialize r) {
            return reinitialize(checkpoint(checkpoints, r.epoch()), units);
        }
        if (p instanceof Perturbation.Rerandomize r) {
            return rerandomize(units, groupName, r.draw(), runSeed);
        }
        throw new IllegalArgumentException(p + " replaces no tensors: the engine leaves the unit's stage out");
    }

    private static WeightSnapshot checkpoint(Map<Integer, WeightSnapshot> checkpoints, int epoch) {
        WeightSnapshot s = checkpoints.get(epoch);
        if (s == null) {
            throw new IllegalArgumentException(
                    "no checkpoint at epoch " + epoch + " (have " + checkpoints.keySet() + ")");
        }
        return s;
    }
}
