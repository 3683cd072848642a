package org.layerlab.engine;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.ModelSpec;
import org.layerlab.spec.SpecLoader;

/** Every architecture family layerlab can build, and the resolution of a model spec against the data. */
public final class Architectures {
    private static final List<Architecture> ALL = List.of(
            new FcnArchitecture(),
            new VggArchitecture(),
            new ResnetArchitecture(),
            new VitArchitecture(),
            new MixerArchitecture(),
            new TransformerLmArchitecture());

    private Architectures() {}

    public static List<String> ids() {
        return ALL.stream().map(Architecture::id).toList();
    }

    public static Architecture of(String id) {
        for (Architecture a : ALL) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        throw new UserInputException(
                "model.arch: unknown architecture '" + id + "' (choose " + String.join(", ", ids()) + ")");
    }

    /**
     * The spec as its family completes it for this data: the family's defaults filled in, its keys
     * checked against the data, the keys of other families refused unless left at their defaults, and
     * the kind of input (pixels or tokens) matched. Idempotent: a resolved spec resolves to itself.
     */
    public static ModelSpec resolve(ModelSpec spec, DataShape data) {
        Architecture a = of(spec.arch());
        if (a.takesTokens() != data.tokens()) {
            throw new UserInputException("model.arch: " + a.id() + " takes " + (a.takesTokens() ? "text" : "images")
                    + ", but the data are " + data.describe() + " (choose "
                    + String.join(
                            ", ",
                            ALL.stream()
                                    .filter(o -> o.takesTokens() == data.tokens())
                                    .map(Architecture::id)
                                    .toList())
                    + " for this data, or another dataset)");
        }
        ModelSpec defaults = SpecLoader.defaultModel();
        for (RecordComponent c : ModelSpec.class.getRecordComponents()) {
            String key = snake(c.getName());
            // arch, init and remove apply to every family.
            if (key.equals("arch")
                    || key.equals("init")
                    || key.equals("remove")
                    || a.keys().contains(key)) {
                continue;
            }
            Object value = get(c, spec);
            // null leaves a key unspecified, like its default.
            if (value != null && !Objects.equals(value, get(c, defaults))) {
                throw new UserInputException("model." + key + ": " + value + " is set, but " + a.id()
                        + " does not use it (it applies to " + String.join(", ", readers(key)) + "); leave it out");
            }
        }
        return a.resolve(spec, data);
    }

    /** The families that read {@code key}, for messages. */
    private static List<String> readers(String key) {
        List<String> out = new ArrayList<>();
        for (Architecture a : ALL) {
            if (a.keys().contains(key)) {
                out.add(a.id());
            }
        }
        return out.isEmpty() ? List.of("no architecture") : out;
    }

    /** Every model key some family reads, for tests and documentation. */
    static Set<String> allKeys() {
        Set<String> out = new LinkedHashSet<>();
        ALL.forEach(a -> out.addAll(a.keys()));
        return out;
    }

    private static Object get(RecordComponent c, ModelSpec spec) {
        try {
            return c.getAccessor().invoke(spec);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code widthMultiplier} → {@code width_multiplier}, the spelling of the spec's keys. */
    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
