package org.layerlab.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.layerlab.checkpoint.CheckpointStore;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;
import org.layerlab.report.Report;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;

/**
 * A run's folder and the names of everything in it, held under the run's lock for as long as this
 * object is open (close it when the command ends).
 *
 * <p>A folder is a run only if it carries {@link RunMarker}. Opening one for writing enforces that an
 * existing run is never overwritten without {@code --force}, that {@code --force} replaces nothing but a
 * run, and that a run with the same spec that is not complete is resumed: rerunning the command after an
 * interruption completes whatever is missing, training, analysis or report.
 */
public final class RunDirectory implements AutoCloseable {
    /** The run's resolved spec. */
    static final String SPEC_FILE = "spec.yaml";

    private final Path root;
    private final RunLock lock;

    private RunDirectory(Path root, RunLock lock) {
        this.root = root;
        this.lock = lock;
    }

    /**
     * An existing run, for analyze/report, which write into it: checked and locked before any work is
     * done. Its spec.yaml must still describe the model and data it was trained with.
     */
    public static RunDirectory existing(Path given) {
        Path root = RunFolderSafety.realPath(given);
        if (!Files.isDirectory(root)) {
            throw new UserInputException(given + ": no such run folder");
        }
        if (!RunMarker.isRun(root)) {
            throw new UserInputException(given + ": not a layerlab run (no " + RunMarker.FILE + ")");
        }
        requireWritable(root);
        RunLock lock = RunLock.acquire(root);
        try {
            RunDirectory run = new RunDirectory(root, lock);
            run.requireUneditedSpec(SpecLoader.readResolved(run.spec()));
            return run;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Prepares {@code out} for a run of {@code spec}: creates it, resumes it (same spec, not complete), or
     * refuses; with {@code force}, an existing run is cleared first (and only a run).
     */
    public static RunDirectory create(Path out, ExperimentSpec spec, boolean force) {
        String yaml = SpecLoader.toYaml(spec);
        Path root = RunFolderSafety.realPath(out);
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new UserInputException(out + ": exists and is not a folder");
        }
        // A folder holding only the lock, our marker without spec.yaml, and unfinished temp files of those two (a
        // process killed while it created the run: between the writes, or in one) is a run not yet begun: it is
        // (re)started, not refused.
        java.util.List<String> held = Files.isDirectory(root)
                ? RunFolderSafety.entries(root).stream()
                        .filter(e -> !e.equals(RunLock.FILE))
                        .toList()
                : java.util.List.of();
        java.util.List<String> unfinished = held.stream()
                .filter(e -> AtomicFiles.isUnfinishedWriteOf(e, RunMarker.FILE)
                        || AtomicFiles.isUnfinishedWriteOf(e, SPEC_FILE))
                .toList();
        boolean fresh = held.stream()
                .allMatch(e -> unfinished.contains(e) || (e.equals(RunMarker.FILE) && RunMarker.isRun(root)));
        if (!fresh && !RunMarker.isRun(root)) {
            throw new UserInputException(out + ": folder is not empty and is not a layerlab run (no " + RunMarker.FILE
                    + "); layerlab will not write into it or clear it: choose another --out");
        }
        if (!fresh) {
            requireWritable(root);
            RunLock lock = RunLock.acquire(root);
            try {
                RunDirectory existing = new RunDirectory(root, lock);
                if (force) {
                    RunFolderSafety.requireClearable(root);
                    RunFolderSafety.clear(root);
                    return existing.start(spec, yaml);
                }
                if (!yaml.equals(SpecLoader.readText(existing.spec()))) {
                    throw new UserInputException(out + ": holds a run with a different spec; use --force to replace it"
                            + " or --out for a new folder");
                }
                existing.requireUneditedSpec(spec);
                if (existing.isReported()) {
                    throw new UserInputException(out + ": this run is already complete; use --force to redo it or"
                            + " --out for a new folder");
                }
                return existing;
            } catch (RuntimeException e) {
                lock.close();
                throw e;
            }
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw UserInputException.io(out, "cannot create the run folder", e);
        }
        requireWritable(root);
        RunLock lock = RunLock.acquire(root);
        try {
            for (String e : unfinished) {
                Files.deleteIfExists(root.resolve(e));
            }
            return new RunDirectory(root, lock).start(spec, yaml);
        } catch (IOException e) {
            lock.close();
            throw UserInputException.io(out, "cannot remove an unfinished file of the run", e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** A new run in an empty folder: the marker first, so the folder is known to be ours from now on. */
    private RunDirectory start(ExperimentSpec spec, String yaml) {
        RunMarker.of(spec).write(root);
        AtomicFiles.writeString(spec(), yaml);
        return this;
    }

    /** The marker's hash of the training identity must match spec.yaml's: it was not edited since. */
    private void requireUneditedSpec(ExperimentSpec spec) {
        if (!RunMarker.read(root).trainingSpecSha256().equals(RunMarker.hash(spec))) {
            throw new UserInputException(spec() + ": its model, data, training or seed keys differ from those this run"
                    + " was created with (was it edited, or made by an older layerlab with fewer spec keys?); restore it, or"
                    + " start a new run");
        }
    }

    @Override
    public void close() {
        lock.close();
    }

    public Path root() {
        return root;
    }

    public String name() {
        return root.getFileName().toString();
    }

    public Path spec() {
        return root.resolve(SPEC_FILE);
    }

    public Path provenance() {
        return root.resolve("provenance.json");
    }

    /** A language model's vocabulary, stored when the run is trained. */
    public Path vocabulary() {
        return root.resolve("vocab.json");
    }

    public Path trainLog() {
        return root.resolve("train-log.csv");
    }

    /** The checkpoints, for reading (and for writing an epoch-counted run's). */
    public CheckpointStore checkpoints() {
        return new CheckpointStore(root.resolve("checkpoints"));
    }

    /** The checkpoints of a run of {@code spec}, named by its training's unit (epochs or steps). */
    public CheckpointStore checkpoints(ExperimentSpec spec) {
        return new CheckpointStore(root.resolve("checkpoints"), spec.train().unit());
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

    /** Per-unit scores measured beside the grid (Block Influence). */
    public Path scoresCsv() {
        return root.resolve("scores.csv");
    }

    public Path verdictsCsv() {
        return root.resolve("verdicts.csv");
    }

    public Path report() {
        return root.resolve(Report.HTML);
    }

    public boolean isTrained(ExperimentSpec spec) {
        CheckpointStore s = checkpoints();
        return s.manifest().resume() == null && s.epochs().contains(spec.train().length());
    }

    /** analysis.json is written last of the analysis files, so its presence means they are all there. */
    public boolean isAnalyzed() {
        return Files.isRegularFile(analysisJson());
    }

    /** report.html is written after its figures, and removed before a new analysis is written. */
    public boolean isReported() {
        return isAnalyzed() && Files.isRegularFile(report());
    }

    /**
     * Marks the analysis and its report as out of date, before a new analysis is written: until the new
     * analysis.json is there the run counts as not analyzed, so an interruption is completed on rerun
     * rather than leaving a report of the old numbers.
     */
    public void invalidateAnalysis() {
        try {
            Files.deleteIfExists(report());
            Files.deleteIfExists(analysisJson());
            Files.deleteIfExists(scoresCsv());
            Path figures = root.resolve(Report.FIGURES_DIR);
            if (Files.isDirectory(figures)) {
                try (var pngs = Files.list(figures)) {
                    for (Path f : pngs.filter(f -> f.getFileName().toString().endsWith(".png"))
                            .toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        } catch (IOException e) {
            throw UserInputException.io(root, "cannot replace the old analysis", e);
        }
    }

    private static void requireWritable(Path root) {
        if (!Files.isWritable(root)) {
            throw new UserInputException(root + ": the run folder is not writable");
        }
    }
}
