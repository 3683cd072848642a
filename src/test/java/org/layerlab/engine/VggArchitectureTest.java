package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.error.UserInputException;
import org.layerlab.init.InitScheme;
import org.layerlab.init.Initializer;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

class VggArchitectureTest {
    private static final Shape CIFAR = new Shape(3, 32, 32);

    /** A 3×3 conv with bias: out·in·9 weights + out biases. */
    private static long conv(long in, long out) {
        return out * in * 9 + out;
    }

    private static long dense(long in, long out) {
        return out * in + out;
    }

    @Test
    void vgg11AtAnEighthOfTheWidthHasTheParametersCountedByHand() {
        // Width 1/8: channels 64, 128, 256, 512 → 8, 16, 32, 64; the classifier 512 → 64.
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("stage1.block1", conv(3, 8)); //    8·3·9 + 8    =    224
        expected.put("stage2.block1", conv(8, 16)); //   16·8·9 + 16  =  1,168
        expected.put("stage3.block1", conv(16, 32)); //  32·16·9 + 32 =  4,640
        expected.put("stage3.block2", conv(32, 32)); //  32·32·9 + 32 =  9,248
        expected.put("stage4.block1", conv(32, 64)); //  64·32·9 + 64 = 18,496
        expected.put("stage4.block2", conv(64, 64)); //  64·64·9 + 64 = 36,928
        expected.put("stage5.block1", conv(64, 64)); //                 36,928
        expected.put("stage5.block2", conv(64, 64)); //                 36,928
        // 32×32 halved five times is 1×1, so fc1 sees the 64 channels flattened.
        expected.put("fc1", dense(64, 64)); //           64·64 + 64   =  4,160
        expected.put("fc2", dense(64, 64)); //                           4,160
        expected.put("final_linear", dense(64, 10)); //  10·64 + 10   =    650
        try (Network net = ConvNets.vgg("vgg11", 0.125, "none", CIFAR, 10)) {
            assertEquals(expected, ConvNets.perUnit(net.layout()));
            assertEquals(153_530, net.layout().parameterCount());
            assertEquals(153_530, ConvNets.trainable(net.layout()), "no running statistics without BatchNorm");
            assertEquals(11, net.numStages());
            ConvNets.assertOutputShape(net, 10);
        }
    }

    @Test
    void batchNormAddsFourTensorsPerConvolutionAndDropsTheConvBias() {
        try (Network net = ConvNets.vgg("vgg11", 0.125, "batchnorm", CIFAR, 10)) {
            Unit first = net.layout().unit("stage1.block1");
            assertEquals(
                    List.of(
                            "stage1.block1.weight",
                            "stage1.block1.bn.weight",
                            "stage1.block1.bn.bias",
                            "stage1.block1.bn.running_mean",
                            "stage1.block1.bn.running_var"),
                    first.tensorNames());
            assertEquals(
                    new TensorSpec(
                            "stage1.block1.weight",
                            new int[] {8, 3, 3, 3},
                            TensorRole.WEIGHT,
                            InitScheme.PAPER,
                            3 * 9,
                            8 * 9),
                    first.tensors().get(0));
            List<TensorRole> roles =
                    first.tensors().stream().map(TensorSpec::role).toList();
            assertEquals(
                    List.of(
                            TensorRole.WEIGHT,
                            TensorRole.NORM_SCALE,
                            TensorRole.NORM_SHIFT,
                            TensorRole.RUNNING_MEAN,
                            TensorRole.RUNNING_VAR),
                    roles);
            assertArrayEquals(new int[] {8}, first.tensors().get(4).shape());
            // Each conv loses its bias (out) and gains scale, shift, mean and variance (4·out). Conv
            // channels: 8 + 16 + 32 + 32 + 64 + 64 + 64 + 64 = 344, so 153,530 + 3·344 = 154,562,
            // of which 2·344 = 688 are running statistics.
            assertEquals(154_562, net.layout().parameterCount());
            assertEquals(154_562 - 688, ConvNets.trainable(net.layout()));
            // The dense layers have no BatchNorm.
            assertEquals(
                    List.of("fc1.weight", "fc1.bias"), net.layout().unit("fc1").tensorNames());
        }
    }

