package org.layerlab.engine;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerlab.init.Init;
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
    /** @param part the finer unit the tensor belongs to (the unit itself for families without parts) */
    private record Pending(
            String unit, String part, int stage, String name, Parameter parameter, TensorRole role, Init init) {}

    private final InitScheme scheme;
    private final List<Pending> pending = new ArrayList<>();
    /**
     * The tensors of each unit, units in the order they were first seen. Grouping as we go keeps
     * recording and {@link #layout} linear in the number of tensors: a 20,000-layer FCN used to spend
     * minutes in list scans here before DJL did any work.
     */
    private final Map<String, List<Pending>> byUnit = new LinkedHashMap<>();

    private final Map<String, List<Pending>> byPart = new LinkedHashMap<>();

    private final Map<String, Long> positions = new LinkedHashMap<>();

    /** Multiply-adds of products between activations (attention's scores and weighted sums), per example. */
    private long activationMacs;

    LayoutRecorder(InitScheme scheme) {
        this.scheme = scheme;
    }

    /** Registers a tensor initialized by the network's scheme with its fans; its part is its unit. */
    void tensor(String unit, int stage, String name, Parameter p, TensorRole role, int fanIn, int fanOut) {
        tensor(unit, unit, stage, name, p, role, scheme.init(role, fanIn, fanOut));
    }

    /**
     * Registers a tensor of {@code unit} (and of its {@code part}, the finer granularity) with its own
     * initializer; its shape is read from the parameter after the network is initialized.
     */
    void tensor(String unit, String part, int stage, String name, Parameter p, TensorRole role, Init init) {
        // A misspelt DJL parameter name gives null here; fail now rather than at the first snapshot.
        java.util.Objects.requireNonNull(p, () -> "no DJL parameter behind " + name);
        Pending t = new Pending(unit, part, stage, name, p, role, init);
        pending.add(t);
        byUnit.computeIfAbsent(unit, u -> new ArrayList<>()).add(t);
        byPart.computeIfAbsent(part, u -> new ArrayList<>()).add(t);
    }

    /**
     * Records at how many output positions a kernel is applied (H_out·W_out for a convolution), so
     * forward multiply-adds are Σ numel(kernel) · positions; dense layers default to 1.
     */
    void positions(String tensorName, long count) {
        positions.put(tensorName, count);
    }

    /**
     * Records multiply-adds that no kernel accounts for: attention multiplies activations with
     * activations (queries by keys, weights by values), T²·dim each per example and block.
     */
    void activationMacs(long count) {
        activationMacs = Math.addExact(activationMacs, count);
    }

    /**
     * Forward multiply-adds of all kernels and activation products, or only of the first unit's kernels
     * (whose input needs no gradient).
     */
    long forwardMacs(boolean firstUnitOnly) {
        long macs = firstUnitOnly ? 0 : activationMacs;
        List<Pending> counted =
                firstUnitOnly && !byUnit.isEmpty() ? byUnit.values().iterator().next() : pending;
        for (Pending p : counted) {
            if (p.role == TensorRole.WEIGHT) {
                macs += shape(p.parameter).size() * positions.getOrDefault(p.name, 1L);
            }
        }
        return macs;
    }

    /**
     * A square convolution registered as {@code name.weight} (out, in, k, k) and, with {@code bias},
     * {@code name.bias}. fan_in = in·k·k (the inputs one output sees), fan_out = out·k·k.
     */
    Conv2d conv(String unit, int stage, String name, int in, int out, int k, int stride, int padding, boolean bias) {
        Conv2d conv = Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .setFilters(out)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(bias)
                .build();
        int fanIn = in * k * k;
        int fanOut = out * k * k;
        tensor(unit, stage, name + ".weight", conv.getParameters().get("weight"), TensorRole.WEIGHT, fanIn, fanOut);
        if (bias) {
            tensor(unit, stage, name + ".bias", conv.getParameters().get("bias"), TensorRole.BIAS, fanIn, fanOut);
        }
        return conv;
    }

    /** A dense layer registered as {@code name.weight} (out, in) and {@code name.bias}. */
    Linear linear(String unit, int stage, String name, int in, int out) {
        Linear linear = Linear.builder().setUnits(out).build();
        tensor(unit, stage, name + ".weight", linear.getParameters().get("weight"), TensorRole.WEIGHT, in, out);
        tensor(unit, stage, name + ".bias", linear.getParameters().get("bias"), TensorRole.BIAS, in, out);
        return linear;
    }

    /**
     * A dense layer over the last axis of its input with its own initializers, registered as
     * {@code name.weight} (out, in) and, when {@code bias} is not null, {@code name.bias}; applied at
     * {@code positions} rows per example (tokens, or channels for a Mixer's token-mixing MLP).
     */
    Linear linear(String unit, String part, int stage, String name, int out, Init weight, Init bias, long positions) {
        Linear linear = Linear.builder().setUnits(out).optBias(bias != null).build();
        tensor(unit, part, stage, name + ".weight", linear.getParameters().get("weight"), TensorRole.WEIGHT, weight);
        if (bias != null) {
            tensor(unit, part, stage, name + ".bias", linear.getParameters().get("bias"), TensorRole.BIAS, bias);
        }
        positions(name + ".weight", positions);
        return linear;
    }

    /**
     * A LayerNorm over the last axis of a (batch, tokens, dim) input, scale 1 and shift 0 at
     * initialization, registered as {@code name.weight} and {@code name.bias} (PyTorch's names). DJL's
     * LayerNorm normalizes over every non-batch axis unless told the axis, hence {@code axis(2)}.
     */
    LayerNorm layerNorm(String unit, String part, int stage, String name, float epsilon) {
        LayerNorm ln = LayerNorm.builder().axis(2).optEpsilon(epsilon).build();
        tensor(
                unit,
                part,
                stage,
                name + ".weight",
                ln.getParameters().get("gamma"),
                TensorRole.NORM_SCALE,
                Init.Constant.ONES);
        tensor(
                unit,
                part,
                stage,
                name + ".bias",
                ln.getParameters().get("beta"),
                TensorRole.NORM_SHIFT,
                Init.Constant.ZEROS);
        return ln;
    }

    /**
     * A BatchNorm over the channel axis, registered with PyTorch's names {@code name.weight},
     * {@code name.bias}, {@code name.running_mean} and {@code name.running_var}. The running statistics
     * are tensors of the unit like any other (Analysis.BATCHNORM_POLICY), so re-initialization restores
     * them with the weights and re-randomization resets them to 0 and 1. Every value is per channel,
     * hence fan_in = fan_out = 1 (the Initializer ignores fans for these roles anyway).
     *
     * <p>Momentum: DJL keeps MXNet's convention, running = m·running + (1 − m)·batch, and hands
     * {@code 1 − m} to torch.batch_norm, whose momentum weighs the batch. DJL's m = 0.9 is therefore
     * PyTorch's default momentum 0.1 (BatchNormTest checks the update against this formula).
     */
    BatchNorm batchNorm(String unit, int stage, String name) {
        BatchNorm bn = BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build();
        tensor(unit, stage, name + ".weight", bn.getParameters().get("gamma"), TensorRole.NORM_SCALE, 1, 1);
        tensor(unit, stage, name + ".bias", bn.getParameters().get("beta"), TensorRole.NORM_SHIFT, 1, 1);
        tensor(
                unit,
                stage,
                name + ".running_mean",
                bn.getParameters().get("runningMean"),
                TensorRole.RUNNING_MEAN,
                1,
                1);
        tensor(unit, stage, name + ".running_var", bn.getParameters().get("runningVar"), TensorRole.RUNNING_VAR, 1, 1);
        return bn;
    }

    /** The stage of each registered tensor. */
    Map<String, Integer> tensorStages() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Pending p : pending) {
            out.put(p.name, p.stage);
        }
        return out;
    }

    Map<String, Parameter> parameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Pending p : pending) {
            out.put(p.name, p.parameter);
        }
        return out;
    }

    ModelLayout layout(String arch, int numStages) {
        return new ModelLayout(arch, numStages, units(byUnit), units(byPart));
    }

    private List<Unit> units(Map<String, List<Pending>> grouped) {
        List<Unit> units = new ArrayList<>(grouped.size());
        for (Map.Entry<String, List<Pending>> u : grouped.entrySet()) {
            List<TensorSpec> tensors = new ArrayList<>(u.getValue().size());
            int stage = Integer.MAX_VALUE;
            for (Pending p : u.getValue()) {
                int[] shape = Network.toInt(shape(p.parameter).getShape());
                tensors.add(new TensorSpec(p.name, shape, p.role, p.init));
                stage = Math.min(stage, p.stage);
            }
            units.add(new Unit(u.getKey(), stage, tensors));
        }
        return units;
    }

    /**
     * The parameter's shape, which DJL sets when it prepares the block, before it allocates the array
     * (so a layout can be read, and tested, without native memory); the array's otherwise.
     */
    private static Shape shape(Parameter p) {
        return p.getShape() != null ? p.getShape() : p.getArray().getShape();
    }
}
