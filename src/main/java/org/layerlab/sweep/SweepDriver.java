package org.layerlab.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.layerlab.error.UserInputException;

/**
 * The driver's side of {@code layerlab sweep}: which runs are still to do, how each is launched, and handing them
 * to the {@link SweepExecutor}. A sweep whose runs are all complete launches nothing (and starts no Spark).
 */
public final class SweepDriver {
    /** A lease lasts this long without renewal; a holder renews it every third of it. */
    public static final long LEASE_MILLIS = 60_000;

    private SweepDriver() {}

    /**
     * @param master a Spark master URL, or null for the default: spark-submit's, else embedded {@code local}
     * @param threads intra-op threads per study
     * @param retries attempts after a failed one
     */
    public record Options(String master, int threads, int retries) {
        public Options {
            if (threads < 1 || threads > 1024) {
                throw new UserInputException("--threads-per-run " + threads + ": must be from 1 to 1024");
            }
            if (retries < 0 || retries > 100) {
                throw new UserInputException("--retries " + retries + ": must be from 0 to 100");
            }
        }
    }

    /** What the driver did: the runs it handed out and how each ended (empty when nothing was left to do). */
    public record Result(String master, List<RunOutcome> outcomes) {}

    /** The master a sweep uses, checked before anything is written. */
    public static String master(Options o) {
        if (o.master() != null) {
            if (o.master().isBlank()) {
                throw new UserInputException(
                        "--master: empty; give a Spark master URL such as local[2] or" + " spark://host:7077");
            }
            return o.master();
        }
        String submitted = System.getProperty("spark.master");
        if (submitted != null && !submitted.isBlank()) {
            return submitted; // spark-submit --master
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (o.threads() > cores) {
            throw new UserInputException("--threads-per-run " + o.threads() + ": more than this machine's " + cores
                    + " cores (the default master runs here; give --master for a cluster)");
        }
        // local[N, F]: plain local[N] ignores spark.task.maxFailures and never retries a task.
        return "local[" + cores + "," + (o.retries() + 1) + "]";
    }

    public static Result run(SweepFolder folder, SweepPlan plan, Options o, String master) {
        List<RunRequest> requests = new ArrayList<>();
        String classpath = childClasspath();
        List<String> jvm = javaOptions();
        for (PlannedRun r : plan.runs()) {
            if (!folder.isDone(r)) {
                requests.add(new RunRequest(
                        folder.root().toString(),
                        r.id(),
                        r.shortId(),
                        r.name(),
                        folder.runDir(r).toString(),
                        folder.specFile(r).toString(),
                        o.threads(),
                        classpath,
                        jvm,
                        LEASE_MILLIS));
            }
        }
        if (requests.isEmpty()) {
            return new Result(master, List.of());
        }
        SweepExecutor executor = SweepExecutor.load();
        Thread cancel = new Thread(executor::cancel, "layerlab-cancel-sweep");
        Runtime.getRuntime().addShutdownHook(cancel);
        try {
            List<RunOutcome> outcomes =
                    executor.run(new SweepJob(plan.name(), master, o.threads(), o.retries(), classpath, requests));
            for (RunOutcome out : outcomes) {
                if (out.state() == RunOutcome.State.FAILED) {
                    recordGiveUp(folder, plan.run(out.id()), out);
                }
            }
            return new Result(master, outcomes);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancel);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs or has run.
            }
        }
    }

    /**
     * A run Spark gave up on (its executor lost each time, say) may have no failure record of its own attempt;
     * the driver's reason is kept then.
     */
    private static void recordGiveUp(SweepFolder folder, PlannedRun r, RunOutcome out) {
        if (SweepStatus.failure(folder.status(r)).isEmpty()) {
            SweepFolder.write(
                    folder.status(r),
                    new StudyLauncher.Failure(
                            "failed",
                            out.exitCode(),
                            out.retryable(),
                            out.reason(),
                            out.tail(),
                            out.attempt(),
                            Hosts.name(),
                            java.time.Instant.now().toString()));
        }
    }

    /**
     * The classpath of a study's JVM: {@code LAYERLAB_CLASSPATH} if set; else layerlab's jar when running from it
     * (its manifest lists lib/, and Spark is not there); else (tests, an IDE) this JVM's classpath. On a cluster it
     * must name a path every node sees.
     */
    public static String childClasspath() {
        String env = System.getenv("LAYERLAB_CLASSPATH");
        if (env != null && !env.isBlank()) {
            return absolute(env);
        }
        try {
            Path source = Path.of(SweepDriver.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (source.toString().endsWith(".jar")) {
                return source.toAbsolutePath().toString();
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // Fall back to this JVM's classpath.
        }
        return absolute(System.getProperty("java.class.path"));
    }

    /**
     * A classpath with every entry made absolute: a study's JVM starts in the sweep folder, where entries
     * relative to the driver's working directory (target/classes, lib/*) would name nothing.
     */
    static String absolute(String classpath) {
        List<String> out = new ArrayList<>();
        for (String entry : classpath.split(java.util.regex.Pattern.quote(java.io.File.pathSeparator))) {
            if (entry.isEmpty()) {
                continue;
            }
            boolean wildcard = entry.equals("*") || entry.endsWith(java.io.File.separator + "*");
            Path p = Path.of(wildcard ? entry.substring(0, entry.length() - 1) + "." : entry)
                    .toAbsolutePath()
                    .normalize();
            out.add(wildcard ? p.resolve("*").toString() : p.toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    /** LAYERLAB_JAVA_OPTS, which the launcher gives layerlab's own JVM, go to every study's JVM too. */
    static List<String> javaOptions() {
        String opts = System.getenv("LAYERLAB_JAVA_OPTS");
        if (opts == null || opts.isBlank()) {
            return List.of();
        }
        return Arrays.stream(opts.trim().split("\\s+"))
                .filter(o -> !o.startsWith("-Dspark."))
                .toList();
    }
}
