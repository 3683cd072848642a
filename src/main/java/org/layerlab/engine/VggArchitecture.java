package org.layerlab.engine;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.ModelSpec;

/**
 * VGG (Simonyan and Zisserman 2015) as the paper's CIFAR experiments use it: the convolutional stack
 * of configurations A, B, D and E, then a small classifier.
 *
 * <p>What we chose, and why. The convolutional part is the original: 3×3 convolutions with padding 1
 * and ReLU, in five stages of 64, 128, 256, 512 and 512 channels, each followed by a 2×2 max-pool.
 * The original classifier (two 4096-unit layers on a 7×7×512 map) was designed for 224-pixel ImageNet
 * images; on 32×32 CIFAR images the five pools leave a 1×1×512 map, and the usual CIFAR adaptation
 * uses 512-unit hidden layers instead: flatten → fc1 (512) → fc2 (512) → final_linear. We could not
 * confirm the paper's classifier widths, so 512 (scaled like the channels) is our choice; it keeps the
 * paper's picture of a deep conv stack followed by three dense units. No dropout, so every forward pass is deterministic and training and
 * evaluation see the same function. No normalization by default, as in the paper's headline VGG runs;
 * {@code norm: batchnorm} puts a BatchNorm between each convolution and its ReLU. A convolution has a
 * bias exactly when no BatchNorm follows it (BatchNorm's mean subtraction would cancel it, and its
 * shift takes its place).
 *
 * <p>Inputs larger than 32 pixels leave a map larger than 1×1 after the five pools; it is averaged
 * over space first (global average pooling) so the classifier stays 512 wide whatever the image size.
 *
 * <p>Units, each its own stage: {@code stage{s}.block{b}} (one convolution with its BatchNorm, if any;
 * the pool that ends a stage rides with the stage's last convolution), then {@code fc1}, {@code fc2}
 * and {@code final_linear}.
 */
