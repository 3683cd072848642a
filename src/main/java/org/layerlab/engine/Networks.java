package org.layerlab.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.ModelSpec;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.Unit;
import org.slf4j.LoggerFactory;

/** Builds the network a model spec describes, on one device. */
public final class Networks {
    private Networks() {}

    /** The values of {@code model.norm} for the families that have it. */
    static final java.util.Set<String> NORMS = java.util.Set.of("none", "batchnorm");

    /**
     * The entry point for the rest of layerlab, which holds no DJL types: the network of {@code spec}
     * (resolved first, see {@link Architectures#resolve}) for {@code data}.
     *
     * @param device the spec's {@code device}, e.g. {@code cpu} or {@code gpu:1}
     */
    public static Network build(ModelSpec spec, DataShape data, String device) {
        return build(spec, data, Devices.parse(device));
    }

    /** For tests: an image classifier of per-example shape {@code example} (channels, height, width). */
    static Network build(ModelSpec spec, Shape example, int classes, Device device) {
        return build(spec, DataShape.images(Network.toInt(example.getShape()), classes), device);
    }

    static Network build(ModelSpec spec, DataShape data, Device device) {
        NativeMemory.tune();
        ModelSpec resolved = Architectures.resolve(spec, data);
        Architecture arch = Architectures.of(resolved.arch());
        LayoutRecorder rec = new LayoutRecorder(arch.scheme(resolved));
        List<Block> stages = arch.build(resolved, data, rec);
        arch.warn(resolved, device);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Network net = new Network(
                    manager, stages, rec, arch.id(), new Shape(Network.toLong(data.example())), arch.metric());
            removeUnits(net, resolved.remove());
            net.useDropout(resolved.dropout() > 0);
            return net;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** model.remove: the listed units left out of every forward pass, each checked first. */
    private static void removeUnits(Network net, List<String> names) {
        ModelLayout layout = net.layout();
        // Unknown names first: counted as units, they would make a short list look like "every unit".
        for (String name : names) {
            if (!layout.unitNames().contains(name)) {
                throw new UserInputException("model.remove: unknown unit '" + name + "' (units: "
                        + String.join(", ", layout.unitNames()) + ")");
            }
        }
        if (!names.isEmpty()
                && new java.util.HashSet<>(names).size() >= layout.units().size()) {
            throw new UserInputException(
                    "model.remove: " + names + " would remove every unit; a network needs at least one");
        }
        for (String name : names) {
            Unit u = layout.unit(name);
            if (!net.removable(u, layout)) {
                throw new UserInputException("model.remove: " + name + " cannot be replaced by the identity: its "
                        + net.shapes(u) + " (only a unit whose output has its input's shape can be removed)");
            }
            net.remove(u);
        }
    }

    /**
     * What {@link #build} would make of the spec, worked out without building anything (so it is
     * cheap and safe for any spec that passed validation, however large).
     */
    public static Footprint footprint(ModelSpec spec, DataShape data) {
        ModelSpec resolved = Architectures.resolve(spec, data);
        return Architectures.of(resolved.arch()).footprint(resolved, data);
    }

    /** For tests: the footprint of an image classifier. */
    static Footprint footprint(ModelSpec spec, int[] example, int classes) {
        return footprint(spec, DataShape.images(example, classes));
    }

    /**
     * PyTorch 2.7.1's CPU backward gave wrong or NaN input gradients for convolutions with fewer than
     * 16 output channels on the AVX-512 machine layerlab was developed on (ConvBackwardTest pins the
     * safe side). We cannot tell whether a given CPU is affected, so warn rather than refuse.
     */
    static void warnAboutNarrowConvolutions(ModelSpec spec, Device device) {
        int narrowest = scaled(64, spec.widthMultiplier());
        if (narrowest < 16 && Device.Type.CPU.equals(device.getDeviceType())) {
            LoggerFactory.getLogger(Networks.class)
                    .warn(
                            "model.width_multiplier {} gives convolutions with {} output "
                                    + "channels; PyTorch's CPU backward was measured wrong below 16 on some CPUs (see ConvBackwardTest)",
                            spec.widthMultiplier(),
                            narrowest);
        }
    }

    /** The spec must be resolved (SpecValidator fills in each architecture's default norm). */
    static boolean batchNorm(ModelSpec spec) {
        String norm = String.valueOf(spec.norm());
        return switch (norm) {
            case "batchnorm" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("model.norm must be none or batchnorm, got " + norm);
        };
    }

    /** Channels (or units) {@code base} scaled by the width multiplier: rounded half up, at least 1. */
    static int scaled(int base, double multiplier) {
        return Math.max(1, Math.toIntExact(Math.round(base * multiplier)));
    }
}
