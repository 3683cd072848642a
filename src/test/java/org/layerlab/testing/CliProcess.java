package org.layerlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI in a child JVM, for behaviour that hangs on the process environment ({@code LAYERLAB_DATA},
 * {@code LAYERLAB_CACHE}, {@code XDG_CACHE_HOME}, {@code LAYERLAB_MIRROR}) or on signals, which an
 * in-process run cannot set. The child sees only the variables given (plus {@code PATH}).
 */
public final class CliProcess {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code layerlab args} with {@code env} and extra JVM options (e.g. {@code -Dkey=value}). */
    public static CliProcess start(Path workDir, Map<String, String> env, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A short-lived child: the quick JIT and a small heap start faster on a shared 2-core machine.
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xmx512m", "-Dai.djl.offline=true"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.layerlab.cli.Main"));
        cmd.addAll(List.of(args));
        try {
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, "stdout", ".txt");
            Path err = Files.createTempFile(workDir, "stderr", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(workDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            pb.environment().putAll(env);
            return new CliProcess(pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends SIGINT, as Ctrl-C in a terminal does; or SIGTERM where SIGINT cannot reach a Java child: a background
     * job of a non-interactive shell (nohup, a CI script's {@code &}) starts with SIGINT ignored, its children
     * inherit that, and the JVM then installs no handler for it. Both signals run the JVM's shutdown hooks.
     */
    public void interrupt() throws IOException, InterruptedException {
        String signal = sigintIgnoredHere() ? "-TERM" : "-INT";
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    /** Whether this JVM was started with SIGINT ignored (bit 1 of SigIgn in /proc/self/status; Linux only). */
    static boolean sigintIgnoredHere() throws IOException {
        java.nio.file.Path status = java.nio.file.Path.of("/proc/self/status");
        if (!java.nio.file.Files.isReadable(status)) {
            return false;
        }
        for (String line : java.nio.file.Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(
                                        line.substring("SigIgn:".length()).trim(), 16)
                                & 0x2)
                        != 0;
            }
        }
        return false;
    }

    /** Waits for the exit code; kills the child and fails if it takes longer than {@code seconds}. */
    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("layerlab did not end within " + seconds + " s; stderr: " + err());
        }
        return process.exitValue();
    }

    public String out() {
        return read(stdout);
    }

    public String err() {
        return read(stderr);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
