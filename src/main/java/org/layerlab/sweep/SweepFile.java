package org.layerlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.SpecLoader;

/**
 * Reads a sweep file (or a sweep preset) into a {@link SweepSpec}, refusing what is wrong with its shape in one
 * line that names the file and the key: an unknown top-level key, both {@code grid} and {@code points}, an empty
 * grid or list, a seed that is not a whole number. Whether each spec key exists and has the right type is
 * checked when the points are resolved ({@link SweepPlanner}), by the study spec's own loader.
 */
public final class SweepFile {
    static final List<String> KEYS = List.of("name", "base", "set", "grid", "points", "seeds");
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    private SweepFile() {}

    /** A sweep preset's name, or the path of a sweep file. */
    public static SweepSpec load(String presetOrFile) {
        Path p = Path.of(presetOrFile);
        boolean looksLikeFile =
                presetOrFile.endsWith(".yaml") || presetOrFile.endsWith(".yml") || presetOrFile.contains("/");
        if (Files.isRegularFile(p)) {
            return read(
                    SpecLoader.readTree(p),
                    presetOrFile,
                    baseName(p),
                    p.toAbsolutePath().getParent());
        }
        if (looksLikeFile && Files.isDirectory(p)) {
            throw new UserInputException(presetOrFile + ": is a folder, not a sweep file");
        }
        if (looksLikeFile) {
            throw new UserInputException(presetOrFile + ": no such sweep file");
        }
        SweepPresets.Preset preset = SweepPresets.find(presetOrFile);
        return read(preset.tree(), "sweep preset " + presetOrFile, presetOrFile, null);
    }

    private static String baseName(Path p) {
        return p.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }

