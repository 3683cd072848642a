package org.layerlab.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.layerlab.checkpoint.CheckpointStore;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;

/**
 * A run's folder and the names of everything in it. Opening one for writing enforces the rule that
 * an existing run is never overwritten without {@code --force}, but is resumed when its spec is the
 * same and it is unfinished.
 */
public final class RunDirectory {
    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** An existing run, for analyze/report, which write into it: checked before any work is done. */
    public static RunDirectory existing(Path root) {
        if (!Files.isRegularFile(root.resolve("spec.yaml"))) {
            throw new UserInputException(root + ": not a layerlab run (no spec.yaml)");
        }
        requireWritable(root);
        return new RunDirectory(root);
    }

    /**
     * Prepares {@code root} for a run of {@code spec}: creates it, resumes it (same spec, unfinished),
     * or refuses — unless {@code force}, which clears a previous run first.
     */
    public static RunDirectory create(Path root, ExperimentSpec spec, boolean force) {
        String yaml = SpecLoader.toYaml(spec);
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new UserInputException(root + ": exists and is not a folder");
        }
        if (Files.isDirectory(root) && !isEmpty(root)) {
            boolean isRun = Files.isRegularFile(root.resolve("spec.yaml"));
            if (!isRun) {
                throw new UserInputException(
                        root + ": folder is not empty and is not a layerlab run; choose another --out");
            }
            RunDirectory existing = new RunDirectory(root);
            boolean sameSpec = yaml.equals(read(root.resolve("spec.yaml")));
            if (force) {
                deleteTree(root);
            } else if (!sameSpec) {
                throw new UserInputException(root
                        + ": holds a run with a different spec; use --force to replace it or --out for a new folder");
            } else if (existing.isAnalyzed()) {
                throw new UserInputException(
                        root + ": this run is already complete; use --force to redo it or --out for a new folder");
            } else {
                requireWritable(root); // resuming writes checkpoints and results into it
                return existing;
            }
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw UserInputException.io(root, "cannot create the run folder", e);
        }
        requireWritable(root);
        RunDirectory run = new RunDirectory(root);
        AtomicFiles.writeString(run.spec(), yaml);
        return run;
    }

    public Path root() {
        return root;
    }

    public String name() {
        return root.getFileName().toString();
    }

    public Path spec() {
        return root.resolve("spec.yaml");
    }

    public Path provenance() {
        return root.resolve("provenance.json");
    }

    public Path trainLog() {
        return root.resolve("train-log.csv");
    }

    public CheckpointStore checkpoints() {
        return new CheckpointStore(root.resolve("checkpoints"));
    }

    public Path analysisJson() {
        return root.resolve("analysis.json");
    }

    public Path robustnessCsv() {
        return root.resolve("robustness.csv");
    }

    public Path rerandomizeCsv() {
        return root.resolve("rerandomize.csv");
    }

    public Path distancesCsv() {
        return root.resolve("distances.csv");
    }

    public Path verdictsCsv() {
        return root.resolve("verdicts.csv");
    }

    public Path report() {
        return root.resolve("report.html");
    }

    public boolean isTrained(ExperimentSpec spec) {
        CheckpointStore s = checkpoints();
        return s.manifest().resume() == null && s.epochs().contains(spec.train().epochs());
    }

    public boolean isAnalyzed() {
        return Files.isRegularFile(analysisJson());
    }

    private static void requireWritable(Path root) {
        if (!Files.isWritable(root)) {
            throw new UserInputException(root + ": the run folder is not writable");
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw UserInputException.io(dir, "cannot list", e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw UserInputException.io(f, "cannot read", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(root)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw UserInputException.io(root, "cannot clear the old run", e);
        }
    }
}
