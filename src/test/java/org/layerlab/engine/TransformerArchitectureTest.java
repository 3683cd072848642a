package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.init.Initializer;
import org.layerlab.metric.Metric;
import org.layerlab.spec.ModelSpec;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

/** The three transformer families: sizes by hand, units at both granularities, shapes and stages. */
class TransformerArchitectureTest {
    /** 3×8×8 images, patch 4: N = 4 patches. */
    private static final DataShape TINY_IMAGES = TransformerNets.images(3, 8, 8, 10);

    private static final DataShape TINY_TEXT = TransformerNets.text(6, 5);

    private static Map<String, Long> perUnit(List<Unit> units) {
        Map<String, Long> out = new LinkedHashMap<>();
        units.forEach(u -> out.put(u.name(), u.parameterCount()));
        return out;
    }

    private static List<String> names(List<Unit> units) {
        return units.stream().map(Unit::name).toList();
    }

    @Test
    void vitParametersByHand() {
        // D = 8, heads 2, mlp_dim M = 16, depth 2, C = 3, p = 4, N = 4 patches, T = N + 1 = 5, 10 classes.
        long d = 8;
        long m = 16;
        long attention = 3 * d * d + 3 * d + d * d + d; // qkv (3D×D + 3D), proj (D×D + D) = 288
        long mlp = d * m + m + m * d + d; // 280
        long ln = 2 * d; // scale and shift = 16
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("patch_embed", d * 3 * 4 * 4 + d); // 392
        expected.put("cls_token", d); // 8
        expected.put("pos_embed", 5 * d); // 40
        expected.put("block1", ln + attention + ln + mlp); // 600
        expected.put("block2", ln + attention + ln + mlp);
        expected.put("final_norm", ln);
        expected.put("head", d * 10 + 10); // 90
        try (Network net = TransformerNets.build(TransformerNets.vit(2, 4, 8, 2, 16), TINY_IMAGES)) {
            assertEquals(expected, perUnit(net.layout().units()));
            assertEquals(1_746, net.layout().parameterCount());
            assertEquals(Metric.ERROR, net.metric());
        }
    }

    @Test
    void mixerParametersByHand() {
        // D = 8, N = 4 patches, defaults token_mlp_dim = D/2 = 4 and channel_mlp_dim = 4D = 32, 10 classes.
        long d = 8;
        long n = 4;
        long tm = 4;
        long cm = 32;
        long ln = 2 * d;
        long token = n * tm + tm + tm * n + n; // 40
        long channel = d * cm + cm + cm * d + d; // 552
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("stem", d * 3 * 4 * 4 + d); // 392
        expected.put("block1", ln + token + ln + channel); // 624
        expected.put("block2", ln + token + ln + channel);
        expected.put("block3", ln + token + ln + channel);
        expected.put("final_norm", ln);
        expected.put("head", d * 10 + 10);
        try (Network net = TransformerNets.build(TransformerNets.mixer(3, 4, 8, null, null), TINY_IMAGES)) {
            assertEquals(expected, perUnit(net.layout().units()));
            assertEquals(392 + 3 * 624 + 16 + 90, net.layout().parameterCount());
        }
    }

    @Test
    void languageModelParametersByHand() {
        // V = 5, windows of T = 6, context 6 (the data's window), D = 8, heads 2, mlp 4D = 32, depth 2.
        long v = 5;
        long d = 8;
        long m = 32;
        long ln = 2 * d;
        long attention = 4 * d * d + 4 * d; // 288
        long mlp = 2 * d * m + m + d; // 552
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("tok_embed", v * d); // 40
        expected.put("pos_embed", 6 * d); // 48
        expected.put("block1", ln + attention + ln + mlp); // 872
        expected.put("block2", ln + attention + ln + mlp);
        expected.put("final_norm", ln);
        expected.put("head", v * d); // 40: not tied, no bias
        try (Network net = TransformerNets.build(TransformerNets.lm(2, 8, 2, null, null), TINY_TEXT)) {
            assertEquals(expected, perUnit(net.layout().units()));
            assertEquals(1_888, net.layout().parameterCount());
            assertEquals(Metric.LOSS, net.metric());
        }
        // A longer position table than the windows: context 10 adds 4 rows.
        try (Network net = TransformerNets.build(TransformerNets.lm(2, 8, 2, null, 10), TINY_TEXT)) {
            assertEquals(1_888 + 4 * 8, net.layout().parameterCount());
        }
    }