    /**
     * @param folder where a relative {@code base} file is looked up (the sweep file's folder); null for presets,
     *     whose base is a study preset
     */
    static SweepSpec read(JsonNode root, String label, String defaultName, Path folder) {
        if (root == null || root.isNull() || (root.isObject() && root.isEmpty())) {
            throw new UserInputException(
                    label + ": empty sweep file; it needs at least 'base' (a preset or spec file)");
        }
        if (!root.isObject()) {
            throw new UserInputException(label + ": expected a mapping with keys " + String.join(", ", KEYS));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new UserInputException(
                        label + ": unknown key '" + k + "' (a sweep file has " + String.join(", ", KEYS) + ")");
            }
        }
        String name = text(root, "name", label, defaultName);
        if (!name.matches(NAME)) {
            throw new UserInputException(label + ": name: must be a plain folder name (letters, digits, '.', '_' or"
                    + " '-', starting with a letter or digit, at most 128), got '" + name + "'"
                    + (root.has("name") ? "" : " (from the file name; set 'name' in the file)"));
        }
        if (!root.has("base") || root.get("base").isNull()) {
            throw new UserInputException(label + ": base: missing; give the study every point starts from, a preset"
                    + " (e.g. fcn-mnist) or a spec file");
        }
        String base = text(root, "base", label, null);
        if (base.isBlank()) {
            throw new UserInputException(label + ": base: empty; give a preset name or a spec file");
        }
        boolean file = base.endsWith(".yaml") || base.endsWith(".yml") || base.contains("/");
        if (file && folder != null && !Path.of(base).isAbsolute()) {
            base = folder.resolve(base).normalize().toString();
        }
        if (root.has("grid") && root.has("points")) {
            throw new UserInputException(label + ": give either grid (every combination of values) or points (an"
                    + " explicit list), not both");
        }
        Map<String, JsonNode> set = root.has("set") ? flatten(root.get("set"), "set", label) : Map.of();
        Map<String, List<JsonNode>> grid = root.has("grid") ? grid(root.get("grid"), label) : Map.of();
        List<Map<String, JsonNode>> points = root.has("points") ? points(root.get("points"), label) : List.of();
        List<Long> seeds = root.has("seeds") ? seeds(root.get("seeds"), label) : List.of();
        return new SweepSpec(label, name, base, set, grid, points, seeds);
    }

    private static String text(JsonNode root, String key, String label, String otherwise) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return otherwise;
        }
        if (!n.isTextual() && !n.isNumber()) {
            throw new UserInputException(label + ": " + key + ": expected text, got " + show(n));
        }
        return n.asText();
    }

    /**
     * {@code {model: {depth: 3}}} and {@code {model.depth: 3}} alike become {@code model.depth → 3}: no spec key
     * holds a mapping, so a mapping is always a section.
     */
    static Map<String, JsonNode> flatten(JsonNode node, String where, String label) {
        if (!node.isObject()) {
            throw new UserInputException(label + ": " + where + ": expected a mapping of spec keys to values (e.g."
                    + " train.epochs: 30), got " + show(node));
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        flatten(node, "", out);
        return out;
    }

    private static void flatten(JsonNode node, String prefix, Map<String, JsonNode> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            if (e.getValue().isObject() && !e.getValue().isEmpty()) {
                flatten(e.getValue(), key + ".", out);
            } else {
                out.put(key, e.getValue());
            }
        }
    }

    private static Map<String, List<JsonNode>> grid(JsonNode node, String label) {
        Map<String, JsonNode> flat = flatten(node, "grid", label);
        if (flat.isEmpty()) {
            throw new UserInputException(label + ": grid: empty; give each key to vary with its list of values"
                    + " (e.g. model.depth: [2, 3]), or leave grid out");
        }
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : flat.entrySet()) {
            JsonNode values = e.getValue();
            if (!values.isArray()) {
                throw new UserInputException(label + ": grid." + e.getKey() + ": expected a list of values (e.g. ["
                        + values.asText() + ", ...]), got " + show(values));
            }
            if (values.isEmpty()) {
                throw new UserInputException(
                        label + ": grid." + e.getKey() + ": empty list; a grid key needs at least one value");
            }
            List<JsonNode> list = new ArrayList<>();
            values.forEach(list::add);
            out.put(e.getKey(), list);
        }
        return out;
    }

    private static List<Map<String, JsonNode>> points(JsonNode node, String label) {
        if (!node.isArray()) {
            throw new UserInputException(label + ": points: expected a list of mappings (each point's keys and"
                    + " values), got " + show(node));
        }
        if (node.isEmpty()) {
            throw new UserInputException(label + ": points: empty list; give at least one point, or leave points out");
        }
        List<Map<String, JsonNode>> out = new ArrayList<>();
        int i = 0;
        for (JsonNode p : node) {
            out.add(p.isNull() ? Map.of() : flatten(p, "points[" + i + "]", label));
            i++;
        }
        return out;
    }

    private static List<Long> seeds(JsonNode node, String label) {
        if (!node.isArray()) {
            throw new UserInputException(
                    label + ": seeds: expected a list of whole numbers (e.g. [1, 2, 3]), got " + show(node));
        }
        if (node.isEmpty()) {
            throw new UserInputException(
                    label + ": seeds: empty list; give at least one seed, or leave seeds out for the base's own seed");
        }
        List<Long> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (JsonNode s : node) {
            if (!s.isIntegralNumber() || !s.canConvertToLong()) {
                throw new UserInputException(label + ": seeds: expected whole numbers from " + Long.MIN_VALUE + " to "
                        + Long.MAX_VALUE + ", got " + show(s));
            }
            if (!seen.add(s.longValue())) {
                throw new UserInputException(label + ": seeds: " + s.longValue() + " is listed twice");
            }
            out.add(s.longValue());
        }
        return out;
    }

    /** A value as messages quote it: text in quotes, anything else as compact YAML-like text, long values cut. */
    static String show(JsonNode n) {
        String s = n.isTextual() ? "'" + n.textValue() + "'" : n.toString();
        return s.length() <= 60 ? s : s.substring(0, 60) + "… (" + s.length() + " characters)";
    }
}
