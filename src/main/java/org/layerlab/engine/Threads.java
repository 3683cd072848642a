package org.layerlab.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.TreeSet;
import org.layerlab.spec.TrainSpec;

/**
 * libtorch's intra-op thread count (its OpenMP pool, one per process), which layerlab sets itself
 * rather than leaving it at libtorch's default of one thread per core.
 *
 * <p>Why it matters: an OpenMP parallel region ends at a barrier that waits for every thread of the
 * pool. On a machine where one other program keeps a core busy, the scheduler parks one of our threads
 * for a whole time slice at a time, and every barrier waits for it: measured on this project's 2-core
 * machine, a ResNet epoch took 4× longer with 2 threads while one other thread ran, against about 1×
 * with 1 thread. Training results depend on the count (the kernels split their sums by thread), so a
 * training run keeps one count throughout; evaluation does not (ThreadCountTest), so the analysis may
 * change it as it goes (see {@link AdaptiveThreads}).
 *
 * <p>{@code omp_set_num_threads} applies to the calling thread: layerlab runs all of a network's work on
 * the thread that sets the count.
 */
public final class Threads {
    private static Integer engineDefault;

    private Threads() {}

    /**
     * The count libtorch chose by itself when it loaded (one per core, or {@code -Dai.djl.pytorch.num_threads}):
     * what every run used before layerlab chose the count.
     */
    public static synchronized int engineDefault() {
        if (engineDefault == null) {
            Engine.getInstance(); // loads libtorch, which sets its default
            engineDefault = JniUtils.getNumThreads();
        }
        return engineDefault;
    }

    /** The count in use now. */
    public static int current() {
        engineDefault();
        return JniUtils.getNumThreads();
    }

    /** Sets the count for the work this thread runs from now on. */
    public static void use(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads);
        }
        engineDefault();
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /**
     * A count set for the whole process, when the spec leaves it to layerlab: {@code -Dlayerlab.threads}
     * or else {@code LAYERLAB_THREADS}, a number or {@code auto} (threads 0: chosen by timing when a run
     * starts). Null when neither is set.
     *
     * @return the count and the name of the setting it comes from
     */
    public static Setting fromEnvironment() {
        String property = System.getProperty("layerlab.threads");
        if (property != null) {
            return Setting.parse(property, "layerlab.threads");
        }
        String env = System.getenv("LAYERLAB_THREADS");
        return env == null || env.isBlank() ? null : Setting.parse(env, "LAYERLAB_THREADS");
    }

    /** A thread count and the setting that gave it, e.g. {@code LAYERLAB_THREADS}. */
    public record Setting(int threads, String source) {
        /** {@code auto}: a count chosen by timing when a run starts. */
        public boolean byTiming() {
            return threads == 0;
        }

        static Setting parse(String text, String source) {
            String t = text.strip();
            if (t.equalsIgnoreCase("auto")) {
                return new Setting(0, source);
            }
            try {
                int n = Integer.parseInt(t);
                if (n >= 1 && n <= TrainSpec.MAX_THREADS) {
                    return new Setting(n, source);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new org.layerlab.error.UserInputException(source + ": must be a number of threads in 1.."
                    + TrainSpec.MAX_THREADS + " or auto, got '" + text + "'");
        }
    }

    /** The cores this process may use (a container's or taskset's limit included). */
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The counts an automatic choice compares: 1, the powers of two below the core count, and the core
     * count itself (1 and 2 on a 2-core machine; 1, 2, 4, 8, 12 on 12 cores).
     */
    public static List<Integer> candidates(int cores) {
        TreeSet<Integer> out = new TreeSet<>();
        for (int t = 1; t < cores; t *= 2) {
            out.add(t);
        }
        out.add(Math.max(1, cores));
        return List.copyOf(out);
    }
}
