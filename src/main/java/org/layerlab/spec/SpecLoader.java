package org.layerlab.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.layerlab.error.UserInputException;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns a preset name or YAML file, plus {@code --set key=value} overrides, into a validated
 * {@link ExperimentSpec}. Defaults live in one place, {@code defaults.yaml}, which also defines the
 * set of keys: any key it lacks is an error naming the file and the key.
 */
public final class SpecLoader {
    private static final String DEFAULTS = "/org/layerlab/spec/defaults.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .stringQuotingChecker(new QuoteNonStrings())
                    .build())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private SpecLoader() {}

    /**
     * Quotes every string that a YAML reader would otherwise take for a number, boolean or null (e.g. a
     * name {@code 1e3}, a folder {@code 1_000}), so a written spec reads back as the same spec.
     */
    private static final class QuoteNonStrings extends StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;
        private static final Resolver RESOLVER = new Resolver();

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || !Tag.STR.equals(RESOLVER.resolve(NodeId.scalar, value, true));
        }
    }

    /** Loads a preset (by name) or a spec file, applies overrides, validates and resolves it. */
    public static ExperimentSpec load(String presetOrFile, List<String> overrides) {
        Source src = Presets.resolve(presetOrFile);
        JsonNode user = parse(src.text(), src.label());
        ExperimentSpec spec = build(user, overrides, src.label());
        if (spec.name() == null) {
            spec = spec.withName(src.baseName());
        }
        return SpecValidator.resolve(spec, src.label());
    }

    /** Reads a run's resolved {@code spec.yaml} (still checked: someone may have edited it). */
    public static ExperimentSpec readResolved(Path file) {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw UserInputException.io(label, "cannot read", e);
        }
        return SpecValidator.resolve(build(parse(text, label), List.of(), label), label);
    }

    /** A resolved spec with some keys changed (e.g. analysis keys of a finished run), validated again. */
    public static ExperimentSpec withOverrides(ExperimentSpec spec, List<String> overrides, String label) {
        if (overrides.isEmpty()) {
            return spec;
        }
        ObjectNode tree = YAML.valueToTree(spec);
        for (String o : overrides) {
            applyOverride(tree, o);
        }
        return SpecValidator.resolve(build(tree, List.of(), label), label);
    }

    /**
     * What makes two runs the same training: the resolved spec without its name, analysis keys and the
     * keys that say where it runs (data.dir, device), as canonical YAML. A run's marker records its hash.
     */
    public static String trainingIdentity(ExperimentSpec spec) {
        DataSpec d = spec.data();
        DataSpec where = new DataSpec(
                d.name(),
                null,
                d.trainLimit(),
                d.testLimit(),
                d.trainPerClass(),
                d.normalize(),
                d.augment(),
                d.imageSize());
        return toYaml(new ExperimentSpec(null, spec.seed(), null, where, spec.model(), spec.train(), null));
    }

    public static String toYaml(ExperimentSpec spec) {
        try {
            return YAML.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize spec", e);
        }
    }

    /** A named source of spec text. */
    public record Source(String label, String baseName, String text) {}

    private static ExperimentSpec build(JsonNode user, List<String> overrides, String label) {
        ObjectNode merged = defaults();
        mergeChecked(merged, user, "", label);
        for (String o : overrides) {
            applyOverride(merged, o);
        }
        try {
            return YAML.treeToValue(merged, ExperimentSpec.class);
        } catch (JsonMappingException e) {
            String at = path(e);
            throw new UserInputException(
                    source(at, overrides, label) + ": " + at + ": " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new UserInputException(label + ": " + firstLine(e.getOriginalMessage()));
        }
    }

    /** Blames the last {@code --set} of the key when there is one, else the file or preset. */
    private static String source(String key, List<String> overrides, String label) {
        String source = label;
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq > 0 && o.substring(0, eq).trim().equals(key)) {
                source = "--set " + o;
            }
        }
        return source;
    }

    static ObjectNode defaults() {
        try (InputStream in = SpecLoader.class.getResourceAsStream(DEFAULTS)) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String text, String label) {
        JsonNode node;
        try {
            node = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UserInputException(label + ": not valid YAML (" + firstLine(e.getOriginalMessage()) + ")");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return YAML.createObjectNode();
        }
        if (!node.isObject()) {
            throw new UserInputException(label + ": expected a mapping of keys at the top level");
        }
        return node;
    }

    /** Overlays {@code user} onto {@code base}, refusing keys that the defaults do not define. */
    private static void mergeChecked(ObjectNode base, JsonNode user, String prefix, String label) {
        Iterator<Map.Entry<String, JsonNode>> it = user.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode known = base.get(e.getKey());
            if (known == null) {
                throw new UserInputException(label + ": unknown key '" + key + "' (known here: " + keys(base) + ")");
            }
            if (known.isObject()) {
                if (!e.getValue().isObject()) {
                    throw new UserInputException(label + ": '" + key + "' must be a mapping with keys " + keys(known));
                }
                mergeChecked((ObjectNode) known, e.getValue(), key + ".", label);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    private static void applyOverride(ObjectNode merged, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new UserInputException("--set " + assignment + ": expected key=value, e.g. train.epochs=5");
        }
        String key = assignment.substring(0, eq).trim();
        String raw = assignment.substring(eq + 1);
        JsonNode value;
        try {
            value = raw.isEmpty() ? YAML.getNodeFactory().textNode("") : YAML.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new UserInputException("--set " + key + ": value is not valid YAML: " + raw);
        }
        if (value == null || value.isMissingNode()) {
            value = YAML.getNodeFactory().nullNode();
        }
        String[] parts = key.split("\\.");
        ObjectNode node = merged;
        StringBuilder at = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            JsonNode child = node.get(parts[i]);
            at.append(i == 0 ? "" : ".").append(parts[i]);
            if (child == null) {
                throw new UserInputException(
                        "--set " + key + ": unknown key '" + at + "' (known here: " + keys(node) + ")");
            }
            if (i < parts.length - 1) {
                if (!child.isObject()) {
                    throw new UserInputException("--set " + key + ": '" + at + "' is not a section");
                }
                node = (ObjectNode) child;
            } else if (child.isObject()) {
                throw new UserInputException("--set " + key + ": '" + at + "' is a section; set one of " + keys(child));
            } else {
                node.set(parts[i], value);
            }
        }
    }

    private static String keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return String.join(", ", out);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid value";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
