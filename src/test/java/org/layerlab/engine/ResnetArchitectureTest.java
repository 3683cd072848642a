package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.init.InitScheme;
import org.layerlab.init.Initializer;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

class ResnetArchitectureTest {
    private static final Shape CIFAR = new Shape(3, 32, 32);

    /** BatchNorm over c channels: scale, shift, running mean, running variance. */
    private static long bn(long c) {
        return 4 * c;
    }

    /** A k×k convolution without bias (a BatchNorm follows it somewhere downstream). */
    private static long conv(long in, long out, long k) {
        return out * in * k * k;
    }

    @Test
    void resnet18WithTheCifarStemAtASixteenthOfTheWidth() {
        // Widths 64, 128, 256, 512 → 4, 8, 16, 32. A basic block: bn1(in) conv1 3×3 in→out bn2(out)
        // conv2 3×3 out→out, and a 1×1 shortcut in→out where the shape changes.
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("stage0", conv(3, 4, 3)); //                                          108
        expected.put("stage1.resblk1", bn(4) + conv(4, 4, 3) + bn(4) + conv(4, 4, 3)); // 16 + 144 + 16 + 144 = 320
        expected.put("stage1.resblk2", bn(4) + conv(4, 4, 3) + bn(4) + conv(4, 4, 3)); //                        320
        expected.put(
                "stage2.resblk1",
                bn(4) + conv(4, 8, 3) + bn(8) + conv(8, 8, 3) + conv(4, 8, 1)); // 16 + 288 + 32 + 576 + 32 = 944
        expected.put("stage2.resblk2", bn(8) + conv(8, 8, 3) + bn(8) + conv(8, 8, 3)); // 32 + 576 + 32 + 576 = 1,216
        expected.put(
                "stage3.resblk1",
                bn(8)
                        + conv(8, 16, 3)
                        + bn(16)
                        + conv(16, 16, 3)
                        + conv(8, 16, 1)); // 32 + 1,152 + 64 + 2,304 + 128 = 3,680
        expected.put(
                "stage3.resblk2",
                bn(16) + conv(16, 16, 3) + bn(16) + conv(16, 16, 3)); // 64 + 2,304 + 64 + 2,304 = 4,736
        expected.put(
                "stage4.resblk1",
                bn(16)
                        + conv(16, 32, 3)
                        + bn(32)
                        + conv(32, 32, 3)
                        + conv(16, 32, 1)); // 64 + 4,608 + 128 + 9,216 + 512 = 14,528
        expected.put(
                "stage4.resblk2",
                bn(32) + conv(32, 32, 3) + bn(32) + conv(32, 32, 3)); // 128 + 9,216 + 128 + 9,216 = 18,688
        expected.put("final_linear", bn(32) + 32 * 10 + 10); //                             128 + 330 = 458
        try (Network net = ConvNets.resnet("resnet18", 1.0 / 16, "batchnorm", null, CIFAR, 10)) {
            assertEquals(expected, ConvNets.perUnit(net.layout()));
            // 108 + 2·320 + 944 + 1,216 + 3,680 + 4,736 + 14,528 + 18,688 + 458
            assertEquals(44_998, net.layout().parameterCount());
            // BatchNorm channels: 16 + 28 + 56 + 112 in the stages, 32 in the head = 244; their running
            // means and variances are 488 of the tensors' values but not trained.
            assertEquals(44_998 - 488, ConvNets.trainable(net.layout()));
            ConvNets.assertOutputShape(net, 10);
        }
    }

