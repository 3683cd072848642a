package org.layerlab.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.layerlab.progress.Progress;

/**
 * Progress where no bar can be drawn (stderr redirected to a file, nohup, CI, a Spark executor): one plain
 * line per finished part, e.g. {@code layerlab: train fcn-mnist epoch 3/100 test err 0.0412  1.6 s},
 * with the seconds that part took. No carriage returns or escape codes, and each line is flushed at
 * once, so a log read with {@code tail -f} is current.
 */
final class LineProgress implements Progress {
    private final PrintStream out;
    private final LongSupplier nanoTime;

    LineProgress(PrintStream out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
    }

    @Override
    public Task start(String name, long total) {
        long[] last = {nanoTime.getAsLong()};
        return new Task() {
            @Override
            public void step(long n) {}

            @Override
            public void completed(String text) {
                long now = nanoTime.getAsLong();
                out.print(String.format(Locale.ROOT, "layerlab: %s %s  %.1f s\n", name, text, (now - last[0]) / 1e9));
                out.flush();
                last[0] = now;
            }

            @Override
            public void close() {}
        };
    }
}