final class VggArchitecture extends Architecture {
    /** Channels of each convolution, stage by stage, for configurations A, B, D, E. */
    private static final Map<String, int[][]> CONFIGS = Map.of(
            "vgg11", new int[][] {{64}, {128}, {256, 256}, {512, 512}, {512, 512}},
            "vgg13", new int[][] {{64, 64}, {128, 128}, {256, 256}, {512, 512}, {512, 512}},
            "vgg16", new int[][] {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}},
            "vgg19",
                    new int[][] {{64, 64}, {128, 128}, {256, 256, 256, 256}, {512, 512, 512, 512}, {512, 512, 512, 512}
                    });

    private static final int HIDDEN = 512;
    private static final int POOLS = 5;

    @Override
    public String id() {
        return "vgg";
    }

    @Override
    public Set<String> keys() {
        return Set.of("variant", "width_multiplier", "norm");
    }

    @Override
    public ModelSpec resolve(ModelSpec m, DataShape data) {
        String variant = m.variant() == null ? "vgg11" : m.variant();
        require(
                CONFIGS.containsKey(variant),
                "variant",
                "must be one of " + String.join(", ", new java.util.TreeSet<>(CONFIGS.keySet())) + " for vgg, got '"
                        + variant + "'");
        String norm = m.norm() == null ? "none" : m.norm();
        require(Networks.NORMS.contains(norm), "norm", "must be none or batchnorm, got '" + norm + "'");
        int[] example = data.example();
        requireLargeEnough(example[1], example[2]);
        return ConvnetInits.resolve(m.toBuilder().variant(variant).norm(norm).build());
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
                new Shape(Network.toLong(data.example())),
                data.classes(),
                rec);
    }

    private static List<Block> build(
            String variant, double widthMultiplier, boolean batchNorm, Shape example, int classes, LayoutRecorder rec) {
        int[][] config = CONFIGS.get(variant);
        if (config == null) {
            throw new IllegalArgumentException("unknown vgg variant " + variant);
        }
        int in = Math.toIntExact(example.get(0));
        long height = example.get(1);
        long width = example.get(2);
        requireLargeEnough(height, width);
        List<Block> stages = new ArrayList<>();
        long h = height;
        long w = width;
        for (int s = 0; s < config.length; s++) {
            for (int b = 0; b < config[s].length; b++) {
                int out = Networks.scaled(config[s][b], widthMultiplier);
                String unit = "stage" + (s + 1) + ".block" + (b + 1);
                int stage = stages.size();
                SequentialBlock block = new SequentialBlock();
                block.add(rec.conv(unit, stage, unit, in, out, 3, 1, 1, !batchNorm));
                rec.positions(unit + ".weight", h * w);
                if (batchNorm) {
                    block.add(rec.batchNorm(unit, stage, unit + ".bn"));
                }
                block.add(Activation.reluBlock());
                if (b == config[s].length - 1) {
                    block.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
                    h /= 2;
                    w /= 2;
                }
                stages.add(block);
                in = out;
            }
        }
        boolean spatial = (height >> POOLS) > 1 || (width >> POOLS) > 1;
        int hidden = Networks.scaled(HIDDEN, widthMultiplier);
        stages.add(dense(
                rec,
                "fc1",
                stages.size(),
                in,
                hidden,
                true,
                spatial ? Pool.globalAvgPool2dBlock() : Blocks.batchFlattenBlock(in)));
        stages.add(dense(rec, "fc2", stages.size(), hidden, hidden, true, null));
        stages.add(dense(rec, "final_linear", stages.size(), hidden, classes, false, null));
        return stages;
    }

    /** What {@link #build} will make, without building it: the same walk over the configuration. */
    @Override
    public Footprint footprint(ModelSpec spec, DataShape data) {
        long[] example = Network.toLong(data.example());
        int classes = data.classes();
        int[][] config = CONFIGS.get(spec.variant());
        if (config == null) {
            throw new IllegalArgumentException("unknown vgg variant " + spec.variant());
        }
        boolean batchNorm = Networks.batchNorm(spec);
        long in = example[0];
        long h = example[1];
        long w = example[2];
        requireLargeEnough(h, w);
        boolean spatial = (h >> POOLS) > 1 || (w >> POOLS) > 1;
        Footprint.Tally t = new Footprint.Tally().values((double) in * h * w);
        for (int[] stage : config) {
            for (int b = 0; b < stage.length; b++) {
                int out = Networks.scaled(stage[b], spec.widthMultiplier());
                t.conv(in, out, 3, h, w, !batchNorm);
                if (batchNorm) {
                    t.batchNorm(out, h, w);
                }
                t.values((double) out * h * w); // ReLU
                if (b == stage.length - 1) {
                    h /= 2;
                    w /= 2;
                    t.values((double) out * h * w); // max-pool
                }
                in = out;
            }
        }
        if (spatial) {
            t.values(in); // global average pool
        }
        int hidden = Networks.scaled(HIDDEN, spec.widthMultiplier());
        t.dense(in, hidden, 1).values(hidden);
        t.dense(hidden, hidden, 1).values(hidden);
        t.dense(hidden, classes, 1);
        return t.done(
                "model.variant=" + spec.variant() + ", model.width_multiplier=" + spec.widthMultiplier(),
                "lower model.width_multiplier or choose a smaller model.variant");
    }

    private static void requireLargeEnough(long height, long width) {
        if (height >> POOLS == 0 || width >> POOLS == 0) {
            throw new UserInputException("model.arch: vgg halves the image " + POOLS + " times and needs at least "
                    + (1 << POOLS) + "×" + (1 << POOLS) + " pixels, got " + height + "×" + width
                    + " (use resnet or fcn for smaller images)");
        }
    }

    private static Block dense(
            LayoutRecorder rec, String unit, int stage, int in, int out, boolean relu, Block before) {
        SequentialBlock block = new SequentialBlock();
        if (before != null) {
            block.add(before);
        }
        block.add(rec.linear(unit, stage, unit, in, out));
        if (relu) {
            block.add(Activation.reluBlock());
        }
        return block;
    }
}
