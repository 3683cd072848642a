package org.layerlab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.layerlab.error.UserInputException;

/**
 * Checks that every value of a merged spec tree has the type its record component wants, and says so
 * in the user's words ({@code model.depth: expected a whole number, got 'abc'}) instead of letting the
 * mapper fail with Java type names. The types are read off the spec records, so a key added there is
 * checked without a change here; {@code null} is allowed exactly where {@code defaults.yaml} has it
 * ("derived").
 *
 * <p>Accepted values are also put into the form the mapper maps without coercion: quoted numbers and
 * booleans ({@code '5'}, {@code "true"}) and {@code Infinity}/{@code NaN} typed on a command line become
 * numbers and booleans; numbers and booleans given for text keys become their text.
 */
final class SpecTypes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final Pattern WHOLE = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern INFINITY = Pattern.compile("[-+]?(Infinity|inf|\\.inf|\\.Inf|\\.INF)");
    private static final Pattern NAN = Pattern.compile("NaN|nan|\\.nan|\\.NaN|\\.NAN");
    private static final int SHOWN = 60;

    private SpecTypes() {}

    /** The kinds of value a key can hold, in the words messages use. */
    private enum Scalar {
        INT("a whole number", "whole numbers"),
        LONG("a whole number", "whole numbers"),
        NUMBER("a number", "numbers"),
        BOOLEAN("true or false", "true/false values"),
        TEXT("text", "texts");

        final String words;
        final String plural;

        Scalar(String words, String plural) {
            this.words = words;
            this.plural = plural;
        }

        static Scalar of(Type t) {
            if (t == int.class || t == Integer.class || t == short.class || t == Short.class) {
                return INT;
            }
            if (t == long.class || t == Long.class) {
                return LONG;
            }
            if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
                return NUMBER;
            }
            if (t == boolean.class || t == Boolean.class) {
                return BOOLEAN;
            }
            return t == String.class ? TEXT : null;
        }
    }

    /**
     * Checks (and normalizes in place) {@code tree} against {@code type}; {@code defaults} is the same
     * section of defaults.yaml; {@code sourceOf} names where a key's value came from (a file, a flag).
     */
    static void check(
            ObjectNode tree, ObjectNode defaults, Class<?> type, String prefix, Function<String, String> sourceOf) {
        for (RecordComponent c : type.getRecordComponents()) {
            String name = SNAKE.translate(c.getName());
            String key = prefix + name;
            JsonNode node = tree.get(name);
            if (node == null) {
                continue;
            }
            if (c.getType().isRecord()) {
                if (node.isObject() && defaults.get(name) instanceof ObjectNode d) {
                    check((ObjectNode) node, d, c.getType(), key + ".", sourceOf);
                }
                continue;
            }
            boolean nullable = defaults.path(name).isNull();
            Type t = c.getGenericType();
            Scalar scalar = Scalar.of(t);
            Scalar element = elementOf(t);
            if (scalar == null && element == null) {
                continue; // a type this check does not know: the mapper judges it
            }
            JsonNode fixed = node.isNull()
                    ? (nullable ? node : null)
                    : scalar != null ? scalar(node, scalar) : list(node, element);
            if (fixed == null) {
                throw new UserInputException(sourceOf.apply(key) + ": " + key + ": expected "
                        + expected(scalar, element, nullable, node) + ", got " + show(node));
            }
            tree.set(name, fixed);
        }
    }

    /** The element kind of a {@code List<X>} component, else null. */
    private static Scalar elementOf(Type t) {
        if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
            return Scalar.of(p.getActualTypeArguments()[0]);
        }
        return null;
    }

    private static String expected(Scalar scalar, Scalar element, boolean nullable, JsonNode got) {
        String words;
        if (scalar != null) {
            words = scalar.words;
            if (scalar == Scalar.INT && got.isIntegralNumber()) {
                words += " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
            } else if (scalar == Scalar.LONG && got.isIntegralNumber()) {
                words += " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
            }
        } else {
            words = "a list of " + element.plural;
        }
        return nullable ? words + " or null" : words;
    }

    /** The value as the component's kind, or null if it is not one. */
    private static JsonNode scalar(JsonNode n, Scalar kind) {
        return switch (kind) {
            case INT ->
                n.isIntegralNumber() && n.canConvertToInt()
                        ? NODES.numberNode(n.intValue())
                        : n.isTextual() && WHOLE.matcher(n.textValue()).matches() ? parseInt(n.textValue()) : null;
            case LONG ->
                n.isIntegralNumber() && n.canConvertToLong()
                        ? NODES.numberNode(n.longValue())
                        : n.isTextual() && WHOLE.matcher(n.textValue()).matches() ? parseLong(n.textValue()) : null;
            case NUMBER ->
                n.isNumber() ? NODES.numberNode(n.doubleValue()) : n.isTextual() ? parseNumber(n.textValue()) : null;
            case BOOLEAN ->
                n.isBoolean()
                        ? n
                        : n.isTextual()
                                        && (n.textValue().equalsIgnoreCase("true")
                                                || n.textValue().equalsIgnoreCase("false"))
                                ? NODES.booleanNode(Boolean.parseBoolean(n.textValue()))
                                : null;
            case TEXT ->
                n.isTextual()
                        ? n
                        : n.isBoolean()
                                        || n.isIntegralNumber()
                                        || (n.isFloatingPointNumber() && Double.isFinite(n.doubleValue()))
                                ? NODES.textNode(n.asText())
                                : null;
        };
    }

    private static JsonNode list(JsonNode n, Scalar element) {
        if (!n.isArray()) {
            return null;
        }
        ArrayNode out = NODES.arrayNode();
        for (JsonNode e : n) {
            JsonNode fixed = e.isNull() ? null : scalar(e, element);
            if (fixed == null) {
                return null;
            }
            out.add(fixed);
        }
        return out;
    }

    private static JsonNode parseInt(String s) {
        try {
            return NODES.numberNode(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode parseLong(String s) {
        try {
            return NODES.numberNode(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Decimal notation, or infinity and NaN as YAML or Java spell them (the validator refuses those). */
    private static JsonNode parseNumber(String s) {
        if (INFINITY.matcher(s).matches()) {
            return NODES.numberNode(s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (NAN.matcher(s).matches()) {
            return NODES.numberNode(Double.NaN);
        }
        return DECIMAL.matcher(s).matches() ? NODES.numberNode(Double.parseDouble(s)) : null;
    }

    /** A value as a message quotes it: text in quotes, numbers as YAML writes them, long values cut. */
    static String show(JsonNode n) {
        String s = render(n);
        return s.length() <= SHOWN ? s : s.substring(0, SHOWN) + "… (" + s.length() + " characters)";
    }

    private static String render(JsonNode n) {
        if (n.isTextual()) {
            return "'" + n.textValue() + "'";
        }
        if (n.isFloatingPointNumber()) {
            return SpecValidator.show(n.doubleValue());
        }
        if (n.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode e : n) {
                items.add(render(e));
                if (items.size() > SHOWN / 2) {
                    break;
                }
            }
            return "[" + String.join(", ", items) + "]";
        }
        if (n.isObject()) {
            List<String> items = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext() && items.size() <= SHOWN / 2; ) {
                Map.Entry<String, JsonNode> e = it.next();
                items.add(e.getKey() + ": " + render(e.getValue()));
            }
            return "{" + String.join(", ", items) + "}";
        }
        return n.asText();
    }
}
