package org.layerlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PresetsTest {
    /** The source folder, not the classpath: a preset file that the index forgets must be noticed too. */
    private static final Path PRESETS =
            Path.of(System.getProperty("basedir", "."), "src", "main", "resources", "presets");

    @Test
    void theIndexListsExactlyThePresetFiles() throws IOException {
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(PRESETS)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .forEach(n -> files.add(n.replaceFirst("\\.ya?ml$", "")));
        }
        assertFalse(files.isEmpty());
        List<String> index = Presets.names();
        assertEquals(index.size(), new TreeSet<>(index).size(), "a preset listed twice: " + index);
        assertEquals(files, new TreeSet<>(index));
    }

    @Test
    void everyPresetSaysHowToRunItAndHowLongItTakes() {
        for (Presets.Preset p : Presets.list()) {
            List<String> lines = p.header().lines().toList();
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("Run:")), p.name() + " has no 'Run:' line");
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("Runtime:")), p.name() + " has no 'Runtime:' line");
            assertTrue(
                    lines.stream().anyMatch(l -> l.startsWith("Run:") && l.contains(p.name())),
                    p.name() + "'s Run: line runs another preset");
            assertFalse(p.summary().isBlank(), p.name() + " has no summary line");
        }
    }

    @Test
    void everyPresetLoads() {
        for (String name : Presets.names()) {
            ExperimentSpec s = SpecLoader.load(name, List.of());
            assertEquals(name, s.name());
            List<Integer> ck = s.train().checkpoints();
            assertEquals(0, ck.get(0), name);
            assertEquals(s.train().length(), ck.get(ck.size() - 1), name);
        }
    }
}
