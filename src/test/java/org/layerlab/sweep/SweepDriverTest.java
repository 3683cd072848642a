package org.layerlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SweepDriverTest {

    @Test
    void aStudysClasspathNamesTheSameFilesFromTheSweepFolder() {
        Path here = Path.of("").toAbsolutePath();
        String relative =
                String.join(File.pathSeparator, "target/classes", "", "lib/*", "/opt/x.jar", "*", "a/../b.jar");
        assertEquals(
                String.join(
                        File.pathSeparator,
                        here.resolve("target/classes").toString(),
                        here.resolve("lib").resolve("*").toString(),
                        "/opt/x.jar",
                        here.resolve("*").toString(),
                        here.resolve("b.jar").toString()),
                SweepDriver.absolute(relative));
    }

    @Test
    void theClasspathGivenToStudiesIsAbsolute() {
        for (String entry : SweepDriver.childClasspath().split(File.pathSeparator)) {
            assertEquals(true, Path.of(entry.replace("*", "x")).isAbsolute(), entry);
        }
    }
}
