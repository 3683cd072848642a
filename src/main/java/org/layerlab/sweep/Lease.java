package org.layerlab.sweep;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import org.layerlab.io.AtomicFiles;

/**
 * Keeps two attempts of a sweep from running one study at once, across machines that share the sweep folder (where
 * the run folder's OS lock may not reach: NFS without a lock manager, or an attempt not yet started). The holder
 * writes {@code leases/ID.json} naming itself and an expiry, and renews it while its study runs.
 *
 * <p>Taking it: create the file (atomic: create-new). If it exists, it is honoured until it expires, unless it
 * names a process on this host that no longer exists (then it is broken at once: a retry after {@code kill -9} need
 * not wait). Breaking is a rename to a unique name, which only one breaker can win, then a new create-new. A holder
 * whose renewal finds another owner has lost the lease and stops its study.
 */
public final class Lease implements AutoCloseable {
    private final Path file;
    private final Holder me;
    private final long ttlMillis;

    /**
     * What the file says.
     *
     * @param owner unique per attempt
     * @param pidStart the holder's start time (epoch ms), so a reused pid is not taken for the holder
     * @param expires epoch ms
     */
    public record Holder(String owner, String host, long pid, long pidStart, String attempt, long expires) {}

    private Lease(Path file, Holder me, long ttlMillis) {
        this.file = file;
        this.me = me;
        this.ttlMillis = ttlMillis;
    }

    /**
     * Takes the lease, waiting while another live holder has it.
     *
     * @param onWait told (once) who holds it, when this attempt has to wait
     */
    public static Lease acquire(Path file, String attempt, long ttlMillis, java.util.function.Consumer<Holder> onWait)
            throws InterruptedException {
        ProcessHandle self = ProcessHandle.current();
        String owner = UUID.randomUUID().toString();
        boolean told = false;
        while (true) {
            Holder mine = new Holder(
                    owner,
                    Hosts.name(),
                    self.pid(),
                    self.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L),
                    attempt,
                    System.currentTimeMillis() + ttlMillis);
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, SweepFolder.JSON.writeValueAsBytes(mine), StandardOpenOption.CREATE_NEW);
                return new Lease(file, mine, ttlMillis);
            } catch (FileAlreadyExistsException taken) {
                Optional<Holder> h = read(file);
                if (h.isEmpty() ? staleUnreadable(file, ttlMillis) : !live(h.get())) {
                    breakLease(file, owner);
                    continue;
                }
                if (!told && h.isPresent()) {
                    onWait.accept(h.get());
                    told = true;
                }
                Thread.sleep(Math.min(1000, Math.max(100, ttlMillis / 10)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(file + ": cannot take the run's lease", e);
            }
        }
    }

    /** Pushes the expiry forward; false when another attempt has taken the lease meanwhile. */
    public boolean renew() {
        Optional<Holder> h = read(file);
        if (h.isEmpty() || !h.get().owner().equals(me.owner())) {
            return false;
        }
        Holder next = new Holder(
                me.owner(), me.host(), me.pid(), me.pidStart(), me.attempt(), System.currentTimeMillis() + ttlMillis);
        try {
            AtomicFiles.writeBytes(file, SweepFolder.JSON.writeValueAsBytes(next));
            return true;
        } catch (IOException | RuntimeException e) {
            return true; // a failed renewal is retried next period; the lease is still ours until it expires
        }
    }

    public long ttlMillis() {
        return ttlMillis;
    }

    /** Gives the lease up, if it is still ours. */
    @Override
    public void close() {
        Optional<Holder> h = read(file);
        if (h.isPresent() && h.get().owner().equals(me.owner())) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // It expires by itself.
            }
        }
    }

    public static Optional<Holder> read(Path file) {
        try {
            return Optional.of(SweepFolder.JSON.readValue(Files.readAllBytes(file), Holder.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Unexpired, and (on this host) its process still exists. */
    public static boolean live(Holder h) {
        if (h.expires() < System.currentTimeMillis()) {
            return false;
        }
        if (h.host().equals(Hosts.name())) {
            Optional<ProcessHandle> p = ProcessHandle.of(h.pid());
            if (p.isEmpty() || !p.get().isAlive()) {
                return false;
            }
            long start =
                    p.get().info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
            return h.pidStart() == 0 || start == 0 || start == h.pidStart();
        }
        return true;
    }

    /** A file nobody could read (torn by a crash between create and write) counts once it is a lease period old. */
    private static boolean staleUnreadable(Path file, long ttlMillis) {
        try {
            return Files.getLastModifiedTime(file).toMillis() + ttlMillis < System.currentTimeMillis();
        } catch (IOException e) {
            return false;
        }
    }

    private static void breakLease(Path file, String owner) {
        Path broken = file.resolveSibling(file.getFileName() + ".broken-" + owner);
        try {
            Files.move(file, broken, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(broken);
        } catch (NoSuchFileException someoneElse) {
            // Another attempt broke it first; the create-new race decides.
        } catch (IOException ignored) {
            // Tried again on the next round.
        }
    }
}