    @Test
    void unitNamesInForwardOrder() {
        try (Network net = ConvNets.vgg("vgg19", 1.0 / 64, "none", CIFAR, 3)) {
            assertEquals(
                    List.of(
                            "stage1.block1",
                            "stage1.block2",
                            "stage2.block1",
                            "stage2.block2",
                            "stage3.block1",
                            "stage3.block2",
                            "stage3.block3",
                            "stage3.block4",
                            "stage4.block1",
                            "stage4.block2",
                            "stage4.block3",
                            "stage4.block4",
                            "stage5.block1",
                            "stage5.block2",
                            "stage5.block3",
                            "stage5.block4",
                            "fc1",
                            "fc2",
                            "final_linear"),
                    net.layout().unitNames());
            // Width 1/64: 64 → 1, 128 → 2, 256 → 4, 512 → 8 channels (rounded, at least one).
            assertEquals(
                    new TensorSpec(
                            "stage1.block2.weight", new int[] {1, 1, 3, 3}, TensorRole.WEIGHT, InitScheme.PAPER, 9, 9),
                    net.layout().unit("stage1.block2").tensors().get(0));
            assertEquals(
                    new TensorSpec("final_linear.weight", new int[] {3, 8}, TensorRole.WEIGHT, InitScheme.PAPER, 8, 3),
                    net.layout().unit("final_linear").tensors().get(0));
        }
        try (Network net = ConvNets.vgg("vgg13", 1.0 / 64, "none", CIFAR, 3)) {
            assertEquals(13, net.layout().units().size(), "10 convolutions and 3 dense layers");
        }
    }

    @Test
    void fullSizeVgg16() {
        // The 13 convolutions of configuration D hold 14,714,688 parameters (torchvision's vgg16
        // features); the CIFAR classifier adds 512·512 + 512 = 262,656 twice and 10·512 + 10 = 5,130.
        try (Network net = ConvNets.vgg("vgg16", 1.0, "none", CIFAR, 10)) {
            long convs = 0;
            for (Unit u : net.layout().units()) {
                if (u.name().startsWith("stage")) {
                    convs += u.parameterCount();
                }
            }
            assertEquals(14_714_688, convs);
            assertEquals(14_714_688 + 2 * 262_656 + 5_130, net.layout().parameterCount());
        }
    }

    @Test
    void largerImagesAreAveragedOverSpaceBeforeTheClassifier() {
        // 64×64 leaves 2×2 after five pools: global average pooling keeps fc1 at 64 inputs, so the
        // count is the 32×32 one; and the output is still one row of logits per image.
        try (Network net = ConvNets.vgg("vgg11", 0.125, "none", new Shape(3, 64, 64), 10)) {
            assertEquals(153_530, net.layout().parameterCount());
            ConvNets.assertOutputShape(net, 10);
        }
    }

    @Test
    void imagesSmallerThan32PixelsAreRefused() {
        UserInputException e = assertThrows(
                UserInputException.class, () -> ConvNets.vgg("vgg11", 0.125, "none", new Shape(1, 28, 28), 10));
        assertTrue(e.getMessage().contains("28×28"), e.getMessage());
    }

    @Test
    void eachUnitIsItsOwnStage() {
        for (String norm : List.of("none", "batchnorm")) {
            try (Network net = ConvNets.vgg("vgg11", 1.0 / 16, norm, CIFAR, 4)) {
                net.load(Initializer.initialSnapshot(net.layout(), 3));
                ConvNets.assertStagesConsistent(net, ConvNets.input(net, 4, 8));
            }
        }
    }
}
