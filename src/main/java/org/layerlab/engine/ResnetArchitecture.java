package org.layerlab.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerlab.spec.ModelSpec;

/**
 * Pre-activation residual networks (ResNet v2, He et al. 2016, "Identity Mappings in Deep Residual
 * Networks"): ResNet-18 and ResNet-34 of basic blocks, ResNet-50 of bottleneck blocks (expansion 4),
 * in four stages of 64·w, 128·w, 256·w and 512·w channels; stages 2–4 halve the resolution in their
 * first block.
 *
 * <p>A block computes {@code x + F(x)} with F = BN→ReLU→conv→BN→ReLU→conv (bottleneck: three such
 * steps, 1×1, 3×3 carrying the stride, 1×1). When the shape changes, the shortcut is a strided 1×1
 * convolution, and as in v2 it takes the pre-activated input BN→ReLU(x), shared with F; it has no
 * BatchNorm of its own (the next block's pre-activation normalizes the sum).
 *
 * <p>Stems: {@code cifar} is a single 3×3 convolution, stride 1 (the first block pre-activates its
 * output); {@code imagenet} is a 7×7 convolution with stride 2, BN, ReLU and a 3×3 max-pool with
 * stride 2, as in the v2 ImageNet models.
 *
 * <p>{@code norm: none} keeps the same structure without any BatchNorm: each BN becomes the identity
 * and every convolution gets a bias (with BN, a BN downstream cancels a bias and its shift replaces
 * it). We add no zero-initialized residual gate (SkipInit, Fixup): re-randomization redraws a unit from
 * its initial distribution, and a gate drawn as 0 would turn every re-randomized block into an exact
 * identity, making each block look robust by construction. Without BN the paper's init keeps the
 * signal bounded: its truncated draws have variance 0.77/fan_in, so a conv scales its input's second
 * moment by 0.77 and a ReLU halves it (c = 0.385 for the pair). A block with an identity shortcut
 * multiplies the second moment by 1 + c² ≈ 1.15 (bottleneck 1 + c³ ≈ 1.06); one with a projection
 * shortcut, whose 1×1 conv also sees ReLU(x), by c + c² ≈ 0.53 (bottleneck c + c³ ≈ 0.44). Over the
 * blocks that is about 0.3× for ResNet-18, 0.9× for ResNet-34 and 0.08× for ResNet-50: within two
 * orders of magnitude, neither vanishing nor overflowing.
 *
 * <p>Units, each its own stage: {@code stage0} (the stem), {@code stage{s}.resblk{b}} (the whole block:
 * its convolutions, shortcut and BatchNorms with their running statistics) and {@code final_linear}.
 * The final BN→ReLU that v2 puts before the global average pool belongs to {@code final_linear}: it
 * normalizes the sum of every block's output, not the last block's residual branch, and it exists only
 * to feed the classifier.
 */
final class ResnetArchitecture extends Architecture {
    private record Variant(int[] blocks, boolean bottleneck) {}

    private static final Map<String, Variant> VARIANTS = Map.of(
            "resnet18", new Variant(new int[] {2, 2, 2, 2}, false),
            "resnet34", new Variant(new int[] {3, 4, 6, 3}, false),
            "resnet50", new Variant(new int[] {3, 4, 6, 3}, true));
    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final int EXPANSION = 4;
    /** The largest image side that gets the CIFAR stem when the spec leaves {@code stem} null. */
    static final int CIFAR_STEM_MAX_SIZE = 64;

    @Override
    public String id() {
        return "resnet";
    }

    @Override
    public Set<String> keys() {
        return Set.of("variant", "width_multiplier", "norm", "stem");
    }

    @Override
    public ModelSpec resolve(ModelSpec m, DataShape data) {
        String variant = m.variant() == null ? "resnet18" : m.variant();
        require(
                VARIANTS.containsKey(variant),
                "variant",
                "must be one of " + String.join(", ", new java.util.TreeSet<>(VARIANTS.keySet())) + " for resnet, got '"
                        + variant + "'");
        String norm = m.norm() == null ? "batchnorm" : m.norm();
        require(Networks.NORMS.contains(norm), "norm", "must be none or batchnorm, got '" + norm + "'");
        require(
                m.stem() == null || Set.of("cifar", "imagenet").contains(m.stem()),
                "stem",
                "must be cifar or imagenet, got '" + m.stem() + "'");
        int[] example = data.example();
        String stem = stemKind(m.stem(), example[1], example[2]);
        return ConvnetInits.resolve(
                m.toBuilder().variant(variant).norm(norm).stem(stem).build());
    }

    @Override
    void warn(ModelSpec spec, ai.djl.Device device) {
        Networks.warnAboutNarrowConvolutions(spec, device);
    }

    @Override
    List<Block> build(ModelSpec spec, DataShape data, LayoutRecorder rec) {
        return build(
                spec.variant(),
                spec.widthMultiplier(),
                Networks.batchNorm(spec),
                spec.stem(),
                new Shape(Network.toLong(data.example())),
                data.classes(),
                rec);
    }

