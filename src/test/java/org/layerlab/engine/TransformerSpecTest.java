package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.ModelSpec;

/**
 * How the transformer families complete and check a model spec against the data: defaults filled in,
 * bad values refused with one message naming the key, the value and what is allowed.
 */
class TransformerSpecTest {
    private static final DataShape CIFAR = TransformerNets.images(3, 32, 32, 10);
    private static final DataShape TEXT = TransformerNets.text(64, 65);

    private static String refused(ModelSpec spec, DataShape data) {
        return assertThrows(UserInputException.class, () -> Architectures.resolve(spec, data))
                .getMessage();
    }

    @Test
    void defaultsAreFilledInAndResolvingTwiceChangesNothing() {
        ModelSpec vit = Architectures.resolve(TransformerNets.vit(2, 4, 48, 3, null), CIFAR);
        assertEquals(192, vit.mlpDim(), "4 × dim");
        assertEquals("vit-jax", vit.init());
        assertEquals(vit, Architectures.resolve(vit, CIFAR));

        ModelSpec mixer = Architectures.resolve(TransformerNets.mixer(2, 4, 48, null, null), CIFAR);
        assertEquals(24, mixer.tokenMlpDim(), "dim / 2");
        assertEquals(192, mixer.channelMlpDim(), "4 × dim");
        assertEquals("vit-jax", mixer.init());
        assertEquals(mixer, Architectures.resolve(mixer, CIFAR));
        assertEquals(
                7,
                Architectures.resolve(TransformerNets.mixer(2, 4, 48, 7, null), CIFAR)
                        .tokenMlpDim(),
                "as set");

        ModelSpec lm = Architectures.resolve(TransformerNets.lm(2, 32, 4, null, null), TEXT);
        assertEquals(64, lm.context(), "the data's window");
        assertEquals(128, lm.mlpDim());
        assertEquals("nanogpt", lm.init());
        assertEquals(lm, Architectures.resolve(lm, TEXT));
        assertEquals(
                100,
                Architectures.resolve(TransformerNets.lm(2, 32, 4, null, 100), TEXT)
                        .context());
    }

    @Test
    void headsThatDoNotDivideDim() {
        assertEquals(
                "model.heads: 3 does not divide model.dim=8 (choose one of 1, 2, 4, 8)",
                refused(TransformerNets.vit(1, 4, 8, 3, null), CIFAR));
        assertEquals(
                "model.heads: 5 does not divide model.dim=12 (choose one of 1, 2, 3, 4, 6, 12)",
                refused(TransformerNets.lm(1, 12, 5, null, null), TEXT));
    }

    @Test
    void patchesThatDoNotDivideTheImage() {
        assertEquals(
                "model.patch: 5 does not divide the 3×32×32 images (choose one of 1, 2, 4, 8, 16, 32)",
                refused(TransformerNets.vit(1, 5, 8, 2, null), CIFAR));
        // Both sides: 6 divides 24 but not 16.
        assertEquals(
                "model.patch: 6 does not divide the 1×16×24 images (choose one of 1, 2, 4, 8)",
                refused(TransformerNets.mixer(1, 6, 8, null, null), TransformerNets.images(1, 16, 24, 3)));
        assertEquals(
                "model.patch: 64 does not divide the 3×32×32 images (choose one of 1, 2, 4, 8, 16, 32)",
                refused(TransformerNets.vit(1, 64, 8, 2, null), CIFAR));
    }

    @Test
    void requiredKeysLeftOut() {
        assertEquals(
                "model.patch: vit needs a patch size dividing the 3×32×32 images (set model.patch, one of 1, 2, 4, 8,"
                        + " 16, 32)",
                refused(TransformerNets.spec("vit", 1, null, 8, 2, null, null, null, null, 0), CIFAR));
        assertEquals(
                "model.dim: mixer needs the width of its residual stream (set model.dim, e.g. 128)",
                refused(
                        new ModelSpec(
                                "mixer",
                                1,
                                null,
                                null,
                                1.0,
                                null,
                                null,
                                null,
                                4,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                0,
                                java.util.List.of()),
                        CIFAR));
        assertEquals(
                "model.heads: transformer-lm needs a number of attention heads dividing model.dim=8 (set model.heads,"
                        + " one of 1, 2, 4, 8)",
                refused(TransformerNets.spec("transformer-lm", 1, null, 8, null, null, null, null, null, 0), TEXT));
    }

    @Test
    void depthInitAndContext() {
        assertEquals(
                "model.depth: must be in 1..4096 for vit (its number of blocks), got 0",
                refused(TransformerNets.vit(0, 4, 8, 2, null), CIFAR));
        ModelSpec paperInit = new ModelSpec(
                "vit",
                1,
                null,
                null,
                1.0,
                null,
                null,
                "paper",
                4,
                8,
                2,
                null,
                null,
                null,
                null,
                0,
                java.util.List.of());
        assertEquals(
                "model.init: unknown scheme 'paper' for vit (choose vit-jax, or leave model.init out)",
                refused(paperInit, CIFAR));
        ModelSpec jaxLm = new ModelSpec(
                "transformer-lm",
                1,
                null,
                null,
                1.0,
                null,
                null,
                "vit-jax",
                null,
                8,
                2,
                null,
                null,
                null,
                null,
                0,
                java.util.List.of());
        assertEquals(
                "model.init: unknown scheme 'vit-jax' for transformer-lm (choose nanogpt, or leave model.init out)",
                refused(jaxLm, TEXT));
        assertEquals(
                "model.context: 32 is shorter than the data's windows of 64 tokens (set model.context ≥ 64, or leave"
                        + " it out)",
                refused(TransformerNets.lm(1, 8, 2, null, 32), TEXT));
    }

    @Test
    void keysOfOtherFamiliesAndTheWrongKindOfData() {
        assertEquals(
                "model.heads: 2 is set, but mixer does not use it (it applies to vit, transformer-lm); leave it out",
                refused(TransformerNets.spec("mixer", 1, 4, 8, 2, null, null, null, null, 0), CIFAR));
        assertEquals(
                "model.patch: 4 is set, but transformer-lm does not use it (it applies to vit, mixer); leave it out",
                refused(TransformerNets.spec("transformer-lm", 1, 4, 8, 2, null, null, null, null, 0), TEXT));
        assertEquals(
                "model.dropout: 0.1 is set, but fcn does not use it (it applies to vit, mixer, transformer-lm); leave"
                        + " it out",
                refused(
                        new ModelSpec(
                                "fcn",
                                3,
                                256,
                                null,
                                1.0,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                0.1,
                                java.util.List.of()),
                        TransformerNets.images(1, 28, 28, 10)));
        assertEquals(
                "model.arch: vit takes images, but the data are windows of 64 tokens (choose transformer-lm for this"
                        + " data, or another dataset)",
                refused(TransformerNets.vit(1, 4, 8, 2, null), TEXT));
        assertEquals(
                "model.arch: transformer-lm takes text, but the data are 3×32×32 images (choose fcn, vgg, resnet, vit,"
                        + " mixer for this data, or another dataset)",
                refused(TransformerNets.lm(1, 8, 2, null, null), CIFAR));
    }

    @Test
    void widthsBeyondAnInt() {
        assertEquals(
                "model.dim: must be at most 268435456 for vit, got 1073741824",
                refused(TransformerNets.vit(1, 4, 1 << 30, 2, null), CIFAR));
    }
}
