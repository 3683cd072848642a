package org.layerlab.engine;

import ai.djl.nn.Block;
import java.util.List;
import java.util.Set;
import org.layerlab.error.UserInputException;
import org.layerlab.metric.Metric;
import org.layerlab.spec.ModelSpec;

/**
 * One family of networks ({@code model.arch}), in one place: which model keys it reads, how it checks
 * them against the data and fills its defaults, its size before anything is built, and how it builds
 * its stages while naming its units and their tensors' initializers. Adding a family is adding a
 * subclass and listing it in {@link Architectures}.
 *
 * <p>A network is a chain of stages; each unit's tensors live in the stages from its own on, so the
 * analysis can reuse the activations entering a unit's first stage for all of its variants.
 */
public abstract class Architecture {

    /** The value of {@code model.arch}. */
    public abstract String id();

    /**
     * The {@code model.*} keys this family reads, besides {@code arch} and {@code init}; any other model
     * key must stay at its default (Architectures.resolve says so in the user's words).
     */
    public abstract Set<String> keys();

    /** What the network's outputs are scored by; classifiers by their error. */
    public Metric metric() {
        return Metric.ERROR;
    }

    /** Whether the family takes token ids (a language model) rather than pixels. */
    public boolean takesTokens() {
        return false;
    }

    /**
     * The spec with this family's defaults filled in, checked against the data (e.g. a patch size that
     * divides the image); bad input otherwise, naming the key, the value and what is allowed.
     */
    public abstract ModelSpec resolve(ModelSpec spec, DataShape data);

    /** What {@link #build} would make of a resolved spec, worked out without building anything. */
    public abstract Footprint footprint(ModelSpec spec, DataShape data);

    /** The scheme of the dense/conv helpers of the layout recorder; null where every tensor names its own. */
    org.layerlab.init.InitScheme scheme(ModelSpec spec) {
        return org.layerlab.init.InitScheme.fromId(spec.init());
    }

    /** Logs what the user should know about this spec on this device; nothing by default. */
    void warn(ModelSpec spec, ai.djl.Device device) {}

    /** The stages of the network for a resolved spec, each tensor registered with {@code rec}. */
    abstract List<Block> build(ModelSpec spec, DataShape data, LayoutRecorder rec);

    /** Bad input about one model key: {@code model.<key>: <problem>}. */
    static UserInputException bad(String key, String problem) {
        return new UserInputException("model." + key + ": " + problem);
    }

    static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw bad(key, problem);
        }
    }
}
