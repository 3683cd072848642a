package org.layerlab.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.temporal.ChronoUnit;
import org.layerlab.error.UserInputException;

/**
 * One process per run folder: an OS file lock on {@code layerlab.lock}, held for the whole command and
 * released by the OS when the process ends, {@code kill -9} included.
 *
 * <p>Nothing is ever written into the file: a command refused with exit 2 must leave every file of the
 * run as it was, and the holder is found instead through the kernel's lock table ({@code /proc/locks}),
 * which names the process that holds a lock on the file's inode. The file is never replaced or deleted
 * (a lock lives on the inode: a new file would be a new, unlocked lock).
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = "layerlab.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir} or fails at once with bad input naming the holder. Public for the sweep
     * folder, which is locked the same way while a sweep command works on it.
     */
    public static RunLock acquire(Path dir) {
        Path f = dir.resolve(FILE);
        FileChannel ch;
        try {
            ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw UserInputException.io(f, "cannot open the run's lock file", e);
        }
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by this very process (another command in the same JVM)
        } catch (IOException e) {
            close(ch);
            throw UserInputException.io(f, "cannot lock the run folder", e);
        }
        if (l == null) {
            close(ch);
            String holder = holder(f);
            throw new UserInputException(dir + ": in use by another layerlab process"
                    + (holder.isBlank() ? "" : " (" + holder + ")") + "; wait for it to finish, or stop it");
        }
        return new RunLock(ch, l);
    }

    /**
     * Who holds the lock on {@code f}: pid, host, since when and the command, from the kernel's lock
     * table and the process table; empty where the platform has neither.
     */
    static String holder(Path f) {
        try {
            long inode = ((Number) Files.getAttribute(f, "unix:ino")).longValue();
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                String[] w = line.trim().split("\\s+");
                // "1: POSIX  ADVISORY  WRITE 4242 fe:00:2146484 0 EOF": pid, then major:minor:inode
                if (w.length >= 6 && w[5].endsWith(":" + inode) && !w[4].equals("-1")) {
                    long pid = Long.parseLong(w[4]);
                    return describe(pid);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or the tables are unreadable: the caller says less.
        }
        return "";
    }

    private static String describe(long pid) {
        StringBuilder sb = new StringBuilder("pid ").append(pid).append(" on ").append(host());
        ProcessHandle.of(pid).ifPresent(p -> {
            p.info().startInstant().ifPresent(t -> sb.append(" since ").append(t.truncatedTo(ChronoUnit.SECONDS)));
            p.info().commandLine().ifPresent(c -> sb.append(": ").append(shortCommand(c)));
        });
        return sb.toString();
    }

    /** The layerlab part of a java command line: from the main class (or jar) on, at most 200 characters. */
    private static String shortCommand(String commandLine) {
        int at = Math.max(commandLine.indexOf("org.layerlab."), commandLine.indexOf("layerlab.jar"));
        String c = at >= 0 ? commandLine.substring(at) : commandLine;
        return c.length() > 200 ? c.substring(0, 200) + "…" : c;
    }

    /** The host name without a DNS lookup (which can stall for seconds on a machine without network). */
    private static String host() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname"))
                    .strip();
        } catch (IOException | RuntimeException e) {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "this host";
        }
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Closing releases nothing we still need.
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // The channel's close below releases it as well.
        }
        close(channel);
    }
}
