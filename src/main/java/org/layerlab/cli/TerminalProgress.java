package org.layerlab.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.layerlab.progress.Progress;

/** Progress bars on stderr (me.tongfei:progressbar), only when stderr is a terminal and not --quiet. */
final class TerminalProgress implements Progress {

    private interface LibC extends Library {
        int isatty(int fd);
    }

    static Progress choose(boolean quiet) {
        return !quiet && stderrIsTerminal() ? new TerminalProgress() : Progress.SILENT;
    }

    private static boolean stderrIsTerminal() {
        try {
            return Native.load("c", LibC.class).isatty(2) == 1;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return System.console() != null;
        }
    }

    @Override
    public Task start(String name, long total) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                .setMaxRenderedLength(120)
                .continuousUpdate()
                .build();
        return new Task() {
            @Override
            public void step(long n) {
                bar.stepBy(n);
            }

            @Override
            public void status(String text) {
                bar.setExtraMessage(" " + text);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
