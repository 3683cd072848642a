package org.layerlab.bench;

import java.nio.file.Path;
import java.util.Locale;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.progress.Progress;
import org.layerlab.run.RunDirectory;
import org.layerlab.spec.AnalysisSpec;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.study.StudySession;

/**
 * Benchmark (not a test): the analysis of a trained run with prefix sharing against the naive path
 * that recomputes the whole network for every variant. Prints both wall times, the speed-up, and
 * whether the two robustness tables are identical (they must be).
 *
 * <p>Usage: {@code bench/run AnalysisSpeed <run folder>} (e.g. runs/vgg11-cifar10-w4 after training).
 */
public final class AnalysisSpeed {
    private AnalysisSpeed() {}

    public static void main(String[] args) {
        RunDirectory run = RunDirectory.existing(Path.of(args[0]));
        ExperimentSpec spec = SpecLoader.readResolved(run.spec());
        AnalysisSpec a = spec.analysis();
        AnalysisSpec shared = a.withSharePrefix(true);
        AnalysisSpec naive = a.withSharePrefix(false);
        try (StudySession session = StudySession.open(spec, Progress.SILENT)) {
            // Warm up the engine once so neither timing pays for first-call costs.
            session.measure(run, shared, Progress.SILENT);
            AnalysisResult s = session.measure(run, shared, Progress.SILENT);
            AnalysisResult n = session.measure(run, naive, Progress.SILENT);
            boolean same = s.robustness().equals(n.robustness());
            System.out.printf(
                    Locale.ROOT,
                    "run %s: %d rows x %d columns, %d test images%n",
                    run.root(),
                    s.robustness().rows().size(),
                    s.robustness().columns().size(),
                    s.testSize());
            System.out.printf(
                    Locale.ROOT,
                    "shared prefix: %.2f s%nnaive:         %.2f s%nspeed-up:      %.2fx%nidentical robustness tables: %s%n",
                    s.seconds(),
                    n.seconds(),
                    n.seconds() / s.seconds(),
                    same);
        }
    }
}
