package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.testing.ChildJvm;
import org.layerlab.testing.FolderState;
import org.layerlab.testing.HoldRunLock;
import org.layerlab.testing.MnistFolder;
import org.layerlab.testing.QuickStudy;

/**
 * What layerlab may delete, which folder it works in, and what a rerun does: --force replaces only a
 * layerlab run and never the working or home folder, one process per run folder, and a rerun after any
 * interruption completes what is missing. A refused command leaves every file byte-identical.
 */
class CliRunFolderTest {
    @TempDir
    Path tmp;

    private Path data;

    @BeforeEach
    void data() {
        data = MnistFolder.learnable(tmp.resolve("mnist"), 200, 100);
    }

    private String[] study(Path out, String... more) {
        return QuickStudy.args(out, data, more);
    }

    @Test
    void aRunKilledWhileCreatingItsFolderIsStartedAgain() throws Exception {
        // The marker is written first, then spec.yaml, each through a hidden temp file: a kill between the two
        // writes, or inside one (kill -9 leaves the temp file: no shutdown hook runs), left a folder that every
        // later command refused; the sweep's kill-and-retry test met "spec.yaml: cannot read". Such a folder
        // holds nothing of a run yet.
        Path done = tmp.resolve("done");
        ok(study(done));
        Path half = Files.createDirectories(tmp.resolve("half"));
        Files.copy(done.resolve("layerlab-run.json"), half.resolve("layerlab-run.json"));
        Path inSpec = Files.createDirectories(tmp.resolve("in-spec"));
        Files.copy(done.resolve("layerlab-run.json"), inSpec.resolve("layerlab-run.json"));
        Files.writeString(inSpec.resolve(".spec.yaml1234567.part"), "data: {na");
        Path inMarker = Files.createDirectories(tmp.resolve("in-marker"));
        Files.writeString(inMarker.resolve("layerlab.lock"), "");
        Files.writeString(inMarker.resolve(".layerlab-run.json99.part"), "{\"lay");
        for (Path out : List.of(half, inSpec, inMarker)) {
            ok(study(out));
            assertEquals(
                    Files.readString(done.resolve("robustness.csv")), Files.readString(out.resolve("robustness.csv")));
            try (var files = Files.list(out)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "temp files removed");
            }
        }
        // A user's folder with such a file and nothing of ours is still not ours.
        Path mine = Files.createDirectories(tmp.resolve("mine-part"));
        Files.writeString(mine.resolve(".spec.yaml.part"), "mine");
        Files.writeString(mine.resolve("draft.txt"), "mine");
        refused(mine, "not a layerlab run", study(mine));
    }

    private static Cli ok(String... args) {
        Cli r = Cli.run(args);
        assertEquals(0, r.code(), () -> Arrays.toString(args) + ": " + r.err());
        return r;
    }

    /** Exit 2, one line mentioning {@code mention}, and {@code folder} byte-identical before and after. */
    private static void refused(Path folder, String mention, String... args) {
        Map<String, String> before = FolderState.of(folder);
        Cli r = Cli.run(args);
        assertEquals(2, r.code(), () -> Arrays.toString(args) + ": " + r.err());
        assertEquals(1, r.errLine().lines().count(), r.err());
        assertTrue(r.errLine().contains(mention), () -> r.errLine() + " should mention " + mention);
        assertEquals(before, FolderState.of(folder), "nothing may change in " + folder);
    }

    @Test
    void forceDoesNotClearAUsersFolder() throws IOException {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("spec.yaml"), "name: my-own\n");
        Files.writeString(mine.resolve("thesis.tex"), "three years of work");
        refused(mine, "not a layerlab run", study(mine, "--force"));
    }

    @Test
    void forceWithOutDotInAUsersFolderDeletesNothing() throws IOException {
        Path mine = Files.createDirectories(tmp.resolve("home-of-user"));
        Files.writeString(mine.resolve("spec.yaml"), "data: {name: mnist}\ntrain: {epochs: 1, checkpoints: [0, 1]}\n");
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        Map<String, String> before = FolderState.of(mine);
        ChildJvm.Result r =
                ChildJvm.cli(mine, "study", "spec.yaml", "--out", ".", "--force", "--quiet", "--data", data.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("not a layerlab run"), r.err());
        assertEquals(before, FolderState.of(mine));
    }

    @Test
    void forceNeverClearsTheWorkingFolderOrItsAncestors() throws IOException {
        Path run = tmp.resolve("run");
        ok(study(run));
        Files.createDirectories(run.resolve("sub"));
        Map<String, String> before = FolderState.of(run);
        for (String out : List.of(".", "sub/..")) {
            ChildJvm.Result r = ChildJvm.cli(run, study(Path.of(out), "--force"));
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("working folder"), r.err());
            assertEquals(before, FolderState.of(run));
        }
        ChildJvm.Result r = ChildJvm.cli(run.resolve("sub"), study(Path.of(".."), "--force"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("holds the working folder"), r.err());
        assertEquals(before, FolderState.of(run));
    }

    @Test
    void runNamesArePlainFolderNames() {
        for (String name : List.of(".", "..", "a/b", "../x", ".hidden")) {
            Path runs = tmp.resolve("runs");
            Cli r = Cli.run("study", "fcn-mnist-quick", "--quiet", "--set", "name=" + name, "--data", data.toString());
            assertEquals(2, r.code(), name + ": " + r.err());
            assertTrue(r.errLine().contains("name"), r.errLine());
            assertFalse(Files.exists(runs));
        }
    }

    @Test
    void forceThroughASymlinkReplacesTheRunItPointsTo() throws IOException {
        Path real = tmp.resolve("real");
        ok(study(real));
        String oldRobustness = Files.readString(real.resolve("robustness.csv"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        ok(study(link, "--force", "--set", "seed=9"));
        assertTrue(Files.isSymbolicLink(link), "the link itself stays");
        assertTrue(Files.readString(real.resolve("spec.yaml")).contains("seed: 9"), "new spec in the real folder");
        assertNotEquals(oldRobustness, Files.readString(real.resolve("robustness.csv")), "retrained with the new seed");
        // The same run made directly gives the same numbers: the old manifest was not reused.
        Path direct = tmp.resolve("direct");
        ok(study(direct, "--set", "seed=9"));
        assertEquals(
                Files.readString(direct.resolve("robustness.csv")), Files.readString(real.resolve("robustness.csv")));
    }

    @Test
    void aRunFolderIsUsedByOneProcessAtATime() throws Exception {
        Path run = tmp.resolve("run");
        ok(study(run));
        Process holder = ChildJvm.start(tmp, HoldRunLock.class.getName(), run.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            assertEquals("locked", out.readLine());
            String pid = Long.toString(holder.pid());
            for (String[] args : List.of(
                    study(run, "--force"),
                    new String[] {"analyze", run.toString(), "--force", "--quiet"},
                    new String[] {"report", run.toString()})) {
                Map<String, String> before = FolderState.of(run);
                Cli r = Cli.run(args);
                assertEquals(2, r.code(), r.err());
                assertTrue(
                        r.errLine().contains("in use by another layerlab process (pid " + pid + " on "), r.errLine());
                assertTrue(
                        r.errLine().contains("org.layerlab.testing.HoldRunLock"), "names the command: " + r.errLine());
                assertEquals(before, FolderState.of(run));
            }
        } finally {
            holder.destroyForcibly(); // SIGKILL: the OS releases the lock
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        ok("analyze", run.toString(), "--force", "--quiet");
    }

    @Test
    void aRerunCompletesAMissingReport() throws IOException {
        Path run = tmp.resolve("run");
        ok(study(run));
        String report = Files.readString(run.resolve("report.html"));
        // As after a kill while the figures were written: report.html (written last) and a figure missing.
        Files.delete(run.resolve("report.html"));
        Files.delete(run.resolve("figures/robustness.png"));
        ok(study(run));
        assertTrue(Files.exists(run.resolve("figures/robustness.png")));
        for (String section : List.of("answer", "rule", "robustness", "distances", "train-log")) {
            assertEquals(section(report, section), section(Files.readString(run.resolve("report.html")), section));
        }
        refused(run, "already complete", study(run));
    }

    @Test
    void aRerunCompletesAnInterruptedAnalysis() throws IOException {
        Path run = tmp.resolve("run");
        ok(study(run));
        String robustness = Files.readString(run.resolve("robustness.csv"));
        // As after a kill while the analysis files were written (analysis.json comes last).
        Files.delete(run.resolve("analysis.json"));
        Files.writeString(run.resolve("robustness.csv"), "torn");
        ok(study(run));
        assertEquals(robustness, Files.readString(run.resolve("robustness.csv")));
        ok("analyze", run.toString(), "--quiet", "--force");
        Files.delete(run.resolve("report.html"));
        ok("analyze", run.toString(), "--quiet"); // analyzed but no report: completes it
        assertTrue(Files.exists(run.resolve("report.html")));
    }

    @Test
    void analyzeForceRewritesTheReportAndFigures() throws IOException {
        Path run = tmp.resolve("run");
        ok(study(run));
        byte[] heatmap = Files.readAllBytes(run.resolve("figures/robustness.png"));
        ok("analyze", run.toString(), "--quiet", "--force", "--set", "analysis.rerandomize_draws=3");
        assertTrue(Files.readString(run.resolve("report.html")).contains("mean of 3 draws"));
        assertFalse(Arrays.equals(heatmap, Files.readAllBytes(run.resolve("figures/robustness.png"))));
        assertEquals(
                3 * 5 + 1, Files.readAllLines(run.resolve("rerandomize.csv")).size());
    }

    @Test
    void aRefusedRerunLeavesEveryFileAlone() throws IOException {
        Path run = tmp.resolve("run");
        ok(study(run));
        refused(run, "already complete", study(run));
        refused(run, "different spec", study(run, "--set", "seed=3"));
        refused(run, "already analyzed", "analyze", run.toString(), "--quiet");
    }

    @Test
    void aRefusedAnalysisOfACorruptCheckpointLeavesEveryFileAlone() throws IOException {
        Path run = tmp.resolve("run");
        ok(study(run));
        Path ckpt = run.resolve("checkpoints/epoch-001.ckpt");
        byte[] b = Files.readAllBytes(ckpt);
        b[b.length - 1] ^= 1;
        Files.write(ckpt, b);
        refused(run, "SHA-256", "analyze", run.toString(), "--quiet", "--force");
    }

    @Test
    void divergedTrainingIsBadInputAndARerunChangesNothing() throws IOException {
        Path run = tmp.resolve("run");
        String[] diverging = study(run, "--set", "train.lr=1e6", "--set", "train.batch_size=10");
        Cli r = Cli.run(diverging);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.errLine().startsWith("layerlab: training diverged at epoch 1, step "), r.errLine());
        assertTrue(r.errLine().contains("lower train.lr (now 1000000.0)"), r.errLine());
        assertTrue(Files.exists(run.resolve("checkpoints/epoch-000.ckpt")), "checkpoint 0 is kept");
        assertFalse(Files.exists(run.resolve("robustness.csv")), "no verdicts on a diverged run");
        // Rerunning resumes from checkpoint 0 and diverges again: provenance and all else untouched.
        refused(run, "training diverged", diverging);
    }

    @Test
    void aNetworkAtChanceGetsNoVerdictsAndTheReportSaysWhy() throws IOException {
        Path noise = MnistFolder.unlearnable(tmp.resolve("noise"), 200, 400);
        Path run = tmp.resolve("run");
        Cli r = ok(
                "study",
                "fcn-mnist-quick",
                "--quiet",
                "--out",
                run.toString(),
                "--data",
                noise.toString(),
                "--set",
                "train.epochs=1",
                "--set",
                "train.checkpoints=[0,1]");
        assertTrue(r.out().contains("no verdicts: the trained network ("), r.out());
        List<String> verdicts = Files.readAllLines(run.resolve("verdicts.csv"));
        assertEquals(6, verdicts.size());
        for (String line : verdicts.subList(1, verdicts.size())) {
            assertEquals("none", line.split(",")[1], line);
        }
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("No verdicts for this run:"), "the report says why");
        assertFalse(html.contains("<td><span class=\"badge robust\">robust</span>"));
    }

    @Test
    void anEditedSpecIsBadInputNamingIt() throws IOException {
        Path run = tmp.resolve("run");
        ok(study(run));
        Path spec = run.resolve("spec.yaml");
        Files.writeString(spec, Files.readString(spec).replace("width: 256", "width: 512"));
        refused(run, "spec.yaml", "analyze", run.toString(), "--quiet", "--force");
        refused(run, "spec.yaml", "report", run.toString());
    }

    @Test
    void aHandEditedManifestCannotPointAnywhere() throws IOException {
        Path run = tmp.resolve("run");
        ok(study(run));
        Path manifest = run.resolve("checkpoints/manifest.json");
        String original = Files.readString(manifest);
        String sha = original.replaceAll("(?s).*?\"sha256\" : \"([0-9a-f]{64})\".*", "$1");
        for (String[] edit : List.of(
                new String[] {"\"epoch-000.ckpt\"", "\"/dev/zero\""},
                new String[] {"\"epoch-001.ckpt\"", "\"../spec.yaml\""},
                new String[] {"\"" + sha + "\"", "null"},
                new String[] {"\"" + sha + "\"", "\"not-a-hash\""},
                new String[] {"\"epoch\" : 0", "\"epoch\" : \"zero\""},
                new String[] {"\"checkpoints\"", "\"checkpoint\""})) {
            Files.writeString(manifest, original.replace(edit[0], edit[1]));
            refused(run, "manifest.json", "analyze", run.toString(), "--quiet", "--force");
        }
    }

    @Test
    void emptySplitsAreBadInput() throws IOException {
        Path noTest = MnistFolder.learnable(tmp.resolve("no-test"), 50, 0);
        Path noTrain = MnistFolder.learnable(tmp.resolve("no-train"), 0, 50);
        for (Path d : List.of(noTest, noTrain)) {
            Path out = tmp.resolve("out-" + d.getFileName());
            Cli r = Cli.run("study", "fcn-mnist-quick", "--quiet", "--out", out.toString(), "--data", d.toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.errLine().contains("has no examples"), r.errLine());
            assertFalse(Files.exists(out));
        }
    }

    private static String section(String html, String id) {
        int from = html.indexOf("<section id=\"" + id + "\">");
        return html.substring(from, html.indexOf("</section>", from));
    }
}
