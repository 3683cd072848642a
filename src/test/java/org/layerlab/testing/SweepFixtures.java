package org.layerlab.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.layerlab.sweep.StudyThreads;

/** Tiny sweeps for tests: 1-epoch FCN studies on 200 synthetic MNIST-shaped images, and ways to check their runs. */
public final class SweepFixtures {
    private SweepFixtures() {}

    /** depth {1, 2} × seeds {1, 2}: four studies of a few seconds each. */
    public static Path tinySweep(Path dir, Path data) {
        return write(dir.resolve("tiny.yaml"), """
                name: tiny
                base: fcn-mnist-quick
                set:
                  data.dir: %s
                  model.width: 16
                  train.epochs: 1
                  train.checkpoints: [0, 1]
                  train.lr_milestones: []
                grid:
                  model.depth: [1, 2]
                seeds: [1, 2]
                """.formatted(data));
    }

    public static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code layerlab study spec --out out} in its own JVM with the thread setting a sweep gives its studies. */
    public static void studyAlone(Path workDir, Path spec, Path out) throws InterruptedException {
        Map<String, String> env = new HashMap<>(StudyThreads.environment(1));
        List<String> args =
                new java.util.ArrayList<>(List.of("study", spec.toString(), "--out", out.toString(), "--quiet"));
        args.addAll(StudyThreads.studyArguments(1));
        CliProcess p = CliProcess.start(workDir, env, StudyThreads.jvmOptions(1), args.toArray(String[]::new));
        int code = p.waitFor(120);
        assertEquals(0, code, "layerlab study " + spec + ": " + p.err());
    }

    /** Everything a study computes, byte for byte (the train log without its wall times). */
    public static void assertSameResults(Path expected, Path actual) throws IOException {
        for (String f : List.of("spec.yaml", "robustness.csv", "verdicts.csv", "distances.csv", "rerandomize.csv")) {
            assertArrayEquals(
                    Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), actual + ": " + f);
        }
        List<String> ckpts = checkpoints(expected);
        assertEquals(ckpts, checkpoints(actual), actual + ": checkpoint files");
        for (String c : ckpts) {
            assertArrayEquals(
                    Files.readAllBytes(expected.resolve("checkpoints").resolve(c)),
                    Files.readAllBytes(actual.resolve("checkpoints").resolve(c)),
                    actual + ": checkpoints/" + c);
        }
        assertEquals(testErrors(expected), testErrors(actual), actual + ": train-log.csv test errors");
        assertTrue(Files.isRegularFile(actual.resolve("report.html")), actual + ": report.html");
    }

    private static List<String> checkpoints(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("epoch-"))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> testErrors(Path run) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("train-log.csv"))) {
            String[] f = line.split(",", -1);
            out.add(f[0] + "," + f[4]);
        }
        return out;
    }

    /**
     * The process holding the run folder's lock, from the kernel's lock table: the study working on it. (Not by
     * command line: the JDK does not always read a long one.)
     */
    public static Optional<ProcessHandle> studyOf(Path run) {
        Path lock = run.resolve("layerlab.lock");
        try {
            if (!Files.exists(lock)) {
                return Optional.empty();
            }
            long inode = ((Number) Files.getAttribute(lock, "unix:ino")).longValue();
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                String[] w = line.trim().split("\\s+");
                if (w.length >= 6 && w[5].endsWith(":" + inode) && !w[4].equals("-1")) {
                    return ProcessHandle.of(Long.parseLong(w[4]));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the run folder is being created or cleared right now
        }
    }

    /** Lines of a run's sweep log that start an attempt. */
    public static long attempts(Path log) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.startsWith("== ") && l.contains(" attempt ") && l.contains(" on ") && l.contains(": "))
                .filter(l -> l.contains("org.layerlab.cli.Main study"))
                .count();
    }

    /** Every study log of a sweep folder, for a failure message: what a failed attempt printed. */
    public static String logs(Path sweep) {
        StringBuilder out = new StringBuilder();
        try (var files = java.nio.file.Files.walk(sweep.resolve("logs"))) {
            for (Path f :
                    files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                out.append("== ")
                        .append(f)
                        .append('\n')
                        .append(java.nio.file.Files.readString(f))
                        .append('\n');
            }
        } catch (java.io.IOException e) {
            out.append("(logs unreadable: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }
}
