package org.layerlab.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * Everything a task needs to run one study of a sweep, on whatever node it lands: plain strings, since it travels
 * to Spark executors. Paths are absolute and must mean the same on every node (a shared folder).
 *
 * @param sweepDir the sweep folder
 * @param runDir the study's run folder
 * @param specFile the study's resolved spec
 * @param threads intra-op threads of the study (Spark's spark.task.cpus)
 * @param classpath layerlab's classpath for the study's JVM (without Spark)
 * @param jvmOptions extra options for the study's JVM (LAYERLAB_JAVA_OPTS)
 * @param leaseMillis how long a lease holds without renewal
 */
public record RunRequest(
        String sweepDir,
        String id,
        String shortId,
        String name,
        String runDir,
        String specFile,
        int threads,
        String classpath,
        List<String> jvmOptions,
        long leaseMillis)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public RunRequest {
        jvmOptions = List.copyOf(jvmOptions);
    }
}
