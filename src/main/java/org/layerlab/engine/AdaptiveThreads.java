package org.layerlab.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The analysis's thread count, chosen as it goes. Evaluation gives the same numbers at any count
 * (ThreadCountTest checks the logits bit for bit), so unlike training it may follow the machine's load:
 * each pass over the test split times its batches, tries the other counts on a batch each, keeps the
 * fastest, and tries again when batches get 1.5× slower than they were (another program started) or
 * every two minutes while it runs on fewer threads than it could (that program may have ended). Every
 * batch counts: trying a count costs no extra work, only that batch's speed.
 *
 * <p>Evaluation loops report to it through {@link #loopStarts()} and {@link #batchDone(long)}; outside an
 * adaptive phase (training, a fixed count) both do nothing.
 */
public final class AdaptiveThreads {
    /** A count within this factor of the fastest is as good; the fewest such threads are kept. */
    static final double TIE = 1.03;

    private static final double SLOWER = 1.5;
    private static final long RECHECK_NANOS = 120_000_000_000L;
    private static AdaptiveThreads active;

    private final List<Integer> candidates;
    private final java.util.function.LongSupplier clock;
    private final Map<Integer, Long> batches = new TreeMap<>();
    /** ns per example of each count in the last finished round of tries: one loop's batches, so comparable. */
    private final Map<Integer, Double> lastRound = new TreeMap<>();

    private int explorations;
    /** While trying counts: those still to try, in order; null when settled. */
    private java.util.ArrayDeque<Integer> toTry;
    /** Per count tried in the current round, ns per example. */
    private final Map<Integer, Double> tried = new TreeMap<>();
    /** ns per example of the settled count in the current loop (its fastest batch), NaN before one. */
    private double reference = Double.NaN;

    private int slowBatches;
    private long batchStart;
    private boolean warmUp;
    private long settledAt;

    private AdaptiveThreads(List<Integer> candidates, java.util.function.LongSupplier clock) {
        this.candidates = List.copyOf(candidates);
        this.clock = clock;
    }

    /** Starts choosing among {@code candidates} (ascending) as evaluation goes; the first loop explores. */
    public static void adaptive(List<Integer> candidates) {
        adaptive(candidates, System::nanoTime);
    }

    /** The same with another clock (nanoseconds), for tests. */
    static void adaptive(List<Integer> candidates, java.util.function.LongSupplier clock) {
        AdaptiveThreads a = new AdaptiveThreads(candidates, clock);
        a.settledAt = clock.getAsLong();
        a.explore();
        active = a;
    }

    /** A fixed count from now on (training, or an explicit setting): no adapting. */
    public static void fixed(int threads) {
        active = null;
        Threads.use(threads);
    }

    /** What the adaptive phase did, for provenance; empty outside one. */
    public static Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        AdaptiveThreads a = active;
        if (a == null) {
            return out;
        }
        out.put("candidates", a.candidates);
        Map<String, Long> byCount = new LinkedHashMap<>();
        a.batches.forEach((k, v) -> byCount.put(Integer.toString(k), v));
        out.put("batches_by_threads", byCount);
        out.put("explorations", a.explorations);
        Map<String, Double> speed = new LinkedHashMap<>();
        a.lastRound.forEach((k, v) -> speed.put(Integer.toString(k), Math.round(v / 10.0) / 100.0));
        out.put("last_trial_us_per_example", speed);
        return out;
    }

    /** Ends the adaptive phase (the count stays as it is). */
    public static void stop() {
        active = null;
    }

    /** A loop over the test split begins: its batches may do other work per example than the last loop's. */
    static void loopStarts() {
        AdaptiveThreads a = active;
        if (a != null) {
            if (a.toTry != null) {
                // Timings of different loops are not comparable: a round of tries starts over.
                a.explorations--;
                a.explore();
            }
            a.reference = Double.NaN;
            a.slowBatches = 0;
            a.warmUp = true;
            a.batchStart = a.clock.getAsLong();
        }
    }

    /** A batch of {@code examples} examples is done. */
    static void batchDone(long examples) {
        AdaptiveThreads a = active;
        if (a != null && examples > 0) {
            a.done(examples);
        }
    }

    private void done(long examples) {
        long now = clock.getAsLong();
        double perExample = (now - batchStart) / (double) examples;
        int current = Threads.current();
        batches.merge(current, 1L, Long::sum);
        if (warmUp) {
            // A loop's first batch allocates its buffers and the engine's kernels: not a fair timing.
            warmUp = false;
        } else if (toTry != null) {
            tried.put(current, perExample);
            if (toTry.isEmpty()) {
                settle();
            } else {
                Threads.use(toTry.poll());
            }
        } else {
            if (Double.isNaN(reference) || perExample < reference) {
                reference = perExample;
                slowBatches = 0;
            } else if (perExample > SLOWER * reference) {
                slowBatches++;
            } else {
                slowBatches = 0;
            }
            boolean mayGainThreads = current < candidates.get(candidates.size() - 1);
            if (slowBatches >= 2 || (mayGainThreads && now - settledAt > RECHECK_NANOS)) {
                explore();
            }
        }
        batchStart = clock.getAsLong();
    }

    /** Tries every count for a batch, starting with the current one. */
    private void explore() {
        explorations++;
        tried.clear();
        int current = Threads.current();
        toTry = new java.util.ArrayDeque<>();
        candidates.stream().filter(c -> c != current).forEach(toTry::add);
        if (!candidates.contains(current)) {
            Threads.use(toTry.poll());
        }
    }

    private void settle() {
        int best = pick(tried);
        lastRound.clear();
        lastRound.putAll(tried);
        toTry = null;
        reference = tried.get(best);
        slowBatches = 0;
        settledAt = clock.getAsLong();
        Threads.use(best);
    }

    /** The fewest threads whose time is within {@link #TIE} of the fastest. */
    static int pick(Map<Integer, Double> timeByCount) {
        double fastest = timeByCount.values().stream()
                .mapToDouble(Double::doubleValue)
                .min()
                .orElseThrow();
        return timeByCount.entrySet().stream()
                .filter(e -> e.getValue() <= TIE * fastest)
                .mapToInt(Map.Entry::getKey)
                .min()
                .orElseThrow();
    }
}
