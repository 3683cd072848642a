package org.layerlab.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Keeps one libtorch warning off the user's terminal. DJL moves an array to other memory (which
 * {@link ParameterBuffers} relies on) under a libtorch guard that is deprecated, and libtorch says so
 * once per process, in five lines on the process's stderr ("AutoNonVariableTypeMode is deprecated"):
 * nothing a layerlab user can act on. libtorch offers no switch for it outside Python, so the first such
 * call runs with the stderr file descriptor pointed at /dev/null for its few microseconds. Elsewhere
 * than a POSIX libc, or if anything fails, the call simply runs (and the warning shows).
 */
final class NativeWarnings {
    private static final int O_WRONLY = 1;
    private static final int STDERR = 2;
    private static boolean muted;

    private interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags);

        int close(int fd);
    }

    private NativeWarnings() {}

    /** Runs {@code call}, the first time with libtorch's stderr silenced. */
    static synchronized void quietOnce(Runnable call) {
        if (muted) {
            call.run();
            return;
        }
        muted = true;
        LibC c;
        int saved;
        int devNull;
        try {
            c = Native.load("c", LibC.class);
            saved = c.dup(STDERR);
            devNull = c.open("/dev/null", O_WRONLY);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            call.run();
            return;
        }
        if (saved < 0 || devNull < 0) {
            for (int fd : new int[] {saved, devNull}) {
                if (fd >= 0) {
                    c.close(fd);
                }
            }
            call.run();
            return;
        }
        System.err.flush();
        c.dup2(devNull, STDERR);
        try {
            call.run();
        } finally {
            c.dup2(saved, STDERR);
            c.close(saved);
            c.close(devNull);
        }
    }
}
