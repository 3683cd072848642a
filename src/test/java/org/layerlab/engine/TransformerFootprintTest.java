package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerlab.spec.ModelSpec;
import org.layerlab.unit.TensorSpec;

/**
 * The transformer families' estimates pinned to the networks they build, as FootprintTest does for the
 * convnets: parameters, largest tensor and forward multiply-adds (kernels at every token, plus
 * attention's T²·dim products twice per block).
 */
class TransformerFootprintTest {
    private static final DataShape CIFAR = TransformerNets.images(3, 32, 32, 10);

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of(TransformerNets.vit(2, 4, 16, 2, null), CIFAR),
                Arguments.of(TransformerNets.vit(1, 8, 12, 3, 20), TransformerNets.images(1, 16, 24, 7)),
                Arguments.of(TransformerNets.spec("vit", 2, 4, 16, 4, 32, null, null, null, 0.1), CIFAR),
                Arguments.of(TransformerNets.mixer(2, 4, 16, null, null), CIFAR),
                Arguments.of(TransformerNets.mixer(3, 2, 8, 5, 9), TransformerNets.images(1, 8, 6, 3)),
                Arguments.of(TransformerNets.lm(2, 16, 2, null, null), TransformerNets.text(12, 65)),
                Arguments.of(TransformerNets.lm(1, 8, 4, 12, 20), TransformerNets.text(9, 300)),
                Arguments.of(
                        TransformerNets.spec("transformer-lm", 2, null, 16, 2, null, null, null, null, 0.2),
                        TransformerNets.text(12, 65)));
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void theEstimateCountsWhatTheBuilderBuilds(ModelSpec spec, DataShape data) {
        Footprint f = Networks.footprint(spec, data);
        try (Network net = TransformerNets.build(spec, data)) {
            assertEquals((double) net.layout().parameterCount(), f.parameters(), "parameters");
            long largest = net.layout().tensors().values().stream()
                    .mapToLong(TensorSpec::numel)
                    .max()
                    .orElseThrow();
            assertEquals((double) largest, f.largestTensor(), "largest tensor");
            assertEquals((double) net.forwardMacs(), f.forwardMacs(), "forward multiply-adds");
        }
    }

    /**
     * A one-block language model by hand: T = 6 tokens, dim D = 8, 2 heads, mlp 32, V = 5, no dropout.
     * Multiply-adds: qkv 3D²·T = 1,152, scores and weighted values 2·T²·D = 576, proj D²·T = 384, MLP
     * 2·D·32·T = 3,072, head D·V·T = 240: 5,424. Activations: the ids 6, embedding 48, + positions 48;
     * LN 48, qkv 144, scaled q 48, scores, masked scores and softmax 3·2·36 = 216, weighted values and
     * their reassembly 2·48, proj 48, residual 48; LN 48, fc1 192, GELU 192, fc2 48, residual 48; final
     * LN 48, logits 30: 1,356.
     */
    @Test
    void aLanguageModelByHand() {
        Footprint f = Networks.footprint(TransformerNets.lm(1, 8, 2, null, null), TransformerNets.text(6, 5));
        assertEquals(5_424, f.forwardMacs());
        assertEquals(1_356, f.activations());
        // tok 40, pos 48, block 16 + 288 + 16 + 552 = 872, final 16, head 40
        assertEquals(1_016, f.parameters());
        assertEquals("model.depth=1, model.dim=8, model.mlp_dim=32, model.context=6 (vocabulary 5)", f.model());
    }
}
