package org.layerlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.error.UserInputException;

/** Sizes that would overflow 32-bit channel or pixel counts are refused with the allowed range. */
class SpecLimitsTest {

    private static String refused(String preset, String... overrides) {
        UserInputException e =
                assertThrows(UserInputException.class, () -> SpecLoader.load(preset, List.of(overrides)));
        return e.getMessage();
    }

    @Test
    void widthMultiplierIsCappedAtAThousand() {
        for (String w : List.of("1e12", "1000.5", "0", "-1")) {
            String m = refused("vgg11-cifar10-w4", "model.width_multiplier=" + w);
            assertTrue(m.contains("model.width_multiplier: must be in (0, 1000]"), m);
        }
        assertEquals(
                1000.0,
                SpecLoader.load("resnet18-cifar10-w4", List.of("model.width_multiplier=1000"))
                        .model()
                        .widthMultiplier());
    }

    @Test
    void imageSizeIsCappedAt4096WithTheReason() {
        for (String size : List.of("100000", "4097", "2147483647")) {
            String m = refused(
                    "vgg11-cifar10-w4", "data.name=imagefolder", "data.dir=/nowhere", "data.image_size=" + size);
            assertTrue(m.contains("data.image_size: must be in 1..4096 or null, got " + size), m);
            assertTrue(m.contains("48 MiB decoded"), m);
        }
        ExperimentSpec largest = SpecLoader.load(
                "vgg11-cifar10-w4", List.of("data.name=imagefolder", "data.dir=/nowhere", "data.image_size=4096"));
        assertEquals(4096, largest.data().imageSize());
        String zero = refused("vgg11-cifar10-w4", "data.name=imagefolder", "data.dir=/nowhere", "data.image_size=0");
        assertTrue(zero.contains("data.image_size"), zero);
    }
}
