package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import me.tongfei.progressbar.ProgressBarStyle;
import org.junit.jupiter.api.Test;
import org.layerlab.progress.Progress;

/** How progress is shown, for made-up stderr streams: a terminal or not, NO_COLOR, TERM, charset. */
class TerminalProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // Buffered: what reaches `bytes` was flushed, as a log file read with tail -f needs.
    private final PrintStream stream = new PrintStream(new BufferedOutputStream(bytes, 1 << 16), false);

    private Stderr stderr(boolean terminal, Map<String, String> env, Charset charset) {
        return new Stderr(stream, terminal, env, charset);
    }

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalEachFinishedPartIsOneFlushedPlainLine() {
        Progress p = TerminalProgress.choose(false, stderr(false, Map.of("TERM", "xterm"), StandardCharsets.UTF_8));
        try (Progress.Task t = p.start("train fcn-mnist", 200)) {
            t.step(100);
            t.status("loss 0.25");
            assertEquals("", written(), "steps and live status print nothing");
            t.completed("epoch 1/2 test err 0.4123");
            assertTrue(
                    written().matches("layerlab: train fcn-mnist epoch 1/2 test err 0\\.4123  \\d+\\.\\d s\n"),
                    written());
            t.step(100);
            t.completed("epoch 2/2 test err 0.0412");
        }
        String[] lines = written().split("\n", -1);
        assertEquals(3, lines.length, written());
        assertTrue(lines[1].startsWith("layerlab: train fcn-mnist epoch 2/2 test err 0.0412  "), lines[1]);
        assertEquals("", lines[2], "each line ends with a newline, closing adds nothing");
        assertFalse(written().contains("\r") || written().contains("\u001b"), "no carriage returns or escapes");
    }

    @Test
    void eachLineGivesTheSecondsItsPartTook() {
        long[] now = {5_000_000_000L};
        Progress p = new LineProgress(stream, () -> now[0]);
        try (Progress.Task t = p.start("analyze", 10)) {
            now[0] += 1_640_000_000L;
            t.completed("1/2 chunks (40 %)");
            now[0] += 12_260_000_000L;
            t.completed("2/2 chunks (100 %)");
        }
        assertEquals(
                "layerlab: analyze 1/2 chunks (40 %)  1.6 s\nlayerlab: analyze 2/2 chunks (100 %)  12.3 s\n",
                written());
    }

    @Test
    void quietShowsNothingWhateverTheStream() {
        for (boolean terminal : new boolean[] {false, true}) {
            Progress p = TerminalProgress.choose(true, stderr(terminal, Map.of(), StandardCharsets.UTF_8));
            assertSame(Progress.SILENT, p);
        }
    }

    @Test
    void aTerminalGetsABar() {
        Progress p = TerminalProgress.choose(false, stderr(true, Map.of(), StandardCharsets.UTF_8));
        assertInstanceOf(TerminalProgress.class, p);
    }

    @Test
    void noColorDumbTerminalsAndNarrowCharsetsGetThePlainAsciiBar() {
        Charset utf8 = StandardCharsets.UTF_8;
        assertSame(ProgressBarStyle.COLORFUL_UNICODE_BLOCK, style(Map.of("TERM", "xterm-256color"), utf8));
        assertSame(ProgressBarStyle.COLORFUL_UNICODE_BLOCK, style(Map.of(), utf8));
        // no-color.org: any non-empty value, even "0"; an empty one does not count.
        assertSame(ProgressBarStyle.ASCII, style(Map.of("NO_COLOR", "1"), utf8));
        assertSame(ProgressBarStyle.ASCII, style(Map.of("NO_COLOR", "0"), utf8));
        assertSame(ProgressBarStyle.COLORFUL_UNICODE_BLOCK, style(Map.of("NO_COLOR", ""), utf8));
        assertSame(ProgressBarStyle.ASCII, style(Map.of("TERM", "dumb"), utf8));
        assertSame(ProgressBarStyle.COLORFUL_UNICODE_BLOCK, style(Map.of("TERM", "dumber"), utf8));
        // LANG=C: the blocks would print as '?'.
        assertSame(ProgressBarStyle.ASCII, style(Map.of(), StandardCharsets.US_ASCII));
        assertSame(ProgressBarStyle.ASCII, style(Map.of(), StandardCharsets.ISO_8859_1));
    }

    private ProgressBarStyle style(Map<String, String> env, Charset charset) {
        return TerminalProgress.style(stderr(true, env, charset));
    }

    @Test
    void theBarOnANoColorTerminalHasNoEscapeCodes() {
        assertFalse(drawn(Map.of("NO_COLOR", "1")).contains("\u001b"), written());
        assertTrue(written().contains("[") && written().contains("="), written());
        bytes.reset();
        assertTrue(drawn(Map.of()).contains("\u001b["), "the colourful bar is what NO_COLOR turns off");
    }

    private String drawn(Map<String, String> env) {
        Progress p = TerminalProgress.choose(false, stderr(true, env, StandardCharsets.UTF_8));
        try (Progress.Task t = p.start("train", 10)) {
            t.step(5);
            t.completed("epoch 1/2");
        }
        stream.flush();
        return written();
    }
}
