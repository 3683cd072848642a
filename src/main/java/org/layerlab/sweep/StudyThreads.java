package org.layerlab.sweep;

import java.util.List;
import java.util.Map;

/**
 * How a study started by a sweep (a Spark task's child JVM, a Slurm array task) is given its number of
 * intra-op threads: the one place that says it, so that it can become a {@code study --threads T} flag.
 *
 * <p>libtorch sizes its intra-op pool once per process, from DJL's {@code ai.djl.pytorch.num_threads}; OpenMP and
 * MKL read their variables when they start. Two studies with one thread each on a 2-core machine then share it
 * without oversubscribing it.
 */
public final class StudyThreads {
    private StudyThreads() {}

    /** JVM options of the study's JVM. */
    public static List<String> jvmOptions(int threads) {
        return List.of("-Dai.djl.pytorch.num_threads=" + threads);
    }

    /** Environment variables of the study's process. */
    public static Map<String, String> environment(int threads) {
        return Map.of("OMP_NUM_THREADS", Integer.toString(threads), "MKL_NUM_THREADS", Integer.toString(threads));
    }

    /** Arguments of the study command itself (none yet). */
    public static List<String> studyArguments(int threads) {
        return List.of();
    }
}
