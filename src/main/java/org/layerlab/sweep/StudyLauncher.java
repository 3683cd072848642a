package org.layerlab.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.layerlab.run.RunLock;

/**
 * Runs one study of a sweep in a child JVM, {@code java -cp <layerlab> org.layerlab.cli.Main study <spec> --out
 * <run> --quiet}: one study per process, because DJL allows one gradient collector per process and libtorch's
 * thread pool is process-wide. This is what a Spark task does on its executor; it needs no Spark.
 *
 * <p>A complete run is skipped without launching anything. Otherwise the run's lease is taken (waiting while
 * another attempt holds it), the run folder's OS lock is waited for (an orphan of a killed executor may still be
 * stopping), and the study runs with its output appended to {@code logs/ID.log}; an interrupted study resumes from
 * its last checkpoint with the same numbers. A failed attempt leaves {@code status/ID.json} with its exit code and
 * the last lines of its log. Interrupting the calling thread (a cancelled Spark task) or ending this JVM ends the
 * study.
 */
public final class StudyLauncher {
    /** Lines of the log kept with a failure. */
    static final int TAIL_LINES = 12;
    /** How long an orphaned study from a killed executor may take to notice and let go of the run folder. */
    private static final long RUN_LOCK_WAIT_MILLIS = 30_000;

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(StudyLauncher::stopAll, "layerlab-stop-studies"));
        } catch (IllegalStateException shuttingDown) {
            // Nothing can be launched any more either.
        }
    }

    private StudyLauncher() {}

    /** What the last failed attempt of a run left in {@code status/ID.json}. */
    public record Failure(
            String state,
            int exitCode,
            boolean retryable,
            String reason,
            List<String> tail,
            String attempt,
            String host,
            String finished) {}

    /** The study's command line; {@code java} is this JVM's own launcher. */
    public static List<String> command(RunRequest r) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dai.djl.offline=true");
        cmd.addAll(StudyThreads.jvmOptions(r.threads()));
        cmd.addAll(r.jvmOptions());
        cmd.addAll(List.of("-cp", r.classpath(), "org.layerlab.cli.Main", "study", r.specFile()));
        cmd.addAll(List.of("--out", r.runDir(), "--quiet"));
        cmd.addAll(StudyThreads.studyArguments(r.threads()));
        return cmd;
    }

    /**
     * One attempt at the run.
     *
     * @param attempt how logs and status name this attempt (e.g. Spark's task attempt)
     */
    public static RunOutcome run(RunRequest r, String attempt) throws InterruptedException {
        Path sweep = Path.of(r.sweepDir());
        Path run = Path.of(r.runDir());
        if (SweepFolder.isComplete(run)) {
            return RunOutcome.skipped(r);
        }
        Path log = SweepFolder.logs(sweep, r.shortId());
        try (Lease lease = Lease.acquire(
                SweepFolder.leaseFile(sweep, r.shortId()),
                attempt,
                r.leaseMillis(),
                h -> note(
                        log,
                        "waiting for " + h.attempt() + " (pid " + h.pid() + " on " + h.host() + "), which holds"
                                + " this run's lease"))) {
            if (SweepFolder.isComplete(run)) {
                return RunOutcome.skipped(r); // the attempt we waited for finished it
            }
            awaitRunLock(run);
            return launch(r, attempt, sweep, run, log, lease);
        }
    }

    private static RunOutcome launch(RunRequest r, String attempt, Path sweep, Path run, Path log, Lease lease)
            throws InterruptedException {
        List<String> cmd = command(r);
        long offset = note(
                log,
                attempt + " on " + Hosts.name() + " (pid "
                        + ProcessHandle.current().pid() + "): " + String.join(" ", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(sweep.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(StudyThreads.environment(r.threads()));
        pb.environment().putAll(ParentWatch.environmentForChild());
        long started = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the study's JVM: " + cmd.get(0), e);
        }
        LIVE.add(p);
        AtomicBoolean lost = new AtomicBoolean();
        Thread heartbeat = new Thread(() -> renew(lease, p, lost), "layerlab-lease-" + r.shortId());
        heartbeat.setDaemon(true);
        heartbeat.start();
        int code;
        try {
            p.getOutputStream().close();
            code = p.waitFor();
        } catch (InterruptedException e) {
            stop(p);
            note(log, attempt + " cancelled: the study was stopped");
            throw e;
        } catch (IOException e) {
            code = p.waitFor();
        } finally {
            LIVE.remove(p);
            heartbeat.interrupt();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<String> tail = tail(log, offset);
        RunOutcome outcome = classify(r, attempt, code, lost.get(), SweepFolder.isComplete(run), tail, seconds);
        note(log, attempt + " ended: " + outcome.reason());
        Path status = SweepFolder.statusFile(sweep, r.shortId());
        if (outcome.state() == RunOutcome.State.FAILED) {
            SweepFolder.write(
                    status,
                    new Failure(
                            "failed",
                            code,
                            outcome.retryable(),
                            outcome.reason(),
                            tail,
                            attempt,
                            Hosts.name(),
                            Instant.now().toString()));
        } else {
            deleteQuietly(status);
        }
        return outcome;
    }

    static RunOutcome classify(
            RunRequest r,
            String attempt,
            int code,
            boolean lostLease,
            boolean complete,
            List<String> tail,
            double seconds) {
        if (lostLease) {
            return failed(r, attempt, code, true, "another attempt took over the run's lease", tail, seconds);
        }
        if (code == 0 && complete) {
            return new RunOutcome(
                    r.id(), r.name(), RunOutcome.State.DONE, 0, false, "done", List.of(), seconds, attempt);
        }
        if (code == 0) {
            return failed(r, attempt, 0, true, "the study exited 0 but its run has no report", tail, seconds);
        }
        boolean inUse = tail.stream().anyMatch(l -> l.contains("in use by another layerlab process"));
        if (code == 2 && !inUse) {
            String line = tail.stream()
                    .filter(l -> l.startsWith("layerlab: "))
                    .reduce((a, b) -> b)
                    .orElse("bad input");
            return failed(
                    r,
                    attempt,
                    2,
                    false,
                    "exit 2 (bad input): " + line.substring(line.indexOf(' ') + 1),
                    tail,
                    seconds);
        }
        String how = code > 128 && code < 160 ? "killed by signal " + (code - 128) : "exit " + code;
        return failed(r, attempt, code, true, how + (inUse ? " (run folder in use)" : ""), tail, seconds);
    }

    private static RunOutcome failed(
            RunRequest r, String attempt, int code, boolean retryable, String reason, List<String> tail, double s) {
        return new RunOutcome(r.id(), r.name(), RunOutcome.State.FAILED, code, retryable, reason, tail, s, attempt);
    }

    /** Renews the lease while the study runs; if another attempt has taken it, this one stops its study. */
    private static void renew(Lease lease, Process p, AtomicBoolean lost) {
        long period = Math.max(100, lease.ttlMillis() / 3);
        while (p.isAlive()) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            if (p.isAlive() && !lease.renew()) {
                lost.set(true);
                stop(p);
                return;
            }
        }
    }

    /**
     * Waits while another process holds the run folder's lock: after {@code kill -9} of an executor its study
     * notices within a second (ParentWatch) and exits. The lock is only tested, never kept: the study takes it.
     */
    private static void awaitRunLock(Path run) throws InterruptedException {
        Path f = run.resolve(RunLock.FILE);
        long deadline = System.currentTimeMillis() + RUN_LOCK_WAIT_MILLIS;
        while (Files.isRegularFile(f) && System.currentTimeMillis() < deadline) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                FileLock l = ch.tryLock();
                if (l != null) {
                    l.release();
                    return;
                }
            } catch (OverlappingFileLockException | IOException e) {
                return; // held in this JVM, or unreadable: the study itself says what is wrong
            }
            Thread.sleep(200);
        }
    }

    /** SIGTERM (the study deletes its partial files), then SIGKILL if it has not ended within 10 s. */
    static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void stopAll() {
        LIVE.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Process p : LIVE) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
    }

    /** Appends one line to the run's sweep log; returns the log's size after it. */
    private static long note(Path log, String line) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(
                    log,
                    "== " + Instant.now() + " " + line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException(log + ": cannot write the run's log", e);
        }
    }

    /** The last lines written to the log since {@code offset} (this attempt's output). */
    static List<String> tail(Path log, long offset) {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(offset, Files.size(log)));
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
            List<String> out = new ArrayList<>();
            for (String l : lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())) {
                out.add(l.length() <= 300 ? l : l.substring(0, 300) + "…");
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // A stale failure record is superseded by the run's report, which status checks first.
        }
    }
}