    @Test
    void resnet50AtASixteenthOfTheWidth() {
        // Bottleneck widths 4, 8, 16, 32, outputs 4× that: 16, 32, 64, 128. A block: bn1(in) conv1 1×1
        // in→w, bn2(w) conv2 3×3 w→w, bn3(w) conv3 1×1 w→4w, and a 1×1 shortcut in→4w in each
        // stage's first block (the channels change there even in stage 1).
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("stage0", conv(3, 4, 3)); // 108
        int[] blocks = {3, 4, 6, 3};
        long in = 4;
        for (int s = 0; s < 4; s++) {
            long w = 4L << s;
            for (int b = 0; b < blocks[s]; b++) {
                long shortcut = b == 0 ? conv(in, 4 * w, 1) : 0;
                expected.put(
                        "stage" + (s + 1) + ".resblk" + (b + 1),
                        bn(in) + conv(in, w, 1) + bn(w) + conv(w, w, 3) + bn(w) + conv(w, 4 * w, 1) + shortcut);
                in = 4 * w;
            }
        }
        expected.put("final_linear", bn(128) + 128 * 10 + 10);
        // Written out: stage1.resblk1 = 16 + 16 + 16 + 144 + 16 + 64 + 64 = 336, its other two blocks
        // 64 + 64 + 16 + 144 + 16 + 64 = 368; stage2 1,600 + 3·1,280; stage3 6,144 + 5·4,736;
        // stage4 24,064 + 2·18,176; head 512 + 1,290.
        assertEquals(336, expected.get("stage1.resblk1"));
        assertEquals(368, expected.get("stage1.resblk3"));
        assertEquals(1_600, expected.get("stage2.resblk1"));
        assertEquals(4_736, expected.get("stage3.resblk6"));
        assertEquals(24_064, expected.get("stage4.resblk1"));
        assertEquals(18_176, expected.get("stage4.resblk3"));
        try (Network net = ConvNets.resnet("resnet50", 1.0 / 16, "batchnorm", null, CIFAR, 10)) {
            assertEquals(expected, ConvNets.perUnit(net.layout()));
            // 108 + (336 + 2·368) + (1,600 + 3·1,280) + (6,144 + 5·4,736) + (24,064 + 2·18,176) + 1,802
            assertEquals(98_662, net.layout().parameterCount());
            assertEquals(
                    List.of(
                            "stage1.resblk1.bn1.weight",
                            "stage1.resblk1.bn1.bias",
                            "stage1.resblk1.bn1.running_mean",
                            "stage1.resblk1.bn1.running_var",
                            "stage1.resblk1.conv1.weight",
                            "stage1.resblk1.bn2.weight",
                            "stage1.resblk1.bn2.bias",
                            "stage1.resblk1.bn2.running_mean",
                            "stage1.resblk1.bn2.running_var",
                            "stage1.resblk1.conv2.weight",
                            "stage1.resblk1.bn3.weight",
                            "stage1.resblk1.bn3.bias",
                            "stage1.resblk1.bn3.running_mean",
                            "stage1.resblk1.bn3.running_var",
                            "stage1.resblk1.conv3.weight",
                            "stage1.resblk1.shortcut.weight"),
                    net.layout().unit("stage1.resblk1").tensorNames());
            ConvNets.assertOutputShape(net, 10);
        }
    }

    @Test
    void unitNamesInForwardOrderAndConvolutionFans() {
        try (Network net = ConvNets.resnet("resnet34", 1.0 / 32, "batchnorm", null, new Shape(3, 16, 16), 5)) {
            List<String> names = new ArrayList<>(List.of("stage0"));
            int[] blocks = {3, 4, 6, 3};
            for (int s = 1; s <= 4; s++) {
                for (int b = 1; b <= blocks[s - 1]; b++) {
                    names.add("stage" + s + ".resblk" + b);
                }
            }
            names.add("final_linear");
            assertEquals(names, net.layout().unitNames());
            assertEquals(18, net.numStages());
            // Width 1/32: 64 → 2, 128 → 4. conv1 of stage2.resblk1 is 3×3 from 2 to 4 channels.
            Unit block = net.layout().unit("stage2.resblk1");
            Map<String, TensorSpec> t = new LinkedHashMap<>();
            block.tensors().forEach(x -> t.put(x.name(), x));
            assertEquals(
                    new TensorSpec(
                            "stage2.resblk1.conv1.weight",
                            new int[] {4, 2, 3, 3},
                            TensorRole.WEIGHT,
                            InitScheme.PAPER,
                            2 * 9,
                            4 * 9),
                    t.get("stage2.resblk1.conv1.weight"));
            assertEquals(
                    new TensorSpec(
                            "stage2.resblk1.shortcut.weight",
                            new int[] {4, 2, 1, 1},
                            TensorRole.WEIGHT,
                            InitScheme.PAPER,
                            2,
                            4),
                    t.get("stage2.resblk1.shortcut.weight"));
            assertEquals(
                    TensorRole.RUNNING_VAR,
                    t.get("stage2.resblk1.bn2.running_var").role());
            assertArrayEquals(
                    new int[] {4}, t.get("stage2.resblk1.bn2.running_var").shape());
            assertFalse(net.layout().unit("stage2.resblk2").tensorNames().contains("stage2.resblk2.shortcut.weight"));
            assertEquals(
                    List.of(
                            "final_linear.bn.weight",
                            "final_linear.bn.bias",
                            "final_linear.bn.running_mean",
                            "final_linear.bn.running_var",
                            "final_linear.weight",
                            "final_linear.bias"),
                    net.layout().unit("final_linear").tensorNames(),
                    "v2's last BN→ReLU is part of the head");
        }
    }

    @Test
    void theStemFollowsTheImageSizeUnlessTheSpecNamesIt() {
        try (Network net = ConvNets.resnet("resnet18", 1.0 / 64, "batchnorm", null, new Shape(3, 64, 64), 2)) {
            assertEquals(
                    List.of("stage0.conv.weight"), net.layout().unit("stage0").tensorNames(), "64 px: cifar stem");
            assertArrayEquals(
                    new int[] {1, 3, 3, 3},
                    net.layout().unit("stage0").tensors().get(0).shape());
        }
        try (Network net = ConvNets.resnet("resnet18", 1.0 / 64, "batchnorm", null, new Shape(3, 65, 65), 2)) {
            Unit stem = net.layout().unit("stage0");
            assertEquals(
                    List.of(
                            "stage0.conv.weight",
                            "stage0.bn.weight",
                            "stage0.bn.bias",
                            "stage0.bn.running_mean",
                            "stage0.bn.running_var"),
                    stem.tensorNames(),
                    "65 px: imagenet stem, conv→BN→ReLU→max-pool");
            assertEquals(
                    new TensorSpec(
                            "stage0.conv.weight",
                            new int[] {1, 3, 7, 7},
                            TensorRole.WEIGHT,
                            InitScheme.PAPER,
                            3 * 49,
                            49),
                    stem.tensors().get(0));
            ConvNets.assertOutputShape(net, 2);
        }
        try (Network net = ConvNets.resnet("resnet18", 1.0 / 64, "batchnorm", "imagenet", new Shape(3, 32, 32), 2)) {
            assertArrayEquals(
                    new int[] {1, 3, 7, 7},
                    net.layout().unit("stage0").tensors().get(0).shape());
        }
    }

