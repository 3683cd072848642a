package org.layerlab.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing shared copy skips a test, except where CI says the copies must be there. */
class SharedDataTest {
    @Test
    void aMissingCopySkipsUnlessRequired() {
        assertThrows(TestAbortedException.class, () -> SharedData.assumePresent(Optional.empty(), "MNIST", Map.of()));
        assertThrows(
                TestAbortedException.class,
                () -> SharedData.assumePresent(Optional.empty(), "MNIST", Map.of(SharedData.REQUIRE, "")),
                "an empty value is not set");
        AssertionFailedError e = assertThrows(
                AssertionFailedError.class,
                () -> SharedData.assumePresent(Optional.empty(), "MNIST copy", Map.of(SharedData.REQUIRE, "1")));
        assertTrue(
                e.getMessage().contains("MNIST copy") && e.getMessage().contains(SharedData.REQUIRE), e.getMessage());
    }

    @Test
    void aPresentCopyRunsEitherWay() {
        Optional<Path> here = Optional.of(Path.of("."));
        assertDoesNotThrow(() -> SharedData.assumePresent(here, "x", Map.of()));
        assertDoesNotThrow(() -> SharedData.assumePresent(here, "x", Map.of(SharedData.REQUIRE, "1")));
    }
}