    @Test
    void vitUnitsAndTensorNamesAtBothGranularities() {
        try (Network net = TransformerNets.build(TransformerNets.vit(2, 4, 8, 2, 16), TINY_IMAGES)) {
            ModelLayout layout = net.layout();
            assertEquals(
                    List.of("patch_embed", "cls_token", "pos_embed", "block1", "block2", "final_norm", "head"),
                    layout.unitNames());
            assertEquals(
                    List.of(
                            "patch_embed",
                            "cls_token",
                            "pos_embed",
                            "block1.ln1",
                            "block1.attn",
                            "block1.ln2",
                            "block1.mlp",
                            "block2.ln1",
                            "block2.attn",
                            "block2.ln2",
                            "block2.mlp",
                            "final_norm",
                            "head"),
                    names(layout.parts()));
            assertEquals(
                    List.of(
                            "block1.ln1.weight",
                            "block1.ln1.bias",
                            "block1.attn.qkv.weight",
                            "block1.attn.qkv.bias",
                            "block1.attn.proj.weight",
                            "block1.attn.proj.bias",
                            "block1.ln2.weight",
                            "block1.ln2.bias",
                            "block1.mlp.fc1.weight",
                            "block1.mlp.fc1.bias",
                            "block1.mlp.fc2.weight",
                            "block1.mlp.fc2.bias"),
                    layout.unit("block1").tensorNames());
            assertEquals(
                    List.of(
                            "block1.attn.qkv.weight",
                            "block1.attn.qkv.bias",
                            "block1.attn.proj.weight",
                            "block1.attn.proj.bias"),
                    layout.at(ModelLayout.PARTS).unit("block1.attn").tensorNames());
            assertEquals(List.of("cls_token"), layout.unit("cls_token").tensorNames());
            assertEquals(List.of("pos_embed"), layout.unit("pos_embed").tensorNames());
            assertEquals(
                    List.of("patch_embed.weight", "patch_embed.bias"),
                    layout.unit("patch_embed").tensorNames());
            Map<String, TensorSpec> t = layout.tensors();
            assertEquals(List.of(8, 3, 4, 4), shape(t.get("patch_embed.weight")));
            assertEquals(List.of(1, 1, 8), shape(t.get("cls_token")));
            assertEquals(List.of(1, 5, 8), shape(t.get("pos_embed")));
            assertEquals(List.of(24, 8), shape(t.get("block2.attn.qkv.weight")));
            assertEquals(List.of(16, 8), shape(t.get("block2.mlp.fc1.weight")));
            assertEquals(List.of(10, 8), shape(t.get("head.weight")));
            // Blocks: each unit its own stage, in forward order; parts share their block's stage.
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), stages(layout.units()));
            assertEquals(List.of(0, 1, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 6), stages(layout.parts()));
            assertEquals(7, net.numStages());
        }
    }

    @Test
    void mixerAndLanguageModelUnitsAtBothGranularities() {
        try (Network net = TransformerNets.build(TransformerNets.mixer(2, 4, 8, null, null), TINY_IMAGES)) {
            assertEquals(
                    List.of("stem", "block1", "block2", "final_norm", "head"),
                    net.layout().unitNames());
            assertEquals(
                    List.of(
                            "stem",
                            "block1.ln1",
                            "block1.token_mlp",
                            "block1.ln2",
                            "block1.channel_mlp",
                            "block2.ln1",
                            "block2.token_mlp",
                            "block2.ln2",
                            "block2.channel_mlp",
                            "final_norm",
                            "head"),
                    names(net.layout().parts()));
            Map<String, TensorSpec> t = net.layout().tensors();
            // Token mixing maps the N = 4 patches to token_mlp_dim = 4 and back; channel mixing 8 → 32 → 8.
            assertEquals(List.of(4, 4), shape(t.get("block1.token_mlp.fc1.weight")));
            assertEquals(List.of(32, 8), shape(t.get("block1.channel_mlp.fc1.weight")));
            assertEquals(List.of(8, 32), shape(t.get("block1.channel_mlp.fc2.weight")));
            assertEquals(List.of(0, 1, 2, 3, 4), stages(net.layout().units()));
        }
        try (Network net = TransformerNets.build(TransformerNets.lm(3, 8, 2, null, null), TINY_TEXT)) {
            assertEquals(
                    List.of("tok_embed", "pos_embed", "block1", "block2", "block3", "final_norm", "head"),
                    net.layout().unitNames());
            List<String> parts = new ArrayList<>(List.of("tok_embed", "pos_embed"));
            for (int i = 1; i <= 3; i++) {
                for (String p : List.of("ln1", "attn", "ln2", "mlp")) {
                    parts.add("block" + i + "." + p);
                }
            }
            parts.addAll(List.of("final_norm", "head"));
            assertEquals(parts, names(net.layout().parts()));
            assertEquals(List.of("head.weight"), net.layout().unit("head").tensorNames());
            assertEquals(List.of(5, 8), shape(net.layout().tensors().get("tok_embed.weight")));
            assertEquals(List.of(6, 8), shape(net.layout().tensors().get("pos_embed.weight")));
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), stages(net.layout().units()));
        }
    }

    @Test
    void tinyNetworksGiveOutputsOfTheRightShapeAndFiniteValues() {
        try (Network net = TransformerNets.build(TransformerNets.vit(2, 4, 8, 2, 16), TINY_IMAGES)) {
            net.load(Initializer.initialSnapshot(net.layout(), 1));
            NDArray y = net.forward(TransformerNets.input(net, TINY_IMAGES, 3, 2), false);
            assertEquals(new Shape(3, 10), y.getShape());
            // vit_jax's head starts at zero: every logit is 0 at initialization.
            for (float v : y.toFloatArray()) {
                assertEquals(0f, v);
            }
            net.load(TransformerNets.randomWeights(net, 0.3, 3));
            assertFinite(net.forward(TransformerNets.input(net, TINY_IMAGES, 3, 2), false));
        }
        try (Network net = TransformerNets.build(TransformerNets.mixer(2, 4, 8, null, null), TINY_IMAGES)) {
            net.load(TransformerNets.randomWeights(net, 0.3, 3));
            NDArray y = net.forward(TransformerNets.input(net, TINY_IMAGES, 3, 2), false);
            assertEquals(new Shape(3, 10), y.getShape());
            assertFinite(y);
        }
        try (Network net = TransformerNets.build(TransformerNets.lm(2, 8, 2, null, null), TINY_TEXT)) {
            net.load(Initializer.initialSnapshot(net.layout(), 1));
            NDArray x = TransformerNets.input(net, TINY_TEXT, 3, 2);
            assertEquals(DataType.INT64, x.getDataType());
            NDArray y = net.forward(x, false);
            assertEquals(new Shape(3, 6, 5), y.getShape());
            assertFinite(y);
        }
    }

    /** Non-square images: patches must divide both sides, and the token count is their product. */
    @Test
    void nonSquareImages() {
        DataShape wide = TransformerNets.images(1, 4, 12, 3);
        try (Network net = TransformerNets.build(TransformerNets.vit(1, 2, 4, 1, null), wide)) {
            // 2×6 = 12 patches and a class token.
            assertEquals(List.of(1, 13, 4), shape(net.layout().tensors().get("pos_embed")));
            net.load(TransformerNets.randomWeights(net, 0.3, 3));
            assertEquals(
                    new Shape(2, 3),
                    net.forward(TransformerNets.input(net, wide, 2, 1), false).getShape());
        }
    }

    @Test
    void eachBlockLevelUnitIsItsOwnStage() {
        List<ModelSpec> specs =
                List.of(TransformerNets.vit(2, 4, 8, 2, 16), TransformerNets.mixer(2, 4, 8, null, null));
        for (ModelSpec spec : specs) {
            try (Network net = TransformerNets.build(spec, TINY_IMAGES)) {
                // Far from the initialization, so that redrawing a LayerNorm, the class token or the head
                // (deterministic initializers) changes its stage's output too.
                net.load(TransformerNets.randomWeights(net, 0.3, 5));
                ConvNets.assertStagesConsistent(net, TransformerNets.input(net, TINY_IMAGES, 4, 8));
            }
        }
        try (Network net = TransformerNets.build(TransformerNets.lm(2, 8, 2, null, null), TINY_TEXT)) {
            net.load(TransformerNets.randomWeights(net, 0.3, 5));
            ConvNets.assertStagesConsistent(net, TransformerNets.input(net, TINY_TEXT, 4, 8));
        }
    }

    private static void assertFinite(NDArray y) {
        for (float v : y.toFloatArray()) {
            assertTrue(Float.isFinite(v), "non-finite output " + v);
        }
    }

    private static List<Integer> shape(TensorSpec t) {
        return java.util.Arrays.stream(t.shape()).boxed().toList();
    }

    private static List<Integer> stages(List<Unit> units) {
        return units.stream().map(Unit::stage).toList();
    }
}
