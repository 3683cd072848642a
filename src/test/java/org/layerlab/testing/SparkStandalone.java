package org.layerlab.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: a master and workers, each its own JVM started from this
 * build's classpath with the Java options in src/main/spark/jvm-options, as {@code ./layerlab spark-master} and
 * {@code spark-worker} start them. The workers' SPARK_HOME has an empty jars/ folder: executors get their classpath
 * from the driver's spark.executor.extraClassPath (this build's classpath). {@link #close} kills everything.
 */
public final class SparkStandalone implements AutoCloseable {
    private static final Pattern MASTER_URL = Pattern.compile("(spark://127\\.0\\.0\\.1:\\d+)");

    private final Path home;
    private final Process master;
    private final String url;
    private final List<Process> workers = new ArrayList<>();
    private final StringBuffer log = new StringBuffer();

    private SparkStandalone(Path home, Process master, String url) {
        this.home = home;
        this.master = master;
        this.url = url;
    }

    /** Starts a master and waits (at most a minute) until it listens. */
    public static SparkStandalone start(Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(home.resolve("jars"));
        Process master = launch(
                home,
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--webui-port",
                "0");
        CompletableFuture<String> found = new CompletableFuture<>();
        SparkStandalone cluster = new SparkStandalone(home, master, null);
        cluster.drain(master, "master", line -> {
            Matcher m = MASTER_URL.matcher(line);
            if (line.contains("Starting Spark master at") && m.find()) {
                found.complete(m.group(1));
            }
        });
        try {
            String url = found.get(60, TimeUnit.SECONDS);
            SparkStandalone ready = new SparkStandalone(home, master, url);
            ready.log.append(cluster.log);
            return ready;
        } catch (Exception e) {
            master.destroyForcibly();
            throw new IllegalStateException("the Spark master did not start: " + cluster.log, e);
        }
    }

    public String url() {
        return url;
    }

    /** Starts a worker with {@code cores} cores and waits (at most a minute) until the master has it. */
    public Process addWorker(int cores) throws Exception {
        Path work = Files.createDirectories(home.resolve("work-" + workers.size()));
        Process w = launch(
                home,
                "org.apache.spark.deploy.worker.Worker",
                "--host",
                "127.0.0.1",
                "--cores",
                Integer.toString(cores),
                "--memory",
                "2g",
                "--webui-port",
                "0",
                "--work-dir",
                work.toString(),
                url);
        workers.add(w);
        CompletableFuture<Boolean> registered = new CompletableFuture<>();
        drain(w, "worker " + workers.size(), line -> {
            if (line.contains("Successfully registered with master")) {
                registered.complete(true);
            }
        });
        try {
            registered.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the Spark worker did not register: " + log, e);
        }
        return w;
    }

    public String log() {
        return log.toString();
    }

    private static Process launch(Path home, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // Their INFO lines say when they are up (the tests' simplelogger.properties says warn).
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "@" + Path.of("src", "main", "spark", "jvm-options").toAbsolutePath(),
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    /** Reads a daemon's output on a thread of its own (a full pipe would stop it), keeping the last of it. */
    private void drain(Process p, String who, java.util.function.Consumer<String> onLine) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            if (log.length() > 200_000) {
                                log.delete(0, 100_000);
                            }
                            log.append(who).append(": ").append(line).append('\n');
                            onLine.accept(line);
                        }
                    } catch (IOException e) {
                        // The daemon was killed.
                    }
                },
                "spark-" + who);
        t.setDaemon(true);
        t.start();
    }

    /** Kills the workers (and so their executors and studies), then the master. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : workers) {
            all.addAll(p.descendants().toList());
            all.add(p.toHandle());
        }
        all.addAll(master.descendants().toList());
        all.add(master.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new UncheckedIOException(new IOException("a Spark process did not end: " + h.pid()));
            }
        }
    }
}
