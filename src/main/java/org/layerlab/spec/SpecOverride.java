package org.layerlab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Objects;
import org.layerlab.error.UserInputException;

/**
 * One change to a spec key from the command line: the key, its value as a finished YAML node, and the
 * flag that gave it, which messages about the key quote (the user typed {@code --data DIR}, not
 * {@code data.dir}).
 *
 * <p>Only {@code --set key=value} reads its value as YAML. Dedicated flags ({@code --data},
 * {@code --device}, {@code --group}) carry literal text: a folder called {@code a #b} or {@code x: y}
 * is that folder, not a YAML comment or mapping.
 *
 * @param key dotted path, e.g. {@code train.epochs}
 * @param flag the option as typed, e.g. {@code --set train.epochs=5} or {@code --data /runs/x}
 */
public record SpecOverride(String key, JsonNode value, String flag) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public SpecOverride {
        Objects.requireNonNull(key);
        Objects.requireNonNull(value);
        Objects.requireNonNull(flag);
    }

    /** {@code --set key=value}: the value is YAML ({@code 5}, {@code [0, 1]}, {@code null}, {@code .inf}). */
    public static SpecOverride set(String assignment) {
        String flag = "--set " + assignment;
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new UserInputException(flag + ": expected key=value, e.g. train.epochs=5");
        }
        String key = assignment.substring(0, eq).trim();
        String raw = assignment.substring(eq + 1);
        JsonNode value = raw.isEmpty() ? NODES.textNode("") : YamlTree.read(raw, flag);
        return new SpecOverride(key, value, flag);
    }

    public static List<SpecOverride> sets(List<String> assignments) {
        return assignments.stream().map(SpecOverride::set).toList();
    }

    /** A literal text value, never parsed. */
    public static SpecOverride text(String key, String value, String flag) {
        return new SpecOverride(key, NODES.textNode(value), flag);
    }

    /** A list of literal texts, never parsed (e.g. the {@code --group} flags). */
    public static SpecOverride texts(String key, List<String> values, String flag) {
        ArrayNode list = NODES.arrayNode();
        values.forEach(list::add);
        return new SpecOverride(key, list, flag);
    }
}
