package org.layerlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.layerlab.error.UserInputException;
import org.layerlab.run.RunDirectory;
import org.layerlab.run.RunMarker;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.train.TrainingThreads;

/** Picks the run folder for study/train from --out, --force and --resume. */
final class RunFolders {
    private RunFolders() {}

    static RunDirectory open(SpecOptions options, ExperimentSpec spec) {
        Path out = options.out != null ? options.out : Path.of("runs", spec.name());
        if (options.resume && !Files.isRegularFile(out.resolve("spec.yaml"))) {
            throw new UserInputException(out + ": --resume given but there is no run here to resume");
        }
        if (!options.force || options.resume) {
            requireSameThreads(out, spec);
        }
        return RunDirectory.create(out, spec, options.force && !options.resume);
    }

    /**
     * A run resumes with the thread count it started with (its numbers depend on it): a spec that differs
     * from the run's only there gets a message that says so, rather than "a different spec".
     */
    private static void requireSameThreads(Path out, ExperimentSpec spec) {
        Path yaml = out.resolve("spec.yaml");
        if (!RunMarker.isRun(out) || !Files.isRegularFile(yaml)) {
            return;
        }
        ExperimentSpec recorded;
        try {
            recorded = SpecLoader.readResolved(yaml);
        } catch (UserInputException e) {
            return; // the run folder's own checks report it
        }
        Integer was = recorded.train().threads();
        Integer now = spec.train().threads();
        if (Objects.equals(was, now)
                || !recorded.equals(spec.withTrain(spec.train().withThreads(was)))) {
            return;
        }
        String fix;
        if (was == null || was == 0) {
            String count = TrainingThreads.read(out.resolve(TrainingThreads.FILE))
                    .map(t -> " (" + t.threads() + ", recorded in " + TrainingThreads.FILE + ")")
                    .orElse("");
            fix = "this run chose its thread count when it started" + count
                    + (was == null
                            ? "; run the command without --threads (and without train.threads)"
                            : "; give --threads 0 as it was started");
        } else {
            fix = "this run trains with train.threads=" + was + "; give --threads " + was;
        }
        throw new UserInputException(out + ": " + fix + ", since a run's numbers depend on its thread count; or start"
                + " a new run with --force or --out");
    }
}