    @Test
    void fullSizeResnet18WithTheImagenetStem() {
        // torchvision's resnet18 (v1: conv→BN→ReLU, BN on the projection) has 11,689,512 trainable
        // parameters; v2 has the same convolutions and linear layer but other BatchNorms.
        // v1 BN channels: stem 64; stage1 4·64; stage2 4·128 + 128; stage3 4·256 + 256; stage4 4·512 + 512
        //   = 64 + 256 + 640 + 1,280 + 2,560 = 4,800 → 9,600 scales and shifts.
        // v2 BN channels: stem 64; each block bn1(in) + bn2(out): stage1 64+64+64+64 = 256,
        //   stage2 64+128+128+128 = 448, stage3 128+256+256+256 = 896, stage4 256+512+512+512 = 1,792;
        //   head 512 = 3,968 → 7,936 scales and shifts, and as many running statistics.
        try (Network net = ConvNets.resnet("resnet18", 1.0, "batchnorm", null, new Shape(3, 224, 224), 1000)) {
            assertEquals(11_689_512 - 9_600 + 7_936, ConvNets.trainable(net.layout()));
            assertEquals(11_687_848 + 7_936, net.layout().parameterCount());
        }
    }

    @Test
    void fullSizeResnet50WithTheImagenetStem() {
        // torchvision's resnet50 (v1.5) has 25,557,032 trainable parameters. v1 BN channels: stem 64;
        // per stage blocks·(w + w + 4w) + 4w for the projection: 1,408 + 3,584 + 10,240 + 11,264, in
        // all 26,560 → 53,120. v2 BN channels: stem 64; per block bn1(in) + bn2(w) + bn3(w):
        //   stage1 (64+64+64) + 2·(256+64+64) = 960;     stage2 (256+128+128) + 3·(512+256) = 2,816;
        //   stage3 (512+256+256) + 5·(1,024+512) = 8,704; stage4 (1,024+512+512) + 2·(2,048+1,024) = 8,192;
        //   head 2,048 → 22,784 channels → 45,568 scales and shifts.
        try (Network net = ConvNets.resnet("resnet50", 1.0, "batchnorm", "imagenet", new Shape(3, 224, 224), 1000)) {
            assertEquals(25_557_032 - 53_120 + 45_568, ConvNets.trainable(net.layout()));
            assertEquals(25_549_480 + 45_568, net.layout().parameterCount());
        }
    }

    @Test
    void withoutNormalizationEveryConvolutionHasABiasAndNothingElseChanges() {
        try (Network net = ConvNets.resnet("resnet18", 1.0 / 16, "none", null, CIFAR, 10)) {
            for (TensorSpec t : net.layout().tensors().values()) {
                assertTrue(t.role() == TensorRole.WEIGHT || t.role() == TensorRole.BIAS, t.name());
            }
            assertEquals(
                    List.of(
                            "stage2.resblk1.conv1.weight",
                            "stage2.resblk1.conv1.bias",
                            "stage2.resblk1.conv2.weight",
                            "stage2.resblk1.conv2.bias",
                            "stage2.resblk1.shortcut.weight",
                            "stage2.resblk1.shortcut.bias"),
                    net.layout().unit("stage2.resblk1").tensorNames());
            // The BatchNorm version's 44,998 minus its 4·244 BatchNorm values, plus one bias per conv
            // output channel: stem 4; stage1 2·(4+4); stage2 (8+8+8) + (8+8); stage3 (16+16+16) + (16+16);
            // stage4 (32+32+32) + (32+32) = 4 + 16 + 40 + 80 + 160 = 300.
            assertEquals(44_998 - 976 + 300, net.layout().parameterCount());
            ConvNets.assertOutputShape(net, 10);
        }
    }

    @Test
    void eachUnitIsItsOwnStage() {
        String[][] cases = {
            {"resnet18", "batchnorm", "cifar"}, {"resnet18", "none", "imagenet"}, {"resnet50", "batchnorm", "cifar"}
        };
        for (String[] c : cases) {
            try (Network net = ConvNets.resnet(c[0], 1.0 / 32, c[1], c[2], new Shape(3, 12, 12), 3)) {
                net.load(Initializer.initialSnapshot(net.layout(), 4));
                ConvNets.assertStagesConsistent(net, ConvNets.input(net, 4, 9));
            }
        }
    }
}
