package org.layerlab.sweep.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.layerlab.sweep.RunOutcome;
import org.layerlab.sweep.RunRequest;
import org.layerlab.sweep.StudyLauncher;

/**
 * A Spark task: one attempt at one study, run by {@link StudyLauncher} in a child JVM. A failure another attempt
 * may cure (the study was killed or crashed) fails the task, so that Spark retries it, on another executor if this
 * one is gone; bad input is returned as a failed outcome at once, since a retry would fail the same way.
 */
final class RunTask implements Function<RunRequest, RunOutcome> {
    private static final long serialVersionUID = 1L;

    @Override
    public RunOutcome call(RunRequest r) throws Exception {
        TaskContext tc = TaskContext.get();
        String attempt = tc == null
                ? "attempt"
                : "attempt " + (tc.attemptNumber() + 1) + " (Spark task " + tc.taskAttemptId() + ")";
        RunOutcome o = StudyLauncher.run(r, attempt);
        if (o.state() == RunOutcome.State.FAILED && o.retryable()) {
            throw new StudyAttemptFailed(o);
        }
        return o;
    }

    /** A failed attempt as Spark reports it: the run, what happened and the last lines of its log. */
    static final class StudyAttemptFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StudyAttemptFailed(RunOutcome o) {
            super(o.name() + ": " + o.reason()
                    + (o.tail().isEmpty() ? "" : "; last output: " + String.join(" | ", last(o, 3))));
        }

        private static java.util.List<String> last(RunOutcome o, int n) {
            return o.tail().subList(Math.max(0, o.tail().size() - n), o.tail().size());
        }
    }
}
