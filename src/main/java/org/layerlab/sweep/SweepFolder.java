package org.layerlab.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;
import org.layerlab.report.Report;
import org.layerlab.run.RunLock;
import org.layerlab.run.RunMarker;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;

/**
 * A sweep's folder: the plan, each run's resolved spec, the run folders, and what the sweep knows about its runs
 * besides their own files (logs of each attempt, the last failure, leases).
 *
 * <pre>
 * layerlab-sweep.json   the marker that makes this folder a sweep
 * layerlab.lock         held by the one sweep command working on the folder
 * plan.json             every run: readable name, id, point values, seed
 * specs/ID.yaml         each run's resolved spec (what its study command is given)
 * runs/POINT/seed-N/    the run folders, ordinary layerlab runs
 * logs/ID.log           each attempt's output, appended
 * status/ID.json        the last failed attempt (exit code, last lines of its log); gone once the run is done
 * leases/ID.json        who is running it now, until when (see Lease)
 * summary.csv, summary.json, figures/, report.html
 * </pre>
 */
public final class SweepFolder implements AutoCloseable {
    public static final String MARKER = "layerlab-sweep.json";
    static final String FORMAT = "layerlab-sweep/1";
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final RunLock lock;

    private SweepFolder(Path root, RunLock lock) {
        this.root = root;
        this.lock = lock;
    }

    /** The marker's content. */
    record Marker(String format, String created, String name) {}

    /** Whether {@code dir} carries the sweep marker. */
    public static boolean isSweep(Path dir) {
        return Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Prepares {@code out} for {@code plan}, locked until closed: a new folder, or the same sweep again (its
     * finished runs are kept, the others continue). Refuses a folder that is not a sweep and is not empty, and a
     * sweep whose run folders would now hold a different spec.
     */
    public static SweepFolder prepare(Path out, SweepPlan plan, Map<String, ExperimentSpec> specs) {
        Path root = out.toAbsolutePath().normalize();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new UserInputException(out + ": exists and is not a folder");
        }
        boolean fresh = !Files.isDirectory(root) || entries(root).stream().allMatch(RunLock.FILE::equals);
        if (!fresh && RunMarker.isRun(root)) {
            throw new UserInputException(out + ": is a layerlab run, not a sweep folder; choose another --out");
        }
        if (!fresh && !isSweep(root)) {
            throw new UserInputException(out + ": folder is not empty and is not a layerlab sweep (no " + MARKER
                    + "); choose another --out");
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw UserInputException.io(out, "cannot create the sweep folder", e);
        }
        if (!Files.isWritable(root)) {
            throw new UserInputException(out + ": the sweep folder is not writable");
        }
        RunLock lock = RunLock.acquire(root);
        SweepFolder folder = new SweepFolder(root, lock);
        try {
            if (!fresh) {
                folder.requireCompatible(plan, out);
            } else {
                write(root.resolve(MARKER), new Marker(FORMAT, Instant.now().toString(), plan.name()));
            }
            for (PlannedRun r : plan.runs()) {
                Path spec = root.resolve(r.specFile());
                String yaml = SpecLoader.toYaml(specs.get(r.id()));
                if (!Files.isRegularFile(spec) || !yaml.equals(readString(spec))) {
                    AtomicFiles.writeString(spec, yaml);
                }
            }
            write(root.resolve("plan.json"), plan);
            return folder;
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /** An existing sweep folder; locked only with {@code lock} (commands that write into it). */
    public static SweepFolder open(Path dir, boolean lock) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new UserInputException(dir + ": no such sweep folder");
        }
        if (!isSweep(root)) {
            throw new UserInputException(dir + ": not a layerlab sweep (no " + MARKER + ")");
        }
        if (!Files.isRegularFile(root.resolve("plan.json"))) {
            throw new UserInputException(dir + ": the sweep has no plan.json; run 'layerlab sweep' on it again");
        }
        return new SweepFolder(root, lock ? RunLock.acquire(root) : null);
    }

    /** A run folder name must keep meaning the same spec, or a rerun would mix two experiments in one folder. */
    private void requireCompatible(SweepPlan plan, Path out) {
        SweepPlan old = plan();
        Map<String, String> ids = new HashMap<>();
        old.runs().forEach(r -> ids.put(r.name(), r.id()));
        for (PlannedRun r : plan.runs()) {
            String was = ids.get(r.name());
            if (was != null && !was.equals(r.id()) && Files.exists(runDir(r))) {
                throw new UserInputException(out + ": " + r.folder() + " holds a run of another spec (the sweep's"
                        + " base, set or values changed since); use a new --out");
            }
        }
    }

    public SweepPlan plan() {
        Path f = root.resolve("plan.json");
        try {
            return JSON.readValue(f.toFile(), SweepPlan.class);
        } catch (IOException e) {
            throw UserInputException.io(f, "cannot read the sweep plan", e);
        }
    }

    public Path root() {
        return root;
    }

    public Path runDir(PlannedRun r) {
        return root.resolve(r.folder());
    }

    public Path specFile(PlannedRun r) {
        return root.resolve(r.specFile());
    }

    public Path log(PlannedRun r) {
        return logs(root, r.shortId());
    }

    public Path status(PlannedRun r) {
        return statusFile(root, r.shortId());
    }

    public Path lease(PlannedRun r) {
        return leaseFile(root, r.shortId());
    }

    static Path logs(Path root, String shortId) {
        return root.resolve("logs").resolve(shortId + ".log");
    }

    static Path statusFile(Path root, String shortId) {
        return root.resolve("status").resolve(shortId + ".json");
    }

    static Path leaseFile(Path root, String shortId) {
        return root.resolve("leases").resolve(shortId + ".json");
    }

    public Path summaryCsv() {
        return root.resolve("summary.csv");
    }

    public Path summaryJson() {
        return root.resolve("summary.json");
    }

    public Path report() {
        return root.resolve(Report.HTML);
    }

    /** A run is done when its report exists: the study writes report.html last. */
    public boolean isDone(PlannedRun r) {
        return isComplete(runDir(r));
    }

    static boolean isComplete(Path runDir) {
        return Files.isRegularFile(runDir.resolve(Report.HTML)) && Files.isRegularFile(runDir.resolve("analysis.json"));
    }

    static void write(Path file, Object value) {
        try {
            AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readString(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> entries(Path dir) {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw UserInputException.io(dir, "cannot list the folder", e);
        }
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
    }
}
