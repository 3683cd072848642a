package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.sweep.PlannedRun;
import org.layerlab.sweep.SweepFile;
import org.layerlab.sweep.SweepFolder;
import org.layerlab.sweep.SweepPlanner;
import org.layerlab.testing.CliProcess;
import org.layerlab.testing.MnistFolder;
import org.layerlab.testing.SweepFixtures;

/**
 * Sweeps on the default embedded Spark ({@code local[N,F]}): a point with bad data fails with its status row while
 * the others complete (and bad input is not retried); Ctrl-C on the sweep ends its studies, and running it again
 * finishes the sweep; the Slurm script runs the same study command.
 */
class CliSweepLocalTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(180)
    void aPointWithBadDataFailsWithItsStatusRowWhileTheOthersComplete() throws Exception {
        Path good = MnistFolder.learnable(tmp.resolve("mnist"), 200, 100);
        Path bad = MnistFolder.learnable(tmp.resolve("bad"), 200, 100);
        // Labels for fewer images than the file has: the study refuses the data (exit 2).
        Files.write(
                bad.resolve("t10k-labels-idx1-ubyte.gz"),
                org.layerlab.testing.IdxFixtures.gzip(org.layerlab.testing.IdxFixtures.labels(1, 2, 3)));
        Path sweep = SweepFixtures.write(tmp.resolve("mixed.yaml"), """
                name: mixed
                base: fcn-mnist-quick
                set:
                  model.width: 16
                  train.epochs: 1
                  train.checkpoints: [0, 1]
                  train.lr_milestones: []
                points:
                  - {data.dir: %s, model.depth: 1}
                  - {data.dir: %s, model.depth: 2}
                seeds: [1, 2]
                """.formatted(good, bad));
        Path out = tmp.resolve("out");
        Cli r = Cli.run("sweep", sweep.toString(), "--out", out.toString(), "--quiet", "--master", "local[2,3]");
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.errLine().lines().count(), r.err());
        assertTrue(r.errLine().contains("2 of 4 runs did not finish (2 failed)"), r.errLine());

        Cli status = Cli.run("sweep", "status", out.toString(), "--json");
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertEquals(2, json.path("counts").path("done").asInt(), status.out());
        assertEquals(2, json.path("counts").path("failed").asInt(), status.out());
        for (JsonNode run : json.path("runs")) {
            boolean badPoint = run.path("name").asText().contains("depth=2");
            assertEquals(badPoint ? "failed" : "done", run.path("state").asText(), run.toString());
            if (badPoint) {
                assertEquals(2, run.path("exit_code").asInt(), run.toString());
                assertTrue(run.path("reason").asText().contains("exit 2 (bad input)"), run.toString());
                assertTrue(run.path("last_lines").toString().contains("t10k-labels-idx1-ubyte.gz"), run.toString());
            }
        }
        try (SweepFolder folder = SweepFolder.open(out, false)) {
            for (PlannedRun p : folder.plan().runs()) {
                boolean badPoint = p.name().contains("depth=2");
                assertEquals(1, SweepFixtures.attempts(folder.log(p)), "bad input is not retried: " + p.name());
                assertEquals(!badPoint, folder.isDone(p), p.name());
            }
        }
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals("data.dir,model.depth,unit", summary.get(0).substring(0, 25));
        assertTrue(
                summary.stream().skip(1).allMatch(l -> l.split(",")[1].equals("1")),
                "only the point that ran: " + summary);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Missing runs") && html.contains("exit 2 (bad input)"), "the report lists them");
        String table = Cli.run("sweep", "status", out.toString()).out();
        assertTrue(table.contains("depth=2/seed-1") && table.contains("failed"), table);
    }

    @Test
    @Timeout(180)
    void ctrlCEndsTheStudiesAndARerunFinishesTheSweep() throws Exception {
        Path data = MnistFolder.learnable(tmp.resolve("mnist"), 200, 100);
        Path sweep = SweepFixtures.tinySweep(tmp, data);
        Path out = tmp.resolve("out");
        CliProcess driver = CliProcess.start(
                tmp,
                Map.of(),
                List.of("@" + Path.of("src", "main", "spark", "jvm-options").toAbsolutePath(), "-Xmx1g"),
                "sweep",
                sweep.toString(),
                "--out",
                out.toString(),
                "--master",
                "local[2,2]");
        List<ProcessHandle> studies = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (studies.isEmpty() && System.nanoTime() < deadline) {
            ProcessHandle.of(driver.pid())
                    .ifPresent(d -> d.children()
                            .filter(c -> c.info()
                                    .command()
                                    .map(x -> x.endsWith("java"))
                                    .orElse(false))
                            .forEach(studies::add));
            Thread.sleep(20);
        }
        assertFalse(studies.isEmpty(), "no study started: " + driver.err());
        driver.interrupt();
        int code = driver.waitFor(60);
        assertTrue(code != 0, "an interrupted sweep does not succeed");
        for (ProcessHandle s : studies) {
            s.onExit().get(20, TimeUnit.SECONDS);
            assertFalse(s.isAlive(), "study " + s.pid() + " outlived the sweep");
        }

        Cli again = Cli.run("sweep", sweep.toString(), "--out", out.toString(), "--quiet", "--master", "local[2,2]");
        assertEquals(0, again.code(), again.err());
        try (SweepFolder folder = SweepFolder.open(out, false)) {
            assertTrue(folder.plan().runs().stream().allMatch(folder::isDone));
        }
    }

    @Test
    @Timeout(60)
    void slurmScriptRunsTheSameStudyCommand() throws IOException, InterruptedException {
        Path data = MnistFolder.learnable(tmp.resolve("mnist"), 200, 100);
        Path sweep = SweepFixtures.tinySweep(tmp, data);
        Path out = tmp.resolve("out");
        Cli notYet = Cli.run("sweep", "emit", out.toString(), "--slurm");
        assertEquals(2, notYet.code(), "not a sweep yet: " + notYet.err());
        assertTrue(notYet.errLine().contains("no such sweep folder"), notYet.errLine());
        // A planned sweep folder (plan.json, specs/) with nothing run yet, as 'layerlab sweep' leaves it.
        SweepPlanner.Planned planned = SweepPlanner.plan(SweepFile.load(sweep.toString()), List.of());
        SweepFolder.prepare(out, planned.plan(), planned.specs()).close();
        Cli emit = Cli.run("sweep", "emit", out.toString(), "--slurm", "--threads-per-run", "2");
        assertEquals(0, emit.code(), emit.err());
        Path script = out.resolve("slurm/sweep.sbatch");
        String text = Files.readString(script);
        assertTrue(text.contains("#SBATCH --array=0-3"), text);
        assertTrue(text.contains("#SBATCH --cpus-per-task=2"), text);
        assertTrue(text.contains("export OMP_NUM_THREADS=2"), text);
        assertTrue(text.contains("org.layerlab.cli.Main study \"$spec\" --out \"$out\" --quiet --threads 2"), text);
        Process syntax = new ProcessBuilder("bash", "-n", script.toString())
                .redirectErrorStream(true)
                .start();
        assertEquals(0, syntax.waitFor(), new String(syntax.getInputStream().readAllBytes()));
        List<String> runs = Files.readAllLines(out.resolve("slurm/runs.tsv"));
        assertEquals(4, runs.size(), runs.toString());
        assertTrue(runs.get(0).startsWith("depth=1/seed-1\t" + out.resolve("specs")), runs.get(0));
        // One array task, as Slurm would run it: the study runs and its run folder is complete.
        ProcessBuilder task = new ProcessBuilder("bash", script.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("task.log").toFile());
        task.environment().put("SLURM_ARRAY_TASK_ID", "0");
        task.environment()
                .put(
                        "PATH",
                        Path.of(System.getProperty("java.home"), "bin") + ":"
                                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = task.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the array task did not finish");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("task.log")));
        assertTrue(Files.isRegularFile(out.resolve("runs/depth=1/seed-1/report.html")));
    }
}
