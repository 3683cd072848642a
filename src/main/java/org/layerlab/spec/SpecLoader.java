package org.layerlab.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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

    /** Loads a preset (by name) or a spec file, applies {@code --set key=value} overrides, validates and resolves it. */
    public static ExperimentSpec load(String presetOrFile, List<String> sets) {
        return loadWith(presetOrFile, SpecOverride.sets(sets));
    }

    /** Loads a preset (by name) or a spec file, applies overrides, validates and resolves it. */
    public static ExperimentSpec loadWith(String presetOrFile, List<SpecOverride> overrides) {
        Source src = Presets.resolve(presetOrFile);
        JsonNode user = parse(src.text(), src.label());
        Map<String, String> flags = flags(overrides);
        ExperimentSpec spec = build(user, overrides, src.label());
        if (spec.name() == null) {
            spec = spec.withName(src.baseName());
        }
        return SpecValidator.resolve(spec, src.label(), flags);
    }

    /** A spec file's text, read as spec files are: at most 1 MiB, strict UTF-8. */
    public static String readText(Path file) {
        return SpecFiles.read(file, file.toString());
    }

    /**
     * Another YAML file read as spec files are (at most 1 MiB, strict UTF-8, no aliases, duplicate keys or second
     * documents), as a tree: a sweep file. An empty file is an empty mapping.
     */
    public static JsonNode readTree(Path file) {
        return readTree(SpecFiles.read(file, file.toString()), file.toString());
    }

    /** YAML text (a sweep preset) as a tree, read as {@link #readTree(Path)} reads a file. */
    public static JsonNode readTree(String text, String label) {
        return parse(text, label);
    }

    /** Reads a run's resolved {@code spec.yaml} (still checked: someone may have edited it). */
    public static ExperimentSpec readResolved(Path file) {
        String label = file.toString();
        String text = SpecFiles.read(file, label);
        return SpecValidator.resolve(build(parse(text, label), List.of(), label), label);
    }

    /** A resolved spec with some keys changed (e.g. analysis keys of a finished run), validated again. */
    public static ExperimentSpec withOverrides(ExperimentSpec spec, List<SpecOverride> overrides, String label) {
        if (overrides.isEmpty()) {
            return spec;
        }
        return SpecValidator.resolve(build(YAML.valueToTree(spec), overrides, label), label, flags(overrides));
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
                d.imageSize(),
                // The default is left out, so the identity of every run made before data.tokenizer existed is
                // unchanged.
                "char".equals(d.tokenizer()) ? null : d.tokenizer());
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

    /**
     * Defaults, then the file's keys, then the overrides; each value is type-checked (naming the file or
     * the flag it came from) before the tree becomes a spec.
     */
    private static ExperimentSpec build(JsonNode user, List<SpecOverride> overrides, String label) {
        ObjectNode defaults = defaults();
        ObjectNode merged = defaults.deepCopy();
        mergeChecked(merged, user, "", label);
        for (SpecOverride o : overrides) {
            applyOverride(merged, o);
        }
        Map<String, String> flags = flags(overrides);
        SpecTypes.check(merged, defaults, ExperimentSpec.class, "", key -> flags.getOrDefault(key, label));
        LengthOverride.check(user, merged, flags, label);
        try {
            return YAML.treeToValue(merged, ExperimentSpec.class);
        } catch (JsonProcessingException e) {
            // SpecTypes has checked every value the records hold, so this is a bug, not bad input.
            throw new IllegalStateException(label + ": spec does not map onto its records", e);
        }
    }

    /** The last flag that set each key (a later flag wins, as its value does). */
    private static Map<String, String> flags(List<SpecOverride> overrides) {
        Map<String, String> out = new HashMap<>();
        overrides.forEach(o -> out.put(o.key(), o.flag()));
        return out;
    }

    /** The model section of defaults.yaml, e.g. for an architecture to tell which keys were set. */
    public static ModelSpec defaultModel() {
        try {
            return YAML.treeToValue(defaults().get("model"), ModelSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("defaults.yaml: bad model section", e);
        }
    }

    static ObjectNode defaults() {
        try (InputStream in = SpecLoader.class.getResourceAsStream(DEFAULTS)) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String text, String label) {
        JsonNode node = YamlTree.read(text, label);
        if (node.isNull()) {
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

    private static void applyOverride(ObjectNode merged, SpecOverride o) {
        String key = o.key();
        String[] parts = key.split("\\.", -1);
        ObjectNode node = merged;
        StringBuilder at = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            JsonNode child = node.get(parts[i]);
            at.append(i == 0 ? "" : ".").append(parts[i]);
            if (child == null) {
                throw new UserInputException(o.flag() + ": unknown key '" + at + "' (known here: " + keys(node) + ")");
            }
            if (i < parts.length - 1) {
                if (!child.isObject()) {
                    throw new UserInputException(o.flag() + ": '" + at + "' is not a section");
                }
                node = (ObjectNode) child;
            } else if (child.isObject()) {
                throw new UserInputException(o.flag() + ": '" + at + "' is a section; set one of " + keys(child));
            } else {
                node.set(parts[i], o.value());
            }
        }
    }

    private static String keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return String.join(", ", out);
    }
}
