package org.layerlab.sweep;

import java.util.List;
import org.layerlab.error.UserInputException;

/**
 * Runs a sweep's studies somewhere: Apache Spark ({@code org.layerlab.sweep.spark}), the only implementation. It is
 * loaded by name so that nothing outside that package refers to a Spark class: {@code study}, {@code train} and
 * {@code analyze}, and even the construction of the {@code sweep} command, never load Spark, which is on the
 * classpath of {@code sweep} alone.
 */
public interface SweepExecutor {
    String IMPLEMENTATION = "org.layerlab.sweep.spark.SparkSweepExecutor";

    /** Runs every request (each one study, each at most 1 + retries attempts); one outcome per request, in order. */
    List<RunOutcome> run(SweepJob job);

    /** Stops what is running (Ctrl-C); {@link #run} then returns or fails soon. */
    void cancel();

    static SweepExecutor load() {
        try {
            return (SweepExecutor)
                    Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new UserInputException("sweep: Apache Spark is not on the classpath; run sweeps with './layerlab"
                    + " sweep' (which adds target/spark/jars) or with spark-submit");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + IMPLEMENTATION, e);
        }
    }
}
