package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerlab.progress.Progress;
import org.layerlab.snapshot.Tensor;
import org.layerlab.train.BatchSource;

/**
 * Test error of a network and of perturbed variants of it, on the full test set in inference mode,
 * one batch at a time so activation memory stays bounded by the batch size. (The replacement tensors
 * of the rows passed in are put on the device once, up front; the analysis passes its grid in chunks
 * of bounded size.)
 */
public final class Evaluator {
    private Evaluator() {}

    /** Misclassified test examples with the network's current weights. */
    public static long countErrors(Network net, BatchSource test, int batchSize) {
        return countErrors(net, new Batches(test, batchSize), Batches.identity(test.size()));
    }

    /**
     * {@code batches} is passed in so that a loop over variants reuses one set of direct buffers: each
     * new one is native memory that only a garbage collection gives back.
     */
    private static long countErrors(Network net, Batches batches, int[] order) {
        long[] wrong = {0};
        batches.forEach(net.manager(), order, null, (x, y, count) -> wrong[0] += wrong(net.forward(x, false), y));
        return wrong[0];
    }

    /**
     * Misclassified test examples for every variant of every row, starting from the network's current
     * (trained) weights, which are restored afterwards.
     *
     * <p>With {@code sharePrefix}, each test batch is pushed through the trained network once; the
     * activations entering a row's first stage are reused for all of that row's variants, so the
     * unchanged prefix is never recomputed. Without it, every variant runs the whole network — kept
     * as the check that sharing changes nothing.
     *
     * @return errors[row][variant]
     */
    public static long[][] gridErrors(
            Network net,
            BatchSource test,
            int batchSize,
            List<VariantRow> rows,
            boolean sharePrefix,
            Progress.Task task) {
        long[][] errors = new long[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            errors[r] = new long[rows.get(r).variants().size()];
        }
        try (NDManager held = net.manager().newSubManager()) {
            List<List<Map<String, NDArray>>> variants = materialize(held, rows);
            List<Map<String, NDArray>> originals = originals(held, net, rows);
            Batches batches = new Batches(test, batchSize);
            int[] order = Batches.identity(test.size());
            List<Integer> byStage = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                byStage.add(r);
            }
            byStage.sort(Comparator.comparingInt(r -> rows.get(r).startStage()));
            if (sharePrefix) {
                batches.forEach(net.manager(), order, null, (x, y, count) -> {
                    NDArray h = x;
                    int at = 0;
                    for (int r : byStage) {
                        int start = rows.get(r).startStage();
                        h = net.forward(at, start, h, false);
                        at = start;
                        for (int v = 0; v < errors[r].length; v++) {
                            errors[r][v] += suffixErrors(net, variants.get(r).get(v), h, y, start);
                            task.step(count);
                        }
                        net.loadArrays(originals.get(r));
                    }
                });
            } else {
                for (int r = 0; r < rows.size(); r++) {
                    for (int v = 0; v < errors[r].length; v++) {
                        net.loadArrays(variants.get(r).get(v));
                        errors[r][v] = countErrors(net, batches, order);
                        task.step(test.size());
                    }
                    net.loadArrays(originals.get(r));
                }
            }
        }
        return errors;
    }

    private static long suffixErrors(Network net, Map<String, NDArray> variant, NDArray h, NDArray y, int start) {
        net.loadArrays(variant);
        NDManager home = h.getManager();
        // Outputs attach to the input's manager; borrow h into a scratch manager so each variant's
        // activations are freed as soon as it is counted.
        try (NDManager scratch = home.newSubManager()) {
            h.tempAttach(scratch);
            return wrong(net.forward(start, net.numStages(), h, false), y);
        }
    }

    private static long wrong(NDArray logits, NDArray labels) {
        return labels.size() - logits.argMax(1).eq(labels).sum().getLong();
    }

    private static List<List<Map<String, NDArray>>> materialize(NDManager m, List<VariantRow> rows) {
        List<List<Map<String, NDArray>>> out = new ArrayList<>();
        for (VariantRow row : rows) {
            List<Map<String, NDArray>> vs = new ArrayList<>();
            for (Map<String, Tensor> variant : row.variants()) {
                Map<String, NDArray> arrays = new LinkedHashMap<>();
                variant.forEach((name, t) -> arrays.put(
                        name, m.create(t.data(), new ai.djl.ndarray.types.Shape(Network.toLong(t.shape())))));
                vs.add(arrays);
            }
            out.add(vs);
        }
        return out;
    }

    private static List<Map<String, NDArray>> originals(NDManager m, Network net, List<VariantRow> rows) {
        List<Map<String, NDArray>> out = new ArrayList<>();
        for (VariantRow row : rows) {
            Map<String, NDArray> keep = new LinkedHashMap<>();
            for (Map<String, Tensor> variant : row.variants()) {
                for (String name : variant.keySet()) {
                    keep.computeIfAbsent(name, n -> {
                        NDArray copy = m.zeros(net.array(n).getShape());
                        copy.set(new NDIndex("..."), net.array(n));
                        return copy;
                    });
                }
            }
            out.add(keep);
        }
        return out;
    }
}
