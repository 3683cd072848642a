package org.layerlab.sweep;

import java.util.List;

/**
 * What the driver hands a {@link SweepExecutor}: the runs still to do and how to run them.
 *
 * @param master a Spark master URL ({@code local[N,F]}, {@code spark://host:7077}, {@code yarn}, {@code k8s://...})
 * @param threads intra-op threads per study (Spark's spark.task.cpus)
 * @param retries attempts after a failed one (Spark's spark.task.maxFailures − 1)
 * @param classpath layerlab's classpath for executors (a path all nodes share), without Spark
 */
public record SweepJob(
        String name, String master, int threads, int retries, String classpath, List<RunRequest> requests) {
    public SweepJob {
        requests = List.copyOf(requests);
    }
}
