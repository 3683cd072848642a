package org.layerlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A run's spec.yaml must read back as the spec that was written, whatever the strings in it look
 * like: a name or folder such as {@code 1e3}, {@code 0x1F} or {@code 1_000} is a number to a YAML reader
 * unless it is quoted.
 */
class SpecYamlPropertiesTest {

    /** Names a spec accepts ([A-Za-z0-9._-]+), biased towards characters that make YAML numbers. */
    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings()
                .withChars("0123456789._-+eExXbo")
                .withChars("aZ")
                .ofMinLength(1)
                .ofMaxLength(6)
                .filter(s -> s.matches("[A-Za-z0-9._-]+"));
    }

    @Property(tries = 300)
    void nameAndFolderRoundTrip(@ForAll("names") String name) throws IOException {
        ExperimentSpec s = SpecLoader.load("fcn-mnist-quick", List.of());
        // A run name starts with a letter or digit (it is a folder name); the data folder may be anything.
        String runName = name.matches("[A-Za-z0-9].*") ? name : "r" + name;
        s = new ExperimentSpec(
                runName,
                s.seed(),
                s.device(),
                new DataSpec(s.data().name(), name, null, null, null, "scale", false, null, "char"),
                s.model(),
                s.train(),
                s.analysis());
        Path f = Files.createTempFile("spec", ".yaml");
        try {
            Files.writeString(f, SpecLoader.toYaml(s));
            ExperimentSpec back = SpecLoader.readResolved(f);
            assertEquals(runName, back.name());
            assertEquals(name, back.data().dir());
        } finally {
            Files.delete(f);
        }
    }

    @Example
    void knownTroublemakers() throws IOException {
        for (String n : List.of("1e3", "0x1F", "1_000", ".5", "1.5e3", "010", "2024", "1.10", "0b11")) {
            nameAndFolderRoundTrip(n);
        }
    }
}
