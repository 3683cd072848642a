package org.layerlab.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.layerlab.error.UserInputException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads YAML text (a spec file, a {@code --set} value) into a tree, token by token rather than with
 * {@code ObjectMapper.readTree}, because Jackson 2's YAML reader gets some input wrong in ways a user
 * would not notice:
 *
 * <ul>
 *   <li>{@code .inf}, {@code -.inf} and {@code .nan} (YAML's spellings) fail as "malformed numbers":
 *       here they are numbers, which the validator then refuses with the reason;
 *   <li>an alias ({@code *name}) comes back as the text {@code name}: refused;
 *   <li>a key given twice silently keeps the last value, a second document ({@code ---}) is silently
 *       dropped: both refused.
 * </ul>
 *
 * Errors are in the user's words (line, column and what is wrong), never a Java or Jackson name.
 */
final class YamlTree {
    /** A spec is three levels deep; anything near this limit is not a spec. */
    static final int MAX_DEPTH = 64;

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern INF = Pattern.compile("[-+]?\\.(inf|Inf|INF)");
    private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");

    private YamlTree() {}

    /**
     * The document in {@code text} ({@code null} node when it is empty); errors are prefixed with
     * {@code label}, the file or flag the text came from.
     */
    static JsonNode read(String text, String label) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return NODES.nullNode();
            }
            JsonNode root = value(p, first, "", label);
            if (p.nextToken() != null) {
                throw new UserInputException(
                        label + ": a second YAML document" + at(p.currentTokenLocation()) + "; a spec is one document");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new UserInputException(label + ": " + problem(e, text), e);
        } catch (IOException e) {
            // Reading from a String does no I/O.
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t, String path, String label) throws IOException {
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            throw new UserInputException(label + ": " + (path.isEmpty() ? "" : "'" + path + "' ") + "uses the alias *"
                    + p.getText() + at(p.currentTokenLocation()) + "; aliases are not supported, write the value out");
        }
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    JsonLocation where = p.currentTokenLocation();
                    String key = path.isEmpty() ? name : path + "." + name;
                    JsonNode v = value(p, p.nextToken(), key, label);
                    if (o.has(name)) {
                        throw new UserInputException(label + ": key '" + key + "' given twice" + at(where));
                    }
                    o.set(name, v);
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e, path, label));
                }
                return a;
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                String s = p.getText();
                if (INF.matcher(s).matches()) {
                    return NODES.numberNode(s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
                }
                if (NAN.matcher(s).matches()) {
                    return NODES.numberNode(Double.NaN);
                }
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                // Strings, and tagged scalars such as !!binary, are kept as the text written.
                return NODES.textNode(p.getText());
            }
        }
    }

    /** What went wrong, without the label: the reader's own words where they are the user's too. */
    private static String problem(JsonProcessingException e, String text) {
        if (e instanceof StreamConstraintsException) {
            String m = String.valueOf(e.getOriginalMessage());
            return m.contains("nesting depth")
                    ? "nested too deeply (more than " + MAX_DEPTH + " levels of lists and mappings; a spec has 3)"
                    : "too large (a number, text or key is longer than a spec can hold)";
        }
        String where = at(e.getLocation());
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m) {
                Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
                String pos = mark == null
                        ? where
                        : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
                String what = m.getProblem() != null ? m.getProblem() : m.getContext();
                return "not valid YAML" + pos + (what == null ? "" : ": " + firstLine(what));
            }
            if (c instanceof ReaderException r) {
                // The reader knows only the character's index; the message gives line and column.
                int pos = Math.max(0, Math.min(r.getPosition(), text.codePointCount(0, text.length())));
                String before = text.substring(0, text.offsetByCodePoints(0, pos));
                int line = (int) before.chars().filter(ch -> ch == '\n').count() + 1;
                int column = before.codePointCount(before.lastIndexOf('\n') + 1, before.length()) + 1;
                return "not valid YAML at line " + line + ", column " + column + ": " + firstLine(r.getMessage())
                        + String.format(Locale.ROOT, " (character U+%04X)", r.getCodePoint());
            }
            if (c instanceof YAMLException y && String.valueOf(y.getMessage()).contains("exceeds the limit")) {
                return "too large to read as YAML";
            }
        }
        String m = firstLine(String.valueOf(e.getOriginalMessage()));
        if (m.startsWith("Expected a field name")) {
            return "not valid YAML" + where + ": a key must be plain text, not a list or mapping";
        }
        return "not valid YAML" + where + (mentionsInternals(m) ? "" : ": " + m);
    }

    /** Reader messages that name classes or settings would mean nothing to the user. */
    private static boolean mentionsInternals(String m) {
        return m.contains("java.")
                || m.contains("org.")
                || m.contains("com.")
                || m.contains("`")
                || m.contains("Exception")
                || m.contains("Jackson");
    }

    /** {@code " at line L, column C"}, or nothing when the reader does not know. */
    private static String at(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 1
                ? ""
                : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
