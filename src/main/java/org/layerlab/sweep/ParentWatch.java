package org.layerlab.sweep;

import java.time.Instant;
import java.util.Optional;

/**
 * Ends a study started by a sweep when the process that started it is gone. A Spark executor killed with
 * {@code kill -9} (or a worker, which takes its executors along) cannot stop its children, and an orphaned study
 * would keep its run folder locked and keep computing while the task's retry starts the same run elsewhere. The
 * sweep passes its pid (and start time, against pid reuse) in {@code LAYERLAB_PARENT_PID} and
 * {@code LAYERLAB_PARENT_START}; the study checks twice a second. The run resumes where it stopped when the sweep
 * runs it again.
 */
public final class ParentWatch {
    public static final String PID = "LAYERLAB_PARENT_PID";
    public static final String START = "LAYERLAB_PARENT_START";
    static final int EXIT = 143;

    private ParentWatch() {}

    /** The environment that asks a child to watch this process. */
    public static java.util.Map<String, String> environmentForChild() {
        ProcessHandle me = ProcessHandle.current();
        return java.util.Map.of(
                PID,
                Long.toString(me.pid()),
                START,
                me.info()
                        .startInstant()
                        .map(i -> Long.toString(i.toEpochMilli()))
                        .orElse(""));
    }

    /** Starts the watch when the environment asks for it (only sweeps set it). */
    public static void startIfAsked() {
        String pid = System.getenv(PID);
        if (pid == null || !pid.matches("\\d{1,18}")) {
            return;
        }
        long parent = Long.parseLong(pid);
        String start = System.getenv(START);
        Thread t = new Thread(() -> watch(parent, start), "layerlab-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void watch(long parent, String start) {
        while (true) {
            if (!alive(parent, start)) {
                System.err.println("layerlab: the sweep that started this study (pid " + parent
                        + ") is gone; stopping (the run resumes when the sweep runs it again)");
                System.exit(EXIT);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static boolean alive(long pid, String start) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        if (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) != pid) {
            return false; // re-parented: the original parent died and its pid may be someone else's now
        }
        if (start != null && !start.isEmpty()) {
            Optional<Instant> s = p.get().info().startInstant();
            return s.isEmpty() || Long.toString(s.get().toEpochMilli()).equals(start);
        }
        return true;
    }
}
