package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerlab.metric.Score;
import org.layerlab.progress.Progress;
import org.layerlab.snapshot.Tensor;
import org.layerlab.train.BatchSource;

/**
 * Scores of a network and of perturbed variants of it on the full test set in inference mode (summed
 * cross-entropy and right predictions, from which each metric takes its value),
 * one batch at a time so activation memory stays bounded by the batch size. (The replacement tensors
 * of the rows passed in are put on the device once, up front; the analysis passes its grid in chunks
 * of bounded size.)
 */
public final class Evaluator {
    private Evaluator() {}

    /** The score of the network's current weights on the whole of {@code test}. */
    public static Score score(Network net, BatchSource test, int batchSize) {
        return score(net, new Batches(test, batchSize), Batches.identity(test.size()));
    }

    /**
     * {@code batches} is passed in so that a loop over variants reuses one set of direct buffers: each
     * new one is native memory that only a garbage collection gives back.
     */
    private static Score score(Network net, Batches batches, int[] order) {
        Score[] total = {Score.ZERO};
        AdaptiveThreads.loopStarts();
        batches.forEach(net.manager(), order, null, (x, y, count) -> {
            total[0] = total[0].plus(score(net.forward(x, false), y));
            AdaptiveThreads.batchDone(count);
        });
        return total[0];
    }

    /**
     * The score of every variant of every row, starting from the network's current
     * (trained) weights, which are restored afterwards.
     *
     * <p>With {@code sharePrefix}, each test batch is pushed through the trained network once; the
     * activations entering a row's first stage are reused for all of that row's variants, so the
     * unchanged prefix is never recomputed; the batch then runs on to the output once more, which
     * scores the trained network, and a variant whose {@link VariantRow#sources() source} is the trained
     * network or an earlier variant of its row takes that score instead of being measured again.
     * Without it, every variant runs the whole network — kept as the check that sharing changes nothing.
     *
     * @return scores[row][variant]
     */
    public static Score[][] gridScores(
            Network net,
            BatchSource test,
            int batchSize,
            List<VariantRow> rows,
            boolean sharePrefix,
            Progress.Task task) {
        return gridScores(net, test, batchSize, rows, sharePrefix, task, null);
    }

    /**
     * The same, also measuring {@code influence} (when not null) on the trained network in the same
     * pass over the test split.
     */
    public static Score[][] gridScores(
            Network net,
            BatchSource test,
            int batchSize,
            List<VariantRow> rows,
            boolean sharePrefix,
            Progress.Task task,
            BlockInfluence influence) {
        Score[][] scores = new Score[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            scores[r] = new Score[rows.get(r).columns()];
            java.util.Arrays.fill(scores[r], Score.ZERO);
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
                boolean wantTrained =
                        rows.stream().anyMatch(row -> row.sources().contains(VariantRow.TRAINED));
                Score[] trained = {Score.ZERO};
                AdaptiveThreads.loopStarts();
                batches.forEach(net.manager(), order, null, (x, y, count) -> {
                    NDArray h = x;
                    int at = 0;
                    for (int r : byStage) {
                        VariantRow row = rows.get(r);
                        int start = row.startStage();
                        h = advance(net, h, at, start, influence);
                        at = start;
                        for (int v = 0; v < row.variants().size(); v++) {
                            if (row.measured(v)) {
                                scores[r][v] = scores[r][v].plus(
                                        suffixScore(net, variants.get(r).get(v), h, y, start));
                            }
                            task.step(count);
                        }
                        net.loadArrays(originals.get(r));
                        if (row.removal()) {
                            int last = row.variants().size();
                            scores[r][last] = scores[r][last].plus(removalScore(net, h, y, start));
                            task.step(count);
                        }
                    }
                    if (wantTrained) {
                        trained[0] = trained[0].plus(score(advance(net, h, at, net.numStages(), influence), y));
                    } else if (influence != null) {
                        advance(net, h, at, influence.lastStage() + 1, influence);
                    }
                    AdaptiveThreads.batchDone(count);
                });
                for (int r = 0; r < rows.size(); r++) {
                    List<Integer> sources = rows.get(r).sources();
                    for (int v = 0; v < sources.size(); v++) {
                        int source = sources.get(v);
                        if (source != v) {
                            scores[r][v] = source == VariantRow.TRAINED ? trained[0] : scores[r][source];
                        }
                    }
                }
            } else {
                for (int r = 0; r < rows.size(); r++) {
                    VariantRow row = rows.get(r);
                    for (int v = 0; v < row.variants().size(); v++) {
                        net.loadArrays(variants.get(r).get(v));
                        scores[r][v] = score(net, batches, order);
                        task.step(test.size());
                    }
                    net.loadArrays(originals.get(r));
                    if (row.removal()) {
                        scores[r][row.variants().size()] = score(net, batches, order, row.startStage());
                        task.step(test.size());
                    }
                }
                if (influence != null) {
                    batches.forEach(
                            net.manager(),
                            order,
                            null,
                            (x, y, count) -> advance(net, x, 0, influence.lastStage() + 1, influence));
                }
            }
        }
        return scores;
    }

    /**
     * The trained network's activations entering stage {@code to}, from those entering {@code from}:
     * one stage at a time where a stage's Block Influence is measured, else in one go.
     */
    private static NDArray advance(Network net, NDArray h, int from, int to, BlockInfluence influence) {
        if (influence == null) {
            return net.forward(from, to, h, false);
        }
        NDArray x = h;
        for (int s = from; s < to; s++) {
            NDArray out = net.forward(s, s + 1, x, false);
            if (influence.wants(s)) {
                influence.add(s, x, out);
            }
            x = out;
        }
        return x;
    }

    private static Score removalScore(Network net, NDArray h, NDArray y, int start) {
        NDManager home = h.getManager();
        try (NDManager scratch = home.newSubManager()) {
            h.tempAttach(scratch);
            return score(net.forward(start, net.numStages(), h, false, start), y);
        }
    }

    private static Score score(Network net, Batches batches, int[] order, int skip) {
        Score[] total = {Score.ZERO};
        AdaptiveThreads.loopStarts();
        batches.forEach(net.manager(), order, null, (x, y, count) -> {
            total[0] = total[0].plus(score(net.forward(0, net.numStages(), x, false, skip), y));
            AdaptiveThreads.batchDone(count);
        });
        return total[0];
    }

    private static Score suffixScore(Network net, Map<String, NDArray> variant, NDArray h, NDArray y, int start) {
        net.loadArrays(variant);
        NDManager home = h.getManager();
        // Outputs attach to the input's manager; borrow h into a scratch manager so each variant's
        // activations are freed as soon as it is counted.
        try (NDManager scratch = home.newSubManager()) {
            h.tempAttach(scratch);
            return score(net.forward(start, net.numStages(), h, false), y);
        }
    }

    /**
     * One batch's score: logits (examples × classes, or examples × positions × vocabulary) against
     * targets (a class per example, or a token per position). The cross-entropy is summed in float32
     * by the engine per batch, then in double across batches.
     */
    static Score score(NDArray logits, NDArray targets) {
        long correct = logits.argMax(-1).eq(targets).sum().getLong();
        float loss;
        try (NDArray logp = logits.logSoftmax(-1);
                NDArray picked = logp.gather(targets.expandDims(-1), -1)) {
            loss = -picked.sum().getFloat();
        }
        return new Score(loss, correct, targets.size());
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
