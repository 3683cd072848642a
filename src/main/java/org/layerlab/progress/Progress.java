package org.layerlab.progress;

/**
 * Where long work reports how far it is. The study code calls this; the CLI decides whether it
 * becomes a progress bar on a terminal or nothing at all.
 */
public interface Progress {

    /** One task with a known number of steps; close it when done. */
    interface Task extends AutoCloseable {
        void step(long n);

        /** A short live status such as "loss 0.123". */
        default void status(String text) {}

        @Override
        void close();
    }

    Task start(String name, long total);

    /** Discards all reports (tests, --quiet, stderr not a terminal). */
    Progress SILENT = (name, total) -> new Task() {
        @Override
        public void step(long n) {}

        @Override
        public void close() {}
    };
}
