package org.layerlab.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Map;

/**
 * The error stream and what decides how progress is shown on it: whether it is a terminal, the
 * environment ({@code NO_COLOR}, {@code TERM}) and the charset it is encoded in. {@link #system()} reads
 * this process; tests build their own, so none depends on (or changes) the real terminal.
 */
record Stderr(PrintStream stream, boolean isTerminal, Map<String, String> env, Charset charset) {

    Stderr {
        env = Map.copyOf(env);
    }

    private interface LibC extends Library {
        int isatty(int fd);
    }

    static Stderr system() {
        return new Stderr(System.err, isatty(2), System.getenv(), StreamCharsets.stderr());
    }

    private static boolean isatty(int fd) {
        try {
            return Native.load("c", LibC.class).isatty(fd) == 1;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // No libc (e.g. Windows): a console means both streams are interactive.
            return System.console() != null;
        }
    }
}
