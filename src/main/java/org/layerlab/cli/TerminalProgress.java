package org.layerlab.cli;

import java.io.PrintStream;
import java.nio.charset.Charset;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.layerlab.progress.Progress;

/**
 * Progress bars on stderr (me.tongfei:progressbar) when stderr is a terminal; plain lines
 * ({@link LineProgress}) when it is not; nothing with --quiet.
 */
final class TerminalProgress implements Progress {
    /** The glyphs of the Unicode bar styles: a full block and its eighths. */
    private static final String BLOCKS = "█▏▎▍▌▋▊▉";

    private final PrintStream stream;
    private final ProgressBarStyle style;

    private TerminalProgress(PrintStream stream, ProgressBarStyle style) {
        this.stream = stream;
        this.style = style;
    }

    static Progress choose(boolean quiet) {
        return choose(quiet, Stderr.system());
    }

    static Progress choose(boolean quiet, Stderr stderr) {
        if (quiet) {
            return Progress.SILENT;
        }
        return stderr.isTerminal()
                ? new TerminalProgress(stderr.stream(), style(stderr))
                : new LineProgress(stderr.stream(), System::nanoTime);
    }

    /**
     * Colour and Unicode blocks unless the user asks for no colour (<a href="https://no-color.org">NO_COLOR</a>
     * set to anything non-empty), the terminal is {@code TERM=dumb}, or stderr's charset cannot encode the
     * blocks (e.g. {@code LANG=C}); then a plain ASCII bar.
     */
    static ProgressBarStyle style(Stderr stderr) {
        String noColor = stderr.env().get("NO_COLOR");
        boolean plain = (noColor != null && !noColor.isEmpty())
                || "dumb".equals(stderr.env().get("TERM"))
                || !canEncode(stderr.charset(), BLOCKS);
        return plain ? ProgressBarStyle.ASCII : ProgressBarStyle.COLORFUL_UNICODE_BLOCK;
    }

    private static boolean canEncode(Charset charset, String text) {
        return charset.canEncode() && charset.newEncoder().canEncode(text);
    }

    @Override
    public Task start(String name, long total) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(total)
                .setStyle(style)
                .setConsumer(new ConsoleProgressBarConsumer(stream))
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
