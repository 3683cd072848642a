package org.layerlab.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import org.layerlab.init.InitScheme;
import org.layerlab.metric.Metric;
import org.layerlab.spec.ModelSpec;
import org.slf4j.LoggerFactory;

/** Builds the network a model spec describes, on one device. */
public final class Networks {
    private Networks() {}

    /**
     * The entry point for the rest of layerlab, which holds no DJL types.
     *
     * @param example per-example input shape (channels, height, width)
     * @param device the spec's {@code device}, e.g. {@code cpu} or {@code gpu:1}
     */
    public static Network build(ModelSpec spec, int[] example, int classes, String device) {
        return build(spec, new Shape(Network.toLong(example)), classes, Devices.parse(device));
    }

    /**
     * @param example per-example input shape (channels, height, width)
     */
    public static Network build(ModelSpec spec, Shape example, int classes, Device device) {
        NativeMemory.tune();
        LayoutRecorder rec = new LayoutRecorder(InitScheme.fromId(spec.init()));
        List<Block> stages = switch (spec.arch()) {
            case "fcn" -> FcnArchitecture.build(spec.depth(), spec.width(), example, classes, rec);
            case "vgg" ->
                VggArchitecture.build(spec.variant(), spec.widthMultiplier(), batchNorm(spec), example, classes, rec);
            case "resnet" ->
                ResnetArchitecture.build(
                        spec.variant(), spec.widthMultiplier(), batchNorm(spec), spec.stem(), example, classes, rec);
            default -> throw new IllegalArgumentException("architecture " + spec.arch() + " is not built yet");
        };
        warnAboutNarrowConvolutions(spec, device);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            return new Network(manager, stages, rec, spec.arch(), example, Metric.ERROR);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * What {@link #build} would make of the spec, worked out without building anything (so it is
     * cheap and safe for any spec that passed validation, however large).
     *
     * @param example per-example input shape (channels, height, width)
     */
    public static Footprint footprint(ModelSpec spec, int[] example, int classes) {
        long[] shape = Network.toLong(example);
        return switch (spec.arch()) {
            case "fcn" -> FcnArchitecture.footprint(spec, shape, classes);
            case "vgg" -> VggArchitecture.footprint(spec, shape, classes);
            case "resnet" -> ResnetArchitecture.footprint(spec, shape, classes);
            default -> throw new IllegalArgumentException("architecture " + spec.arch() + " is not built yet");
        };
    }

    /**
     * PyTorch 2.7.1's CPU backward gave wrong or NaN input gradients for convolutions with fewer than
     * 16 output channels on the AVX-512 machine layerlab was developed on (ConvBackwardTest pins the
     * safe side). We cannot tell whether a given CPU is affected, so warn rather than refuse.
     */
    private static void warnAboutNarrowConvolutions(ModelSpec spec, Device device) {
        boolean conv = spec.arch().equals("vgg") || spec.arch().equals("resnet");
        int narrowest = scaled(64, spec.widthMultiplier());
        if (conv && narrowest < 16 && Device.Type.CPU.equals(device.getDeviceType())) {
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
