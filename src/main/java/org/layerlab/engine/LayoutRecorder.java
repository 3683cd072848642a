package org.layerlab.engine;

import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerlab.init.InitScheme;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

/**
 * Collects, while an architecture builds its DJL blocks, which DJL parameter is which of our named
 * tensors and to which unit it belongs. Building blocks and naming tensors in one pass keeps a single
 * source of truth: the layout cannot drift from the network.
 */
final class LayoutRecorder {
    private record Pending(String unit, int stage, String name, Parameter parameter, TensorRole role, int fanIn, int fanOut) {}

    private final InitScheme scheme;
    private final List<Pending> pending = new ArrayList<>();
    private final List<String> unitOrder = new ArrayList<>();
    private final Map<String, Long> positions = new LinkedHashMap<>();

    LayoutRecorder(InitScheme scheme) {
        this.scheme = scheme;
    }

    /** Registers a tensor; its shape is read from the parameter after the network is initialized. */
    void tensor(String unit, int stage, String name, Parameter p, TensorRole role, int fanIn, int fanOut) {
        if (!unitOrder.contains(unit)) {
            unitOrder.add(unit);
        }
        pending.add(new Pending(unit, stage, name, p, role, fanIn, fanOut));
    }

    /**
     * Records at how many output positions a kernel is applied (H_out·W_out for a convolution), so
     * forward multiply-adds are Σ numel(kernel) · positions; dense layers default to 1.
     */
    void positions(String tensorName, long count) {
        positions.put(tensorName, count);
    }

    /** Forward multiply-adds of all kernels, or only of the first unit's (whose input needs no gradient). */
    long forwardMacs(boolean firstUnitOnly) {
        long macs = 0;
        for (Pending p : pending) {
            if (p.role == TensorRole.WEIGHT && (!firstUnitOnly || p.unit.equals(unitOrder.get(0)))) {
                macs += p.parameter.getArray().getShape().size() * positions.getOrDefault(p.name, 1L);
            }
        }
        return macs;
    }

    Map<String, Parameter> parameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Pending p : pending) {
            out.put(p.name, p.parameter);
        }
        return out;
    }

    ModelLayout layout(String arch, int numStages) {
        List<Unit> units = new ArrayList<>();
        for (String u : unitOrder) {
            List<TensorSpec> tensors = new ArrayList<>();
            int stage = Integer.MAX_VALUE;
            for (Pending p : pending) {
                if (p.unit.equals(u)) {
                    int[] shape = toInt(p.parameter.getArray().getShape().getShape());
                    tensors.add(new TensorSpec(p.name, shape, p.role, scheme, p.fanIn, p.fanOut));
                    stage = Math.min(stage, p.stage);
                }
            }
            units.add(new Unit(u, stage, tensors));
        }
        return new ModelLayout(arch, numStages, units);
    }

    private static int[] toInt(long[] s) {
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Math.toIntExact(s[i]);
        }
        return out;
    }
}
