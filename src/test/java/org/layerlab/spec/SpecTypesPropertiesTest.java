package org.layerlab.spec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.layerlab.error.UserInputException;

/**
 * Every key of defaults.yaml, given every kind of wrong value (from a file and from {@code --set}):
 * the spec loads, or the error is a {@link UserInputException} (exit 2, not a crash) on one line that
 * starts with where the value came from and says nothing of Java or Jackson.
 */
class SpecTypesPropertiesTest {
    private static final List<String> FORBIDDEN =
            List.of("java.", "Jackson", "Coercion", "Constraints", "`", "Exception", "jackson", "snakeyaml");

    /** Values of every YAML kind, and edge cases of each. */
    private static final List<String> VALUES = List.of(
            "abc",
            "''",
            "'5'",
            "2.5",
            "-1",
            "0",
            "99999999999",
            "-99999999999999999999999",
            "1e400",
            ".inf",
            "-.inf",
            ".nan",
            "Infinity",
            "NaN",
            "true",
            "yes",
            "null",
            "~",
            "[]",
            "[1, 2]",
            "[a, b]",
            "[1, null]",
            "[[1]]",
            "{}",
            "{a: 1}",
            "0x1F",
            "1_000",
            "!!binary aGVsbG8=",
            "2020-01-01",
            "'\u00e9\u4e2d'");

    @Provide
    Arbitrary<String> keys() {
        List<String> out = new ArrayList<>();
        leaves(SpecLoader.defaults(), "", out);
        return Arbitraries.of(out);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.of(VALUES);
    }

    private static void leaves(JsonNode node, String prefix, List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                leaves(e.getValue(), prefix + e.getKey() + ".", out);
            } else {
                out.add(prefix + e.getKey());
            }
        }
    }

    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 5000)
    void aSetValueOfAnyKindIsAcceptedOrRefusedInWords(@ForAll("keys") String key, @ForAll("values") String value) {
        String flag = "--set " + key + "=" + value;
        try {
            SpecLoader.load("fcn-mnist-quick", List.of(key + "=" + value));
        } catch (UserInputException e) {
            String m = e.getMessage();
            assertTrue(m.startsWith(flag + ": ") || m.startsWith("preset fcn-mnist-quick: "), m);
            if (m.startsWith(flag + ": ")) {
                assertTrue(m.contains(key), "names the key: " + m);
            }
            assertNoInternals(m);
        }
    }

    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 5000)
    void aFileValueOfAnyKindIsAcceptedOrRefusedInWords(@ForAll("keys") String key, @ForAll("values") String value)
            throws IOException {
        String[] parts = key.split("\\.");
        String yaml =
                parts.length == 1 ? key + ": " + value + "\n" : parts[0] + ":\n  " + parts[1] + ": " + value + "\n";
        Path f = Files.createTempFile("spec", ".yaml");
        try {
            Files.writeString(f, yaml);
            SpecLoader.load(f.toString(), List.of());
        } catch (UserInputException e) {
            String m = e.getMessage();
            assertTrue(m.startsWith(f + ": "), m);
            assertNoInternals(m);
        } finally {
            Files.delete(f);
        }
    }

    static void assertNoInternals(String message) {
        assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
        for (String word : FORBIDDEN) {
            assertFalse(message.contains(word), "'" + word + "' in: " + message);
        }
    }
}
