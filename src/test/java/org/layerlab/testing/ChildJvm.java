package org.layerlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of this build in a separate JVM, for what one process cannot show about itself: a
 * lock held by another process, a working folder of the test's choosing, a kill -9.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** What a finished child printed, and its exit code. */
    public record Result(int code, String out, String err) {}

    public static Process start(Path workingDir, String mainClass, String... args) {
        return start(workingDir, java.util.Map.of(), mainClass, args);
    }

    /** As {@link #start(Path, String, String...)}, with environment variables set, or removed where null. */
    public static Process start(Path workingDir, java.util.Map<String, String> env, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-Xmx1g",
                mainClass));
        cmd.addAll(List.of(args));
        try {
            // The classpath goes in CLASSPATH, not -cp: with Spark's jars on the test classpath it is tens of
            // kilobytes, and the JDK then reports a command line cut short, without the main class that a lock
            // holder's description names.
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDir.toFile());
            pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the layerlab CLI in {@code workingDir} to completion (at most two minutes). */
    public static Result cli(Path workingDir, String... args) {
        Process p = start(workingDir, "org.layerlab.cli.Main", args);
        try {
            p.getOutputStream().close();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("layerlab " + String.join(" ", args) + " did not finish in 2 minutes");
            }
            return new Result(p.exitValue(), new String(out), new String(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
