package org.layerlab.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.layerlab.run.RunMarker;

/**
 * Where each run of a sweep stands, read from the sweep folder alone (any machine that sees it can ask):
 *
 * <ul>
 *   <li>done: the run's report exists;
 *   <li>running: an attempt holds its lease;
 *   <li>failed: its last attempt failed ({@code status/ID.json}: exit code, last lines of its log);
 *   <li>partial: its run folder exists but is incomplete (an interrupted attempt; it resumes);
 *   <li>pending: nothing started yet.
 * </ul>
 */
public final class SweepStatus {
    private SweepStatus() {}

    public enum State {
        DONE,
        RUNNING,
        PARTIAL,
        FAILED,
        PENDING;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param epoch the last epoch in the run's train log, or -1 before there is one
     * @param failure the last failed attempt, when the state is failed
     * @param holder who runs it, when running
     */
    public record RunStatus(
            PlannedRun run, State state, int epoch, StudyLauncher.Failure failure, Lease.Holder holder) {}

    public static List<RunStatus> of(SweepFolder folder) {
        return of(folder, folder.plan());
    }

    public static List<RunStatus> of(SweepFolder folder, SweepPlan plan) {
        List<RunStatus> out = new ArrayList<>();
        for (PlannedRun r : plan.runs()) {
            out.add(of(folder, r));
        }
        return out;
    }

    static RunStatus of(SweepFolder folder, PlannedRun r) {
        Path dir = folder.runDir(r);
        int epoch = lastEpoch(dir.resolve("train-log.csv"));
        if (folder.isDone(r)) {
            return new RunStatus(r, State.DONE, epoch, null, null);
        }
        Optional<Lease.Holder> h = Lease.read(folder.lease(r));
        if (h.isPresent() && Lease.live(h.get())) {
            return new RunStatus(r, State.RUNNING, epoch, null, h.get());
        }
        Optional<StudyLauncher.Failure> f = failure(folder.status(r));
        if (f.isPresent()) {
            return new RunStatus(r, State.FAILED, epoch, f.get(), null);
        }
        if (RunMarker.isRun(dir)) {
            return new RunStatus(r, State.PARTIAL, epoch, null, null);
        }
        return new RunStatus(r, State.PENDING, epoch, null, null);
    }

    public static Map<State, Integer> counts(List<RunStatus> all) {
        Map<State, Integer> out = new EnumMap<>(State.class);
        for (State s : State.values()) {
            out.put(s, 0);
        }
        all.forEach(s -> out.merge(s.state(), 1, Integer::sum));
        return out;
    }

    /** "3 done, 1 running, 0 failed, 0 partial, 8 pending". */
    public static String line(Map<State, Integer> counts) {
        return counts.get(State.DONE) + " done, " + counts.get(State.RUNNING) + " running, "
                + counts.get(State.FAILED) + " failed, " + counts.get(State.PARTIAL) + " partial, "
                + counts.get(State.PENDING) + " pending";
    }

    static Optional<StudyLauncher.Failure> failure(Path f) {
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SweepFolder.JSON.readValue(f.toFile(), StudyLauncher.Failure.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Epoch of the last line of train-log.csv (which the study rewrites whole after every epoch). */
    static int lastEpoch(Path trainLog) {
        try {
            List<String> lines = Files.readAllLines(trainLog);
            if (lines.size() < 2) {
                return -1;
            }
            String last = lines.get(lines.size() - 1);
            return Integer.parseInt(last.substring(0, last.indexOf(',')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
