package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.ModelSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.train.BatchSource;

/** What the families make of a spec before anything is built: defaults, checks, refusals. */
class ArchitecturesTest {
    private static final DataShape MNIST = DataShape.images(new int[] {1, 28, 28}, 10);
    private static final DataShape CIFAR = DataShape.images(new int[] {3, 32, 32}, 10);
    private static final DataShape TEXT = new DataShape(new int[] {64}, 65, BatchSource.Inputs.TOKENS);

    private static ModelSpec model(String preset, String... sets) {
        return SpecLoader.load(preset, List.of(sets)).model();
    }

    private static String refusal(ModelSpec m, DataShape d) {
        return assertThrows(UserInputException.class, () -> Architectures.resolve(m, d))
                .getMessage();
    }

    @Test
    void eachFamilyFillsInItsDefaultsAndResolvingTwiceChangesNothing() {
        ModelSpec fcn = Architectures.resolve(model("fcn-mnist", "model.init=null"), MNIST);
        assertEquals("none", fcn.norm());
        assertEquals("paper", fcn.init());
        ModelSpec vgg = Architectures.resolve(model("vgg11-cifar10-w4", "model.variant=null"), CIFAR);
        assertEquals("vgg11", vgg.variant());
        assertEquals("none", vgg.norm());
        ModelSpec resnet =
                Architectures.resolve(model("resnet18-cifar10-w4", "model.stem=null", "model.norm=null"), CIFAR);
        assertEquals("cifar", resnet.stem(), "a 32-pixel image gets the CIFAR stem");
        assertEquals("batchnorm", resnet.norm());
        for (ModelSpec m : List.of(fcn, vgg, resnet)) {
            assertEquals(m, Architectures.resolve(m, m.arch().equals("fcn") ? MNIST : CIFAR));
        }
    }

    @Test
    void anUnknownArchitectureListsTheKnownOnes() {
        String m = refusal(model("fcn-mnist", "model.arch=lstm"), MNIST);
        assertEquals(
                "model.arch: unknown architecture 'lstm' (choose " + String.join(", ", Architectures.ids()) + ")", m);
    }

    @Test
    void aKeyOfAnotherFamilyIsRefusedNotIgnored() {
        String m = refusal(model("fcn-mnist", "model.variant=vgg16"), MNIST);
        assertTrue(m.startsWith("model.variant: vgg16 is set, but fcn does not use it (it applies to vgg, resnet)"), m);
        String s = refusal(model("vgg11-cifar10-w4", "model.stem=imagenet"), CIFAR);
        assertTrue(s.contains("but vgg does not use it (it applies to resnet)"), s);
    }

    @Test
    void textIsRefusedToAnImageNetworkAndTheReverse() {
        String m = refusal(model("fcn-mnist"), TEXT);
        assertTrue(m.startsWith("model.arch: fcn takes images, but the data are windows of 64 tokens"), m);
    }

    @Test
    void familyChecksNameTheKeyAndWhatIsAllowed() {
        assertTrue(refusal(model("vgg11-cifar10-w4", "model.variant=vgg12"), CIFAR)
                .startsWith("model.variant: must be one of vgg11, vgg13, vgg16, vgg19 for vgg, got 'vgg12'"));
        assertTrue(refusal(model("vgg11-cifar10-w4"), DataShape.images(new int[] {3, 16, 16}, 10))
                .contains("needs at least 32×32 pixels, got 16×16"));
        assertTrue(refusal(model("fcn-mnist", "model.init=xavier"), MNIST)
                .startsWith("model.init: unknown scheme 'xavier'"));
    }
}
