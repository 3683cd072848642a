package org.layerlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.layerlab.cli.Main;
import org.layerlab.sweep.PlannedRun;
import org.layerlab.sweep.RunRequest;
import org.layerlab.sweep.StudyLauncher;
import org.layerlab.sweep.StudyThreads;
import org.layerlab.sweep.SweepDriver;
import org.layerlab.sweep.SweepFile;
import org.layerlab.sweep.SweepFolder;
import org.layerlab.sweep.SweepPlanner;

/**
 * Benchmark (not a test): what the Spark path costs. The same 4 quick studies (fcn-mnist-quick, seeds 1-4, real
 * MNIST) are run three ways, each in fresh folders:
 *
 * <ol>
 *   <li>one after another with 'layerlab study', 2 intra-op threads each (the baseline);
 *   <li>as a sweep on embedded Spark, one at a time with 2 threads ({@code --threads-per-run 2}): the sweep's
 *       overhead against the baseline (goal: at most 10 %);
 *   <li>as a sweep on embedded Spark, two at a time with 1 thread each (the default on 2 cores): the speed-up.
 * </ol>
 *
 * {@code bench/run SweepOverhead [preset]} (LAYERLAB_DATA must hold MNIST); about 3 minutes on 2 cores.
 */
public final class SweepOverhead {
    private SweepOverhead() {}

    public static void main(String[] args) throws Exception {
        String preset = args.length > 0 ? args[0] : "fcn-mnist-quick";
        Path work = Files.createTempDirectory("layerlab-sweep-bench-");
        try {
            Path sweep = work.resolve("bench.yaml");
            Files.writeString(sweep, "name: bench\nbase: " + preset + "\nseeds: [1, 2, 3, 4]\n");

            // 1. One after another, 2 threads each, with the exact command a sweep task runs.
            SweepPlanner.Planned planned = SweepPlanner.plan(SweepFile.load(sweep.toString()), List.of());
            long t0 = System.nanoTime();
            try (SweepFolder folder =
                    SweepFolder.prepare(work.resolve("sequential"), planned.plan(), planned.specs())) {
                for (PlannedRun r : planned.plan().runs()) {
                    RunRequest req = new RunRequest(
                            folder.root().toString(),
                            r.id(),
                            r.shortId(),
                            r.name(),
                            folder.runDir(r).toString(),
                            folder.specFile(r).toString(),
                            2,
                            SweepDriver.childClasspath(),
                            List.of(),
                            SweepDriver.LEASE_MILLIS);
                    ProcessBuilder pb = new ProcessBuilder(StudyLauncher.command(req)).inheritIO();
                    pb.environment().putAll(StudyThreads.environment(2));
                    int code = pb.start().waitFor();
                    if (code != 0) {
                        throw new IllegalStateException(r.name() + ": exit " + code);
                    }
                }
            }
            double sequential = (System.nanoTime() - t0) / 1e9;

            double oneAtATime = sweep(sweep, work.resolve("spark-1x2"), "--threads-per-run", "2");
            double twoAtATime = sweep(sweep, work.resolve("spark-2x1"), "--threads-per-run", "1");

            System.out.printf(
                    Locale.ROOT,
                    "4 x %s on %d cores%n",
                    preset,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "one after another, 2 threads each (layerlab study): %7.1f s%n", sequential);
            System.out.printf(
                    Locale.ROOT,
                    "sweep on Spark, one at a time x 2 threads:          %7.1f s  overhead %+.1f %% (goal <= 10 %%)%n",
                    oneAtATime,
                    100 * (oneAtATime - sequential) / sequential);
            System.out.printf(
                    Locale.ROOT,
                    "sweep on Spark, local[2] x 1 thread:                %7.1f s  %.2fx the one-at-a-time x 2 threads"
                            + " sweep, %.2fx the sequential studies%n",
                    twoAtATime,
                    oneAtATime / twoAtATime,
                    sequential / twoAtATime);
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A temp folder left behind is harmless.
            }
        }
    }

    /** Wall time of a whole 'layerlab sweep' (Spark start, the studies, the summary and report). */
    private static double sweep(Path sweep, Path out, String... options) {
        String[] args = Stream.concat(
                        Stream.of("sweep", sweep.toString(), "--out", out.toString(), "--quiet"), Stream.of(options))
                .toArray(String[]::new);
        long t0 = System.nanoTime();
        int code = Main.run(args);
        if (code != 0) {
            throw new IllegalStateException("sweep " + String.join(" ", options) + ": exit " + code);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
