package org.layerlab.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.layerlab.error.UserInputException;

/**
 * One process per run folder: an OS file lock on {@code layerlab.lock}, held for the whole command and
 * released by the OS when the process ends, {@code kill -9} included. The file holds who has the lock
 * (pid, host, since when, command), so a second process can say whom it is waiting for.
 *
 * <p>The file is never replaced or deleted (a lock lives on the file's inode: a new file would be a new,
 * unlocked lock), and its text is written only by the holder, through the locked channel.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = "layerlab.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code dir} or fails at once with bad input naming the holder. */
    static RunLock acquire(Path dir) {
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
            String holder = holder(ch);
            close(ch);
            throw new UserInputException(dir + ": in use by another layerlab process ("
                    + (holder.isBlank() ? "starting up" : holder) + "); wait for it to finish, or stop it");
        }
        return new RunLock(ch, l);
    }

    /** Records this process as the holder; called once the command is past its checks. */
    void announce(String command) {
        String text = "pid " + ProcessHandle.current().pid() + " on " + host() + " since " + Instant.now()
                + (command == null || command.isBlank() ? "" : ": " + command) + "\n";
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(1024);
            ch.read(buf, 0);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)
                    .strip()
                    .replace('\n', ' ');
        } catch (IOException e) {
            return "";
        }
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
