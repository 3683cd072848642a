package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.ModelSpec;
import org.layerlab.unit.TensorSpec;

/**
 * The estimate is made without building anything, by a second walk over each architecture; these
 * tests pin that walk to the real one: for every configuration the parameter count, the largest
 * tensor and the forward multiply-adds (which depend on the spatial size at every convolution, as the
 * activations do) equal those of the network the builder makes.
 */
class FootprintTest {
    private static final int[] MNIST = {1, 28, 28};
    private static final int[] CIFAR = {3, 32, 32};

    private static ModelSpec fcn(int depth, int width) {
        return new ModelSpec("fcn", depth, width, null, 1.0, "none", null, "paper");
    }

    private static ModelSpec vgg(String variant, double w, String norm) {
        return new ModelSpec("vgg", null, null, variant, w, norm, null, "paper");
    }

    private static ModelSpec resnet(String variant, double w, String norm, String stem) {
        return new ModelSpec("resnet", null, null, variant, w, norm, stem, "paper");
    }

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of(fcn(1, 5), MNIST, 10),
                Arguments.of(fcn(3, 256), MNIST, 10),
                Arguments.of(fcn(2, 7), CIFAR, 10),
                Arguments.of(fcn(6, 1), new int[] {1, 2, 2}, 3),
                Arguments.of(vgg("vgg11", 0.125, "none"), CIFAR, 10),
                Arguments.of(vgg("vgg11", 0.125, "batchnorm"), CIFAR, 10),
                Arguments.of(vgg("vgg16", 0.125, "none"), CIFAR, 10),
                Arguments.of(vgg("vgg16", 0.125, "batchnorm"), CIFAR, 100),
                Arguments.of(vgg("vgg13", 0.0625, "none"), new int[] {3, 70, 45}, 5),
                Arguments.of(vgg("vgg19", 0.03, "batchnorm"), new int[] {1, 64, 64}, 2),
                Arguments.of(resnet("resnet18", 0.125, "batchnorm", "cifar"), CIFAR, 10),
                Arguments.of(resnet("resnet18", 0.125, "none", "imagenet"), new int[] {3, 64, 64}, 10),
                Arguments.of(resnet("resnet18", 0.0625, "batchnorm", null), new int[] {3, 97, 71}, 7),
                Arguments.of(resnet("resnet34", 0.0625, "batchnorm", "cifar"), new int[] {3, 17, 23}, 10),
                Arguments.of(resnet("resnet50", 0.0625, "batchnorm", "cifar"), CIFAR, 10),
                Arguments.of(resnet("resnet50", 0.125, "batchnorm", "imagenet"), new int[] {3, 72, 72}, 20),
                Arguments.of(resnet("resnet50", 0.0625, "none", "imagenet"), new int[] {3, 35, 33}, 10));
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void theEstimateCountsWhatTheBuilderBuilds(ModelSpec spec, int[] example, int classes) {
        Footprint f = Networks.footprint(spec, example, classes);
        try (Network net = Networks.build(spec, new Shape(Network.toLong(example)), classes, Device.cpu())) {
            assertEquals((double) net.layout().parameterCount(), f.parameters(), "parameters");
            long largest = net.layout().tensors().values().stream()
                    .mapToLong(TensorSpec::numel)
                    .max()
                    .orElseThrow();
            assertEquals((double) largest, f.largestTensor(), "largest tensor");
            assertEquals((double) net.forwardMacs(), f.forwardMacs(), "forward multiply-adds");
        }
    }

    /** FCN 3×256 on MNIST, by hand: the paper's Figure 1 network. */
    @Test
    void fcnCountedByHand() {
        Footprint f = Networks.footprint(fcn(3, 256), MNIST, 10);
        // layer1 784·256 + 256, layer2 and layer3 256·256 + 256 each, layer4 256·10 + 10.
        assertEquals(200_960 + 2 * 65_792 + 2_570, f.parameters());
        // The input, then a dense output and a ReLU output per hidden layer, then the logits.
        assertEquals(784 + 3 * (256 + 256) + 10, f.activations());
        assertEquals(784 * 256, f.largestTensor());
        assertEquals("model.depth=3, model.width=256", f.model());
    }

    /** Sizes far beyond any machine come out as large numbers, not as overflowed ones. */
    @Test
    void absurdSizesDoNotOverflow() {
        // Past the spec's limits on purpose: the family's estimate itself, without the resolution's checks.
        Footprint deep =
                new FcnArchitecture().footprint(fcn(Integer.MAX_VALUE, Integer.MAX_VALUE), DataShape.images(MNIST, 10));
        double w = Integer.MAX_VALUE;
        assertEquals((Integer.MAX_VALUE - 1.0) * (w * w + w), deep.parameters(), deep.parameters() * 1e-12);
        Footprint wide = Networks.footprint(resnet("resnet50", 1000, "batchnorm", null), new int[] {3, 4096, 4096}, 10);
        assertTrue(wide.parameters() > 2e13 && wide.activations() > 1e12, wide.toString());
    }

    /** VGG's estimate refuses images its five pools cannot halve, as the builder does. */
    @Test
    void vggOnTinyImagesIsRefusedBeforeBuilding() {
        UserInputException e = assertThrows(
                UserInputException.class, () -> Networks.footprint(vgg("vgg11", 1, "none"), new int[] {3, 16, 16}, 10));
        assertTrue(e.getMessage().contains("16×16"), e.getMessage());
    }
}
