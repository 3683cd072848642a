package org.layerlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.SpecLoader;

/**
 * The sweep presets shipped in the jar ({@code sweeps/<name>.yaml}, listed in {@code sweeps/index.txt}), each
 * opening with a comment that says what it shows, how to run it and how long it takes here.
 */
public final class SweepPresets {
    private SweepPresets() {}

    /** A preset: its name, the first line of its header, the whole header, and its text. */
    public record Preset(String name, String summary, String header, String text) {
        JsonNode tree() {
            return SpecLoader.readTree(text, "sweep preset " + name);
        }
    }

    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (String line : resource("sweeps/index.txt").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.trim());
            }
        }
        return out;
    }

    public static List<Preset> list() {
        return names().stream().map(SweepPresets::preset).toList();
    }

    static Preset find(String name) {
        if (!names().contains(name)) {
            throw new UserInputException("unknown sweep preset '" + name + "' (sweep presets: "
                    + String.join(", ", names()) + "; or give a path to a sweep .yaml file)");
        }
        return preset(name);
    }

    private static Preset preset(String name) {
        String text = resource("sweeps/" + name + ".yaml");
        StringBuilder header = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                break;
            }
            header.append(line.replaceFirst("^# ?", "")).append('\n');
        }
        String h = header.toString().strip();
        return new Preset(name, h.lines().findFirst().orElse(""), h, text);
    }

    private static String resource(String path) {
        try (InputStream in = SweepPresets.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