    private static List<Block> build(
            String variant,
            double widthMultiplier,
            boolean batchNorm,
            String stem,
            Shape example,
            int classes,
            LayoutRecorder rec) {
        Variant v = VARIANTS.get(variant);
        if (v == null) {
            throw new IllegalArgumentException("unknown resnet variant " + variant);
        }
        Build a = new Build(rec, batchNorm);
        String stemKind = stemKind(stem, example.get(1), example.get(2));
        List<Block> stages = new ArrayList<>();
        int in = Networks.scaled(WIDTHS[0], widthMultiplier);
        stages.add(a.stem(stemKind, Math.toIntExact(example.get(0)), in));
        long h = example.get(1);
        long w = example.get(2);
        if (stemKind.equals("imagenet")) {
            rec.positions("stage0.conv.weight", ((h + 1) / 2) * ((w + 1) / 2));
            h = (h + 3) / 4;
            w = (w + 3) / 4;
        } else {
            rec.positions("stage0.conv.weight", h * w);
        }
        for (int s = 0; s < WIDTHS.length; s++) {
            int width = Networks.scaled(WIDTHS[s], widthMultiplier);
            for (int b = 0; b < v.blocks[s]; b++) {
                String unit = "stage" + (s + 1) + ".resblk" + (b + 1);
                int stride = s > 0 && b == 0 ? 2 : 1;
                stages.add(
                        v.bottleneck
                                ? a.bottleneck(unit, stages.size(), in, width, stride)
                                : a.basic(unit, stages.size(), in, width, stride));
                long hOut = (h + stride - 1) / stride;
                long wOut = (w + stride - 1) / stride;
                // Every conv of a block runs at its output resolution, except a bottleneck's first 1×1.
                for (String conv : List.of("conv1", "conv2", "conv3", "shortcut")) {
                    boolean atInput = v.bottleneck && conv.equals("conv1");
                    rec.positions(unit + "." + conv + ".weight", atInput ? h * w : hOut * wOut);
                }
                h = hOut;
                w = wOut;
                in = v.bottleneck ? EXPANSION * width : width;
            }
        }
        stages.add(a.head(stages.size(), in, classes));
        return stages;
    }

    /** The spec's stem, or when it leaves it null the one that suits the image size. */
    private static String stemKind(String stem, long height, long width) {
        if (stem != null) {
            return stem;
        }
        return Math.max(height, width) <= CIFAR_STEM_MAX_SIZE ? "cifar" : "imagenet";
    }

    /**
     * What {@link #build} will make, without building it: the same walk over stages and blocks. A
     * pre-activation is a BatchNorm (with norm) and a ReLU; a block ends in a residual sum.
     */
    @Override
    public Footprint footprint(ModelSpec spec, DataShape data) {
        long[] example = Network.toLong(data.example());
        int classes = data.classes();
        Variant v = VARIANTS.get(spec.variant());
        if (v == null) {
            throw new IllegalArgumentException("unknown resnet variant " + spec.variant());
        }
        boolean bn = Networks.batchNorm(spec);
        long h = example[1];
        long w = example[2];
        Footprint.Tally t = new Footprint.Tally().values((double) example[0] * h * w);
        long in = Networks.scaled(WIDTHS[0], spec.widthMultiplier());
        switch (stemKind(spec.stem(), h, w)) {
            case "cifar" -> t.conv(example[0], in, 3, h, w, !bn);
            case "imagenet" -> {
                h = (h + 1) / 2;
                w = (w + 1) / 2;
                t.conv(example[0], in, 7, h, w, !bn);
                preActivation(t, bn, in, h, w);
                h = (h + 1) / 2;
                w = (w + 1) / 2;
                t.values((double) in * h * w); // max-pool
            }
            default -> throw new IllegalArgumentException("unknown stem " + spec.stem());
        }
        for (int s = 0; s < WIDTHS.length; s++) {
            long width = Networks.scaled(WIDTHS[s], spec.widthMultiplier());
            long out = v.bottleneck ? EXPANSION * width : width;
            for (int b = 0; b < v.blocks[s]; b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                long ho = (h + stride - 1) / stride;
                long wo = (w + stride - 1) / stride;
                preActivation(t, bn, in, h, w);
                if (v.bottleneck) {
                    t.conv(in, width, 1, h, w, !bn);
                    preActivation(t, bn, width, h, w);
                    t.conv(width, width, 3, ho, wo, !bn);
                    preActivation(t, bn, width, ho, wo);
                    t.conv(width, out, 1, ho, wo, !bn);
                } else {
                    t.conv(in, out, 3, ho, wo, !bn);
                    preActivation(t, bn, out, ho, wo);
                    t.conv(out, out, 3, ho, wo, !bn);
                }
                if (stride != 1 || in != out) {
                    t.conv(in, out, 1, ho, wo, !bn); // projection shortcut
                }
                t.values((double) out * ho * wo); // x + F(x)
                h = ho;
                w = wo;
                in = out;
            }
        }
        preActivation(t, bn, in, h, w);
        t.values(in).dense(in, classes, 1); // global average pool, linear
        return t.done(
                "model.variant=" + spec.variant() + ", model.width_multiplier=" + spec.widthMultiplier(),
                "lower model.width_multiplier or choose a smaller model.variant");
    }

