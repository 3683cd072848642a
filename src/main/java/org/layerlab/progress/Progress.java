package org.layerlab.progress;

/**
 * Where long work reports how far it is. The study code calls this; the CLI decides whether it
 * becomes a progress bar on a terminal, one line per finished part elsewhere, or nothing at all.
 */
public interface Progress {

    /** One task with a known number of steps; close it when done. */
    interface Task extends AutoCloseable {
        void step(long n);

        /** A short live status such as "loss 0.123". */
        default void status(String text) {}

        /**
         * A part of the task is finished: an epoch, a chunk of the analysis grid. {@code text} says which
         * and what is known then, e.g. "epoch 3/100 test err 0.0412". A bar shows it as its status; a
         * log without a terminal prints it as one line, so a long run under nohup or CI shows its pace.
         */
        default void completed(String text) {
            status(text);
        }

        @Override
        void close();
    }

    Task start(String name, long total);

    /** Discards all reports (tests, --quiet). */
    Progress SILENT = (name, total) -> new Task() {
        @Override
        public void step(long n) {}

        @Override
        public void close() {}
    };
}
