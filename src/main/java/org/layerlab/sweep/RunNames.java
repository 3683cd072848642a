package org.layerlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Readable names for a sweep's points and runs: {@code depth=3,width=256/seed-1}. Each swept key is shown by the
 * shortest dotted suffix that tells it apart from the other swept keys ({@code model.depth} → {@code depth});
 * values are written plainly, with anything a folder name should not hold replaced by {@code _}.
 */
final class RunNames {
    /** A point name this long (bytes, as file systems count) still leaves room for the seed folder. */
    private static final int MAX_POINT = 200;

    private RunNames() {}

    /** Swept key → the label its values are shown with. */
    static Map<String, String> labels(List<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : keys) {
            String[] parts = key.split("\\.");
            String label = key;
            for (int n = 1; n <= parts.length; n++) {
                String suffix = String.join(".", List.of(parts).subList(parts.length - n, parts.length));
                String dotted = "." + suffix;
                boolean unique = keys.stream()
                        .filter(k -> !k.equals(key))
                        .noneMatch(k -> k.equals(suffix) || k.endsWith(dotted));
                if (unique) {
                    label = suffix;
                    break;
                }
            }
            out.put(key, label);
        }
        return out;
    }

    /** A value as names and tables show it: lists as their items joined by '-'. */
    static String display(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(e -> items.add(display(e)));
            return items.isEmpty() ? "none" : String.join("-", items);
        }
        return v.asText();
    }

    /** {@code depth=3,width=256}, or {@code base} when nothing is swept. */
    static String point(Map<String, String> labels, Map<String, String> values) {
        if (values.isEmpty()) {
            return "base";
        }
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(safe(labels.getOrDefault(k, k)) + "=" + safe(v)));
        String name = String.join(",", parts);
        return name.length() <= MAX_POINT ? name : name.substring(0, MAX_POINT);
    }

    static String seedFolder(long seed) {
        return "seed-" + seed;
    }

    /** Letters, digits and {@code . _ + -} pass; anything else (slashes, spaces, brackets) becomes '_'. */
    static String safe(String s) {
        String out = s.replaceAll("[^A-Za-z0-9._+-]", "_");
        return out.isEmpty() || out.equals(".") || out.equals("..") ? "_" + out : out;
    }

    /**
     * A spec name (a plain folder name, at most 128 characters) for the run: the readable name with '=' as '-',
     * ',' as '_' and '/' as '.', e.g. {@code depth-3_width-256.seed-1}.
     */
    static String specName(String runName, String id) {
        String s = runName.replace('=', '-').replace(',', '_').replace('/', '.').replaceAll("[^A-Za-z0-9._-]", "-");
        if (!s.matches("[A-Za-z0-9].*")) {
            s = "r" + s;
        }
        return s.length() <= 128 ? s : s.substring(0, 111) + "-" + id.substring(0, 16);
    }
}
