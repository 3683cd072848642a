package org.layerlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Who may run a study: a live holder is waited for, an expired or dead one is taken over, a loser stops. */
class LeaseTest {
    @TempDir
    Path tmp;

    private void write(Path f, Lease.Holder h) throws Exception {
        Files.createDirectories(f.getParent());
        Files.write(f, SweepFolder.JSON.writeValueAsBytes(h));
    }

    @Test
    @Timeout(10)
    void aLeaseOfADeadProcessOnThisHostIsTakenAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path f = tmp.resolve("leases/run.json");
        long hour = System.currentTimeMillis() + 3_600_000;
        write(f, new Lease.Holder("old", Hosts.name(), gone.pid(), 0, "attempt 1", hour));
        List<Lease.Holder> waited = new ArrayList<>();
        try (Lease lease = Lease.acquire(f, "attempt 2", 60_000, waited::add)) {
            assertEquals(List.of(), waited, "no wait for a holder that cannot renew");
            assertEquals("attempt 2", Lease.read(f).orElseThrow().attempt());
            assertTrue(lease.renew());
        }
        assertFalse(Files.exists(f), "released on close");
    }

    @Test
    @Timeout(10)
    void aLiveHolderElsewhereIsWaitedForUntilItsLeaseExpires() throws Exception {
        Path f = tmp.resolve("leases/run.json");
        long expires = System.currentTimeMillis() + 600;
        write(f, new Lease.Holder("other", "another-node", 42, 0, "attempt 1", expires));
        List<Lease.Holder> waited = new ArrayList<>();
        try (Lease lease = Lease.acquire(f, "attempt 2", 60_000, waited::add)) {
            assertTrue(System.currentTimeMillis() >= expires, "taken only after the expiry");
            assertEquals(1, waited.size(), "told once whom it waits for");
            assertEquals("another-node", waited.get(0).host());
            // Someone breaks in (this holder stalled past its lease): the renewal says it has lost the run.
            write(f, new Lease.Holder("thief", "another-node", 43, 0, "attempt 3", expires + 60_000));
            assertFalse(lease.renew());
        }
        assertEquals("thief", Lease.read(f).orElseThrow().owner(), "a lost lease is not deleted on close");
    }
}
