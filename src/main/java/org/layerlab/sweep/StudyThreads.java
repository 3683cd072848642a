package org.layerlab.sweep;

import java.util.List;
import java.util.Map;

/**
 * How a study started by a sweep (a Spark task's child JVM, a Slurm array task) is given its number of
 * intra-op threads: the one place that says it.
 *
 * <p>The study gets {@code --threads T}, which becomes its {@code train.threads} (recorded in its spec: a
 * training run's numbers depend on the count, so every attempt at a run uses the same) and the count of
 * its analysis. OpenMP and MKL also read their variables when they start, so their pools never grow
 * beyond T. Two studies with one thread each on a 2-core machine then share it without oversubscribing it.
 */
public final class StudyThreads {
    private StudyThreads() {}

    /** JVM options of the study's JVM (none: the study sets its count itself). */
    public static List<String> jvmOptions(int threads) {
        return List.of();
    }

    /** Environment variables of the study's process. */
    public static Map<String, String> environment(int threads) {
        return Map.of("OMP_NUM_THREADS", Integer.toString(threads), "MKL_NUM_THREADS", Integer.toString(threads));
    }

    /** Arguments of the study command itself. */
    public static List<String> studyArguments(int threads) {
        return List.of("--threads", Integer.toString(threads));
    }
}
