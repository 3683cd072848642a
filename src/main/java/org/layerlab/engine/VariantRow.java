package org.layerlab.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.layerlab.snapshot.Tensor;

/**
 * One row of the study grid as the engine sees it: the first stage the row's tensors touch, the
 * replacement tensors of each variant (one per checkpoint τ or re-randomization draw), whether one
 * more variant removes the row's stage altogether (the identity in its place), and, per variant,
 * where its score can be read instead of measured ({@link #sources()}).
 */
public record VariantRow(int startStage, List<Map<String, Tensor>> variants, boolean removal, List<Integer> sources) {

    /** A variant whose tensors are the trained network's own: its score is the trained network's. */
    public static final int TRAINED = -1;

    public VariantRow {
        variants = List.copyOf(variants);
        sources = List.copyOf(sources);
        if (sources.size() != variants.size()) {
            throw new IllegalArgumentException(sources.size() + " sources for " + variants.size() + " variants");
        }
        for (int v = 0; v < sources.size(); v++) {
            int s = sources.get(v);
            if (s != v && s != TRAINED && (s < 0 || s > v || sources.get(s) != s)) {
                throw new IllegalArgumentException("variant " + v + " cannot take its score from " + s);
            }
        }
    }

    /** A row whose every variant is measured. */
    public VariantRow(int startStage, List<Map<String, Tensor>> variants, boolean removal) {
        this(startStage, variants, removal, measuredEach(variants.size()));
    }

    public VariantRow(int startStage, List<Map<String, Tensor>> variants) {
        this(startStage, variants, false);
    }

    /**
     * A row whose variants are compared with the trained values of its tensors and with each other, so
     * a variant equal to something already measured is measured once: re-initializing to the final
     * checkpoint τ is the trained model, and re-randomizing a unit whose initializer is deterministic
     * (LayerNorm scale 1 and shift 0, a zero head or class token) puts back exactly its τ = 0 values.
     */
    public static VariantRow sharing(
            int startStage, List<Map<String, Tensor>> variants, boolean removal, Map<String, Tensor> trained) {
        List<Integer> sources = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            Map<String, Tensor> variant = variants.get(v);
            int source = v;
            if (variant.equals(trained)) {
                source = TRAINED;
            } else {
                for (int k = 0; k < v; k++) {
                    if (sources.get(k) == k && variants.get(k).equals(variant)) {
                        source = k;
                        break;
                    }
                }
            }
            sources.add(source);
        }
        return new VariantRow(startStage, variants, removal, sources);
    }

    /** Variants measured: the replacements, then the removal when asked for. */
    public int columns() {
        return variants.size() + (removal ? 1 : 0);
    }

    /** Whether variant {@code v} is measured rather than read from another. */
    public boolean measured(int v) {
        return sources.get(v) == v;
    }

    private static List<Integer> measuredEach(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }
}