    private static void preActivation(Footprint.Tally t, boolean bn, long channels, long h, long w) {
        if (bn) {
            t.batchNorm(channels, h, w);
        }
        t.values((double) channels * h * w); // ReLU
    }

    /** One network being built: the recorder its tensors are registered with, and whether it has BatchNorm. */
    private static final class Build {
        private final LayoutRecorder rec;
        private final boolean batchNorm;

        Build(LayoutRecorder rec, boolean batchNorm) {
            this.rec = rec;
            this.batchNorm = batchNorm;
        }

        private Block stem(String kind, int in, int out) {
            String unit = "stage0";
            SequentialBlock stem = new SequentialBlock();
            switch (kind) {
                case "cifar" -> stem.add(rec.conv(unit, 0, unit + ".conv", in, out, 3, 1, 1, !batchNorm));
                case "imagenet" -> {
                    stem.add(rec.conv(unit, 0, unit + ".conv", in, out, 7, 2, 3, !batchNorm));
                    stem.add(preActivation(unit, 0, unit + ".bn"));
                    stem.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
                }
                default -> throw new IllegalArgumentException("unknown stem " + kind);
            }
            return stem;
        }

        /** BN→ReLU→conv3×3(stride)→BN→ReLU→conv3×3, plus the shortcut. */
        private Block basic(String unit, int stage, int in, int out, int stride) {
            Block pre = preActivation(unit, stage, unit + ".bn1");
            SequentialBlock residual = new SequentialBlock()
                    .add(rec.conv(unit, stage, unit + ".conv1", in, out, 3, stride, 1, !batchNorm))
                    .add(preActivation(unit, stage, unit + ".bn2"))
                    .add(rec.conv(unit, stage, unit + ".conv2", out, out, 3, 1, 1, !batchNorm));
            return residual(unit, stage, pre, residual, in, out, stride);
        }

        /** BN→ReLU→conv1×1→BN→ReLU→conv3×3(stride)→BN→ReLU→conv1×1 to 4× the width, plus the shortcut. */
        private Block bottleneck(String unit, int stage, int in, int width, int stride) {
            int out = EXPANSION * width;
            Block pre = preActivation(unit, stage, unit + ".bn1");
            SequentialBlock residual = new SequentialBlock()
                    .add(rec.conv(unit, stage, unit + ".conv1", in, width, 1, 1, 0, !batchNorm))
                    .add(preActivation(unit, stage, unit + ".bn2"))
                    .add(rec.conv(unit, stage, unit + ".conv2", width, width, 3, stride, 1, !batchNorm))
                    .add(preActivation(unit, stage, unit + ".bn3"))
                    .add(rec.conv(unit, stage, unit + ".conv3", width, out, 1, 1, 0, !batchNorm));
            return residual(unit, stage, pre, residual, in, out, stride);
        }

        /**
         * x + F(x). With an identity shortcut the pre-activation is part of F only, so the shortcut carries
         * x itself; with a projection both paths start from the pre-activated input, as in v2.
         */
        private Block residual(String unit, int stage, Block pre, Block residual, int in, int out, int stride) {
            if (stride == 1 && in == out) {
                return new ParallelBlock(
                        Build::sum, List.of(new SequentialBlock().add(pre).add(residual), Blocks.identityBlock()));
            }
            Block shortcut = rec.conv(unit, stage, unit + ".shortcut", in, out, 1, stride, 0, !batchNorm);
            return new SequentialBlock().add(pre).add(new ParallelBlock(Build::sum, List.of(residual, shortcut)));
        }

        /** The v2 head: BN→ReLU on the sum of all blocks, global average pool, linear layer. */
        private Block head(int stage, int in, int classes) {
            String unit = "final_linear";
            return new SequentialBlock()
                    .add(preActivation(unit, stage, unit + ".bn"))
                    .add(Pool.globalAvgPool2dBlock())
                    .add(rec.linear(unit, stage, unit, in, classes));
        }

        /** BN→ReLU, or just ReLU without normalization. */
        private Block preActivation(String unit, int stage, String bnName) {
            SequentialBlock block = new SequentialBlock();
            if (batchNorm) {
                block.add(rec.batchNorm(unit, stage, bnName));
            }
            return block.add(Activation.reluBlock());
        }

        private static NDList sum(List<NDList> branches) {
            return new NDList(
                    branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow()));
        }
    }
}
