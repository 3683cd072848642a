package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.sweep.PlannedRun;
import org.layerlab.sweep.SweepFolder;
import org.layerlab.sweep.SweepPlan;
import org.layerlab.testing.FolderState;
import org.layerlab.testing.MnistFolder;
import org.layerlab.testing.SparkStandalone;
import org.layerlab.testing.SweepFixtures;

/**
 * A 4-study sweep on a real Spark standalone cluster (a master and two 1-core workers, each its own JVM on
 * 127.0.0.1), driven by 'layerlab sweep --master spark://…' in this JVM: the results equal, byte for byte, the same
 * studies run one by one with 'layerlab study'; a rerun of a finished sweep launches nothing; kill -9 of a running
 * study, and separately of a worker (with its executor), is recovered by the retry with identical results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliSweepSparkTest {
    private Path tmp;

    private SparkStandalone cluster;
    private Process workerA;
    private Path sweep;
    private Path reference;
    private SweepPlan plan;

    @BeforeAll
    void cluster(@TempDir Path dir) throws Exception {
        tmp = dir;
        Path data = MnistFolder.learnable(tmp.resolve("mnist"), 200, 100);
        sweep = SweepFixtures.tinySweep(tmp, data);
        cluster = SparkStandalone.start(tmp);
        workerA = cluster.addWorker(1);
        cluster.addWorker(1);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Cli sweep(Path out) {
        return Cli.run("sweep", sweep.toString(), "--out", out.toString(), "--master", cluster.url(), "--quiet");
    }

    @Test
    @Order(1)
    @Timeout(240)
    void standaloneSweepEqualsTheStudiesRunOneByOne() throws Exception {
        Path out = tmp.resolve("a");
        Cli r = sweep(out);
        assertEquals(0, r.code(), r.err() + "\n" + cluster.log());
        assertEquals("", r.err());
        assertTrue(r.out().contains("ran 4 of 4 runs on Spark (" + cluster.url() + ")"), r.out());
        try (SweepFolder folder = SweepFolder.open(out, false)) {
            plan = folder.plan();
            assertEquals(
                    List.of("depth=1/seed-1", "depth=1/seed-2", "depth=2/seed-1", "depth=2/seed-2"),
                    plan.runs().stream().map(PlannedRun::name).toList());
            reference = tmp.resolve("one-by-one");
            for (PlannedRun run : plan.runs()) {
                Path ref = reference.resolve(run.name());
                SweepFixtures.studyAlone(tmp, folder.specFile(run), ref);
                SweepFixtures.assertSameResults(ref, folder.runDir(run));
                assertEquals(1, SweepFixtures.attempts(folder.log(run)), "one attempt each");
            }
        }
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals("model.depth,unit,checkpoint,n,mean,sd,ci95_low,ci95_high,damage,verdict,agree", summary.get(0));
        assertTrue(summary.stream().anyMatch(l -> l.startsWith("2,layer3,0,2,")), "depth 2 has 3 layers: " + summary);
        assertTrue(Files.size(out.resolve("report.html")) > 10_000);

        Cli status = Cli.run("sweep", "status", out.toString(), "--json");
        assertEquals(0, status.code(), status.err());
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertEquals(4, json.path("counts").path("done").asInt(), status.out());
        assertEquals(0, json.path("counts").path("pending").asInt(), status.out());

        // 'report' takes a sweep folder too, and rebuilds the sweep's page from the runs' files.
        Files.delete(out.resolve("report.html"));
        Cli report = Cli.run("report", out.toString());
        assertEquals(0, report.code(), report.err());
        assertTrue(Files.readString(out.resolve("report.html")).contains("depth=2/seed-1")
                || Files.readString(out.resolve("report.html")).contains("seed-1"));
    }

    @Test
    @Order(2)
    @Timeout(60)
    void rerunOfAFinishedSweepLaunchesNothing() throws Exception {
        Path out = tmp.resolve("a");
        Map<String, String> runs = FolderState.of(out.resolve("runs"));
        Map<String, String> logs = FolderState.of(out.resolve("logs"));
        long started = System.nanoTime();
        Cli r = sweep(out);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("nothing to run: all 4 runs of tiny are complete"), r.out());
        assertEquals(runs, FolderState.of(out.resolve("runs")), "no run folder changed");
        assertEquals(logs, FolderState.of(out.resolve("logs")), "no attempt was logged");
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30), "no Spark job was started");
    }

    @Test
    @Order(3)
    @Timeout(240)
    void killedStudyIsRetriedWithIdenticalResults() throws Exception {
        Path out = tmp.resolve("b");
        PlannedRun victim = plan.runs().get(2);
        Path run = out.resolve(victim.folder());
        CompletableFuture<Cli> sweeping = CompletableFuture.supplyAsync(() -> sweep(out));
        ProcessHandle study = awaitStudy(run);
        assertTrue(study.destroyForcibly(), "kill -9");
        study.onExit().get(10, TimeUnit.SECONDS);
        Cli r = sweeping.get(200, TimeUnit.SECONDS);
        assertEquals(0, r.code(), () -> r.err() + "\nlogs:\n" + SweepFixtures.logs(out));
        try (SweepFolder folder = SweepFolder.open(out, false)) {
            assertEquals(2, SweepFixtures.attempts(folder.log(victim)), "killed once, then retried");
            assertTrue(Files.readString(folder.log(victim)).contains("ended: killed by signal 9"));
            for (PlannedRun p : plan.runs()) {
                SweepFixtures.assertSameResults(reference.resolve(p.name()), folder.runDir(p));
            }
        }
    }

    @Test
    @Order(4)
    @Timeout(240)
    void killedWorkerIsRecoveredWithIdenticalResults() throws Exception {
        Path out = tmp.resolve("c");
        CompletableFuture<Cli> sweeping = CompletableFuture.supplyAsync(() -> sweep(out));
        // Whichever run worker A's executor works on first: kill the worker (and so its executor) mid-study.
        ProcessHandle study = awaitAnyStudy(out, workerA);
        workerA.destroyForcibly();
        workerA.waitFor(10, TimeUnit.SECONDS);
        study.onExit().get(30, TimeUnit.SECONDS); // the orphaned study sees its executor gone and stops
        Cli r = sweeping.get(200, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.err() + "\n" + cluster.log());
        try (SweepFolder folder = SweepFolder.open(out, false)) {
            for (PlannedRun p : plan.runs()) {
                SweepFixtures.assertSameResults(reference.resolve(p.name()), folder.runDir(p));
            }
        }
    }

    /** The study of {@code run} once it has made its run folder (and holds its lock), before it has finished. */
    private static ProcessHandle awaitStudy(Path run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> p = SweepFixtures.studyOf(run);
            if (p.isPresent() && Files.exists(run.resolve("layerlab-run.json"))) {
                assertFalse(Files.exists(run.resolve("report.html")), "caught the study too late: it finished");
                return p.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no study of " + run + " started within a minute");
    }

    /** A study running under {@code worker} (in its executor), caught mid-run. */
    private ProcessHandle awaitAnyStudy(Path out, Process worker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (PlannedRun p : plan.runs()) {
                Path run = out.resolve(p.folder());
                Optional<ProcessHandle> h = SweepFixtures.studyOf(run);
                if (h.isPresent()
                        && worker.descendants().anyMatch(d -> d.pid() == h.get().pid())
                        && Files.exists(run.resolve("layerlab-run.json"))
                        && !Files.exists(run.resolve("report.html"))) {
                    return h.get();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no study ran on worker A within a minute");
    }
}
