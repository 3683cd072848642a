package org.layerlab.unit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerlab.error.UserInputException;

/**
 * The units of a network in forward order, and through them every parameter tensor, at two
 * granularities: {@code units} are the blocks (an FCN layer, a residual or transformer block) and
 * {@code parts} split them finer where a family has parts (a transformer block's LayerNorms, attention
 * and MLP); elsewhere the parts are the units. Built from the model spec without touching the engine, so
 * unit names and shapes can be tested by hand.
 */
public record ModelLayout(String arch, int numStages, List<Unit> units, List<Unit> parts) {

    /** The two granularities of {@code analysis.units}. */
    public static final String BLOCKS = "blocks";

    public static final String PARTS = "parts";

    /** Blocks and their parts: each block's row followed by its parts' rows. */
    public static final String BOTH = "both";

    /** A layout whose units have no finer parts. */
    public ModelLayout(String arch, int numStages, List<Unit> units) {
        this(arch, numStages, units, units);
    }

    public ModelLayout {
        units = List.copyOf(units);
        parts = List.copyOf(parts);
        check(units, numStages);
        check(parts, numStages);
        if (!tensorSet(units).equals(tensorSet(parts))) {
            throw new IllegalArgumentException("units and parts cover different tensors");
        }
    }

    /** This layout with the units of {@code granularity} ({@link #BLOCKS} or {@link #PARTS}) as its units. */
    public ModelLayout at(String granularity) {
        return switch (granularity) {
            case BLOCKS -> this;
            case PARTS -> new ModelLayout(arch, numStages, parts, parts);
            default -> throw new IllegalArgumentException("granularity " + granularity);
        };
    }

    /**
     * The rows of a granularity, in forward order: the blocks, the parts, or ({@link #BOTH}) each block
     * followed by its parts when it has more than one.
     */
    public List<Unit> unitsAt(String granularity) {
        return switch (granularity) {
            case BLOCKS -> units;
            case PARTS -> parts;
            case BOTH -> {
                List<Unit> out = new ArrayList<>();
                for (Unit block : units) {
                    out.add(block);
                    Set<String> mine = new HashSet<>(block.tensorNames());
                    List<Unit> split = parts.stream()
                            .filter(p -> mine.containsAll(p.tensorNames()))
                            .toList();
                    if (split.size() > 1) {
                        out.addAll(split);
                    }
                }
                yield out;
            }
            default -> throw new IllegalArgumentException("granularity " + granularity);
        };
    }

    /** A unit of either granularity, by name; bad input naming the units otherwise. */
    public Unit anyUnit(String name) {
        for (List<Unit> us : List.of(units, parts)) {
            for (Unit u : us) {
                if (u.name().equals(name)) {
                    return u;
                }
            }
        }
        throw new UserInputException("unknown unit '" + name + "' (units: " + unitNames() + ")");
    }

    private static Set<String> tensorSet(List<Unit> us) {
        Set<String> out = new HashSet<>();
        us.forEach(u -> out.addAll(u.tensorNames()));
        return out;
    }

    private static void check(List<Unit> units, int numStages) {
        Set<String> seen = new HashSet<>();
        for (Unit u : units) {
            if (!seen.add(u.name())) {
                throw new IllegalArgumentException("duplicate unit name " + u.name());
            }
            for (TensorSpec t : u.tensors()) {
                if (!seen.add("tensor:" + t.name())) {
                    throw new IllegalArgumentException("tensor " + t.name() + " belongs to two units");
                }
            }
            if (u.stage() < 0 || u.stage() >= numStages) {
                throw new IllegalArgumentException(
                        "unit " + u.name() + " at stage " + u.stage() + " outside 0.." + (numStages - 1));
            }
        }
    }

    public Unit unit(String name) {
        for (Unit u : units) {
            if (u.name().equals(name)) {
                return u;
            }
        }
        throw new UserInputException("unknown unit '" + name + "' (units: " + unitNames() + ")");
    }

    public List<String> unitNames() {
        return units.stream().map(Unit::name).toList();
    }

    public Map<String, TensorSpec> tensors() {
        Map<String, TensorSpec> out = new LinkedHashMap<>();
        for (Unit u : units) {
            for (TensorSpec t : u.tensors()) {
                out.put(t.name(), t);
            }
        }
        return out;
    }

    public long parameterCount() {
        return units.stream().mapToLong(Unit::parameterCount).sum();
    }

    /**
     * How {@code tensors} (a checkpoint's weights) fail to fit this layout — a missing, extra or
     * differently shaped tensor — or empty when every tensor is there with its shape. A checkpoint made
     * under another spec must be caught here, before it is loaded into a network.
     */
    public java.util.Optional<String> mismatch(Map<String, org.layerlab.snapshot.Tensor> tensors) {
        Map<String, TensorSpec> mine = tensors();
        for (Map.Entry<String, TensorSpec> e : mine.entrySet()) {
            org.layerlab.snapshot.Tensor t = tensors.get(e.getKey());
            if (t == null) {
                return java.util.Optional.of("tensor " + e.getKey() + " is missing");
            }
            if (!java.util.Arrays.equals(t.shape(), e.getValue().shape())) {
                return java.util.Optional.of("tensor " + e.getKey() + " has shape "
                        + java.util.Arrays.toString(t.shape()) + " there, but this spec's model needs "
                        + java.util.Arrays.toString(e.getValue().shape()));
            }
        }
        for (String name : tensors.keySet()) {
            if (!mine.containsKey(name)) {
                return java.util.Optional.of("tensor " + name + " is not part of this spec's model");
            }
        }
        return java.util.Optional.empty();
    }

    /** Tensor names of several units together, as perturbed jointly by a group. */
    public static List<String> tensorNames(Collection<Unit> units) {
        List<String> out = new ArrayList<>();
        for (Unit u : units) {
            out.addAll(u.tensorNames());
        }
        return out;
    }
}
