package org.layerlab.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.layerlab.random.Rng;
import org.layerlab.random.Seeds;
import org.layerlab.train.BatchSource;

/**
 * Chooses a training run's thread count by timing its own steps: forward and backward passes on one of
 * its training batches at each candidate count, in alternating order over several rounds (a shared
 * machine's speed drifts), and the fewest threads whose median is within 3 % of the fastest. A
 * training run's numbers depend on the count, so the run keeps this choice to its end (and on resume).
 *
 * @param threads the count chosen
 * @param msPerStep each candidate's median milliseconds per forward and backward pass
 * @param reason the choice in words, for provenance
 */
public record ThreadProbe(int threads, Map<Integer, Double> msPerStep, String reason) {
    /** A timing lasts at least this long (several steps of a small network). */
    private static final long SAMPLE_NANOS = 20_000_000L;

    private static final int ROUNDS = 5;
    /** After two rounds, stop once the probe has taken this long (a large network's steps take seconds). */
    private static final long BUDGET_NANOS = 10_000_000_000L;

    /**
     * Times {@code trainer}'s passes on the examples {@code batch} of {@code data} at each of
     * {@code candidates}, and leaves the engine at the count chosen. Run it before the run's weights are
     * loaded: BatchNorm running statistics move.
     *
     * @param runSeed the run's seed: when {@code data} augments, the probe batch's crops and flips are drawn
     *     from a source of their own derived from it, so the run's epochs draw exactly what they would without
     *     the probe
     */
    public static ThreadProbe training(
            EpochTrainer trainer, Network net, BatchSource data, int[] batch, List<Integer> candidates, long runSeed) {
        Map<Integer, List<Double>> samples = new TreeMap<>();
        candidates.forEach(c -> samples.put(c, new ArrayList<>()));
        Rng augment = Seeds.rng(runSeed, Seeds.AUGMENT, "thread-probe");
        new Batches(data, batch.length).forEach(net.manager(), batch, augment, (x, y, count) -> {
            long stepNanos = 1;
            for (int c : candidates) {
                // Untimed first pass at each count: buffers and the engine's kernels are set up.
                Threads.use(c);
                trainer.gradientPass(x, y);
                long t0 = System.nanoTime();
                trainer.gradientPass(x, y);
                stepNanos = Math.max(stepNanos, System.nanoTime() - t0);
            }
            int steps = (int) Math.max(1, Math.min(50, SAMPLE_NANOS / stepNanos));
            long start = System.nanoTime();
            for (int r = 0; r < ROUNDS && (r < 2 || System.nanoTime() - start < BUDGET_NANOS); r++) {
                List<Integer> order = new ArrayList<>(candidates);
                if (r % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (int c : order) {
                    Threads.use(c);
                    long t0 = System.nanoTime();
                    for (int s = 0; s < steps; s++) {
                        trainer.gradientPass(x, y);
                    }
                    samples.get(c).add((System.nanoTime() - t0) / 1e6 / steps);
                }
            }
        });
        Map<Integer, Double> medians = new LinkedHashMap<>();
        samples.forEach((c, v) -> medians.put(c, median(v)));
        int best = AdaptiveThreads.pick(medians);
        Threads.use(best);
        String timings = medians.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%d: %.3g ms", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        String reason = String.format(
                Locale.ROOT,
                "timed forward and backward passes on a training batch of %d at %s threads (median per pass: %s);"
                        + " the fewest threads within %d %% of the fastest",
                batch.length,
                candidates.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                timings,
                Math.round((AdaptiveThreads.TIE - 1) * 100));
        return new ThreadProbe(best, medians, reason);
    }

    private static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
