package org.layerlab.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * How one attempt at a run ended.
 *
 * @param state DONE (the study finished now), SKIPPED (it was already complete: nothing was launched) or FAILED
 * @param exitCode the study's exit code (0 when done or skipped)
 * @param retryable whether another attempt may succeed (a killed or crashed study resumes; bad input will not)
 * @param reason one line: what happened
 * @param tail the last lines of the attempt's log
 */
public record RunOutcome(
        String id,
        String name,
        State state,
        int exitCode,
        boolean retryable,
        String reason,
        List<String> tail,
        double seconds,
        String attempt)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum State {
        DONE,
        SKIPPED,
        FAILED
    }

    public RunOutcome {
        tail = List.copyOf(tail);
    }

    static RunOutcome skipped(RunRequest r) {
        return new RunOutcome(r.id(), r.name(), State.SKIPPED, 0, false, "already complete", List.of(), 0, "");
    }
}
