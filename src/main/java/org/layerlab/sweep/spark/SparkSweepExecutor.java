package org.layerlab.sweep.spark;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.layerlab.error.UserInputException;
import org.layerlab.sweep.RunOutcome;
import org.layerlab.sweep.RunRequest;
import org.layerlab.sweep.SweepExecutor;
import org.layerlab.sweep.SweepJob;

/**
 * Runs a sweep on Apache Spark: each study is a job of one task ({@link RunTask}), all submitted at once, so the
 * scheduler fills every free slot in plan order and a run whose attempts are used up fails its own job only, while
 * the others go on. Speculation stays off: a study must never run twice at once (the lease backs this up).
 *
 * <p>Spark settings given as system properties (e.g. by spark-submit, or {@code LAYERLAB_JAVA_OPTS=-Dspark.x=y})
 * are kept; the sweep sets only what it must: master, task CPUs (the study's threads), attempts, speculation off.
 */
public final class SparkSweepExecutor implements SweepExecutor {
    static final String GROUP = "layerlab-sweep";

    private volatile JavaSparkContext context;

    public SparkSweepExecutor() {}

    @Override
    public List<RunOutcome> run(SweepJob job) {
        SparkConf conf = conf(job);
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new UserInputException("--master " + job.master() + ": Spark did not start (" + message(e) + ")", e);
        }
        context = sc;
        try {
            sc.setJobGroup(GROUP, "layerlab sweep " + job.name(), true);
            List<JavaFutureAction<List<RunOutcome>>> jobs = new ArrayList<>();
            for (RunRequest r : job.requests()) {
                sc.setJobDescription(r.name());
                jobs.add(sc.parallelize(List.of(r), 1).map(new RunTask()).collectAsync());
            }
            List<RunOutcome> out = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                RunRequest r = job.requests().get(i);
                try {
                    out.add(jobs.get(i).get().get(0));
                } catch (ExecutionException e) {
                    out.add(new RunOutcome(
                            r.id(),
                            r.name(),
                            RunOutcome.State.FAILED,
                            -1,
                            true,
                            "gave up after " + (job.retries() + 1) + " attempts: " + message(e),
                            List.of(),
                            0,
                            ""));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancel();
                    throw new IllegalStateException("sweep interrupted", e);
                }
            }
            return out;
        } finally {
            context = null;
            sc.stop();
        }
    }

    static SparkConf conf(SweepJob job) {
        // true: spark.* system properties (spark-submit's --conf, LAYERLAB_JAVA_OPTS) are read first.
        SparkConf conf = new SparkConf(true);
        conf.setAppName("layerlab sweep " + job.name());
        conf.setMaster(job.master());
        conf.set("spark.task.cpus", Integer.toString(job.threads()));
        conf.set("spark.task.maxFailures", Integer.toString(job.retries() + 1));
        conf.set("spark.speculation", "false");
        // 'layerlab sweep status' is the sweep's view; the web UI would take a port on every driver.
        conf.setIfMissing("spark.ui.enabled", "false");
        if (loopback(job.master())) {
            // Nothing leaves this machine: no lookup of the host name, which can stall on a machine without DNS.
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (!job.master().startsWith("local")) {
            // Executors run RunTask from layerlab's own jar (on a path every node shares), next to Spark's jars.
            conf.setIfMissing("spark.executor.extraClassPath", job.classpath());
        }
        return conf;
    }

    private static boolean loopback(String master) {
        if (master.startsWith("local")) {
            return true;
        }
        try {
            String host = URI.create(master.split(",")[0]).getHost();
            return host != null && (host.equals("127.0.0.1") || host.equals("localhost"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void cancel() {
        JavaSparkContext sc = context;
        if (sc != null) {
            sc.cancelJobGroup(GROUP);
        }
    }

    /** The innermost message: Spark wraps the task's own failure in job and stage failures. */
    private static String message(Throwable e) {
        Throwable c = e;
        String m = String.valueOf(e.getMessage());
        while (c != null) {
            if (c.getMessage() != null) {
                m = c.getMessage();
            }
            c = c.getCause();
        }
        String first = m.strip().lines().findFirst().orElse(m);
        return first.length() <= 400 ? first : first.substring(0, 400) + "…";
    }
}
