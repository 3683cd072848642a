package org.layerlab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layerlab.sweep.SweepFolder;
import org.layerlab.sweep.SweepPlan;
import org.layerlab.sweep.SweepStatus;

/**
 * The sweep's progress on the driver, read from the sweep folder once a second (so it shows runs on every node):
 * on a terminal one live line of done / running / failed / pending with each running run's epoch; elsewhere one
 * line per run that changes state, and the running runs' epochs every 30 s.
 */
final class SweepProgress implements AutoCloseable {
    private static final long PERIOD_MILLIS = 1000;
    private static final long LOG_EVERY_MILLIS = 30_000;

    private final SweepFolder folder;
    private final SweepPlan plan;
    private final PrintStream out;
    private final boolean terminal;
    private final Thread thread;
    private final Map<String, SweepStatus.State> last = new HashMap<>();
    private volatile boolean stop;
    private long lastLog;
    private int width;

    private SweepProgress(SweepFolder folder, SweepPlan plan, Stderr stderr) {
        this.folder = folder;
        this.plan = plan;
        this.out = stderr.stream();
        this.terminal = stderr.isTerminal();
        this.thread = new Thread(this::loop, "layerlab-sweep-progress");
        thread.setDaemon(true);
    }

    static SweepProgress start(SweepFolder folder, SweepPlan plan, boolean quiet) {
        SweepProgress p = new SweepProgress(folder, plan, Stderr.system());
        if (!quiet) {
            p.thread.start();
        }
        return p;
    }

    private void loop() {
        while (!stop) {
            try {
                show(SweepStatus.of(folder, plan));
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A file caught mid-write: the next look sees it whole.
            }
        }
    }

    private void show(List<SweepStatus.RunStatus> all) {
        String counts = SweepStatus.line(SweepStatus.counts(all));
        List<String> running = new ArrayList<>();
        for (SweepStatus.RunStatus s : all) {
            if (s.state() == SweepStatus.State.RUNNING) {
                running.add(s.run().name() + " epoch " + Math.max(0, s.epoch()) + "/"
                        + s.run().epochs());
            }
        }
        if (terminal) {
            String line = "sweep " + plan.name() + ": " + counts
                    + (running.isEmpty() ? "" : " | " + String.join(", ", running));
            line = line.length() > 160 ? line.substring(0, 159) + "…" : line;
            out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            width = line.length();
            out.flush();
            return;
        }
        for (SweepStatus.RunStatus s : all) {
            SweepStatus.State before = last.put(s.run().id(), s.state());
            if (before != null && before != s.state()) {
                out.println("layerlab: sweep " + plan.name() + ": " + s.run().name() + " "
                        + s.state().id()
                        + (s.failure() != null ? " (" + s.failure().reason() + ")" : "") + "; " + counts);
            }
        }
        long now = System.currentTimeMillis();
        if (!running.isEmpty() && now - lastLog >= LOG_EVERY_MILLIS) {
            out.println("layerlab: sweep " + plan.name() + ": " + counts + "; " + String.join(", ", running));
            lastLog = now;
        }
        out.flush();
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (terminal && width > 0) {
            out.print("\r" + " ".repeat(width) + "\r");
            out.flush();
        }
    }
}
