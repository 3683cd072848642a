package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.testing.IdxFixtures;

/**
 * The whole CLI path, study → analyze --force → report, on synthetic MNIST-shaped data the test writes
 * itself, so a fresh clone without the shared datasets still exercises it end to end.
 */
class CliSyntheticStudyTest {
    @TempDir
    Path tmp;

    private static final List<String> ROWS = List.of("layer1", "layer2", "layer3", "layer4", "fullmodel");
    private static final List<String> COLUMNS = List.of("rerandomize", "0", "1", "2", "3");

    /** 600 training and 200 test images, ten classes in turn, each with its own bright block. */
    private Path blocks() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        int[] train = IntStream.range(0, 600).map(i -> i % 10).toArray();
        int[] test = IntStream.range(0, 200).map(i -> (i * 7) % 10).toArray();
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.blockImages(train)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.labels(train)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.blockImages(test)));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.labels(test)));
        return dir;
    }

    @Test
    void studyThenAnalyzeAgainThenReport() throws IOException {
        Path data = blocks();
        Path out = tmp.resolve("run");
        Cli study = Cli.run(
                "study",
                "fcn-mnist-quick",
                "--quiet",
                "--out",
                out.toString(),
                "--data",
                data.toString(),
                "--set",
                "model.width=64",
                "--set",
                "train.epochs=3",
                "--set",
                "train.batch_size=32",
                "--set",
                "train.lr=0.05",
                "--set",
                "train.lr_milestones=[]",
                "--set",
                "train.checkpoints=[0,1,2,3]");
        assertEquals(0, study.code(), study.err());
        assertEquals("", study.err(), "--quiet and no problem: nothing on stderr");
        for (String row : ROWS) {
            assertTrue(study.out().lines().anyMatch(l -> l.startsWith(row + " ")), row + " in\n" + study.out());
        }
        assertTrue(study.out().contains("report: " + out.resolve("report.html").toAbsolutePath()), study.out());

        List<String> files = new ArrayList<>(List.of(
                "spec.yaml",
                "provenance.json",
                "train-log.csv",
                "robustness.csv",
                "rerandomize.csv",
                "distances.csv",
                "verdicts.csv",
                "analysis.json",
                "report.html",
                "figures/robustness.png",
                "figures/distance-l2.png",
                "figures/distance-linf.png",
                "figures/training.png",
                "checkpoints/manifest.json"));
        for (int e = 0; e <= 3; e++) {
            files.add("checkpoints/epoch-%03d.ckpt".formatted(e));
        }
        for (String f : files) {
            assertTrue(Files.isRegularFile(out.resolve(f)) && Files.size(out.resolve(f)) > 0, f);
        }
        assertTrue(Files.notExists(out.resolve("checkpoints/resume.ckpt")), "a finished run keeps no resume state");

        List<String> log = Files.readAllLines(out.resolve("train-log.csv"));
        assertEquals(5, log.size(), "header and epochs 0..3: " + log);
        Map<String, Double> rob = robustness(out);
        assertEquals(ROWS.size() * COLUMNS.size(), rob.size(), rob.keySet().toString());
        for (String row : ROWS) {
            for (String col : COLUMNS) {
                assertTrue(rob.containsKey(row + "@" + col), row + "@" + col);
            }
        }
        // Chance is 0.9; the blocks are learnt in three epochs, and the initialization only guesses.
        double last = Double.parseDouble(log.get(4).split(",")[4]);
        assertEquals(last, rob.get("fullmodel@3"), 1e-12, "the log's last test error is the trained model's");
        assertTrue(last < 0.2, "learnt: test error " + last);
        assertTrue(rob.get("fullmodel@0") > 0.5, "the initialization guesses: " + rob.get("fullmodel@0"));

        // analyze refuses to redo a finished analysis without --force and leaves it alone ...
        byte[] before = Files.readAllBytes(out.resolve("robustness.csv"));
        Cli again = Cli.run("analyze", out.toString(), "--quiet");
        assertEquals(2, again.code(), again.err());
        assertTrue(again.errLine().contains("--force"), again.errLine());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("robustness.csv")));
        // ... and with --force measures the same numbers again, byte for byte.
        Cli forced = Cli.run("analyze", out.toString(), "--quiet", "--force");
        assertEquals(0, forced.code(), forced.err());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("robustness.csv")));

        Files.delete(out.resolve("report.html"));
        Cli report = Cli.run("report", out.toString());
        assertEquals(0, report.code(), report.err());
        String html = Files.readString(out.resolve("report.html"));
        for (String row : ROWS) {
            assertTrue(html.contains(row), row + " in report.html");
        }
    }

    private static Map<String, Double> robustness(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("robustness.csv"));
        assertEquals("unit,checkpoint,test_error,damage", lines.get(0));
        return lines.stream()
                .skip(1)
                .map(l -> l.split(","))
                .collect(Collectors.toMap(f -> f[0] + "@" + f[1], f -> Double.parseDouble(f[2])));
    }
}
