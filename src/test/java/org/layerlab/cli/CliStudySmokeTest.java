package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.testing.SharedData;

/**
 * The real CLI on a small real subset: 2,000 MNIST training images, the full test set, 2 epochs.
 * Checks the run folder's files and their contents, reproducibility and the separate steps.
 */
class CliStudySmokeTest {
    @TempDir
    Path tmp;

    private static final List<String> COLUMNS = List.of("rerandomize", "0", "1", "2");
    private static final List<String> ROWS = List.of("layer1", "layer2", "layer3", "layer4", "fullmodel");

    private String[] study(Path out, String... more) {
        Path mnist = SharedData.root().orElseThrow().resolve("mnist");
        List<String> args = new java.util.ArrayList<>(List.of(
                "study",
                "fcn-mnist-quick",
                "--quiet",
                "--out",
                out.toString(),
                "--data",
                mnist.toString(),
                "--set",
                "train.epochs=2",
                "--set",
                "train.checkpoints=[0,1,2]",
                "--set",
                "data.train_limit=2000",
                "--set",
                "train.lr=0.05",
                "--set",
                "train.lr_milestones=[]"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void studyWritesACompleteReproducibleRun() throws IOException {
        SharedData.assumePresent(SharedData.file("mnist/train-images-idx3-ubyte.gz"), "MNIST copy");
        Path out = tmp.resolve("run");
        Cli first = Cli.run(study(out));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("layer1") && first.out().contains("report:"), first.out());

        for (String f : List.of(
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
                "checkpoints/manifest.json")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        List<String> log = Files.readAllLines(out.resolve("train-log.csv"));
        assertEquals(
                List.of("epoch", "1", "2"),
                List.of(
                        log.get(0).split(",")[0],
                        log.get(2).split(",")[0],
                        log.get(3).split(",")[0]));

        Map<String, Double> rob = table(out.resolve("robustness.csv"), "unit,checkpoint,test_error,damage");
        assertEquals(ROWS.size() * COLUMNS.size(), rob.size());
        for (String row : ROWS) {
            for (String col : COLUMNS) {
                double e = rob.get(row + "@" + col);
                assertTrue(e >= 0 && e <= 1, row + "@" + col + " = " + e);
            }
            // Re-initializing to the last checkpoint changes nothing: every row shows the final error.
            assertEquals(rob.get("fullmodel@2"), rob.get(row + "@2"), row);
        }
        assertTrue(rob.get("fullmodel@0") > 0.7, "the initial model guesses: " + rob.get("fullmodel@0"));
        assertTrue(
                rob.get("fullmodel@2") < 0.25, "2 epochs on 2,000 images learn something: " + rob.get("fullmodel@2"));

        List<String> dist = Files.readAllLines(out.resolve("distances.csv"));
        assertEquals("unit,checkpoint,l2,l2_rel,l2_rms,linf", dist.get(0));
        for (String line : dist.subList(1, dist.size())) {
            String[] f = line.split(",");
            double l2 = Double.parseDouble(f[2]);
            assertTrue(f[1].equals("2") ? l2 == 0 : l2 > 0, line);
        }
        List<String> verdicts = Files.readAllLines(out.resolve("verdicts.csv"));
        assertEquals(ROWS.size() + 1, verdicts.size());
        assertTrue(
                verdicts.stream().skip(1).allMatch(v -> v.matches("[a-z0-9+]+,(robust|intermediate|critical),.*")),
                verdicts.toString());

        JsonNode prov =
                new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
        assertEquals(
                "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                prov.at("/dataset/sha256/train-images-idx3-ubyte.gz").asText());
        assertTrue(prov.at("/software/engine").asText().startsWith("PyTorch"), prov.toString());
        assertEquals(0, prov.at("/seeds/run").asInt());
        String spec = Files.readString(out.resolve("spec.yaml"));
        assertTrue(spec.contains("train_limit: 2000") && spec.contains("checkpoints:"), spec);

        // Same spec and seed: the same robustness.csv, byte for byte.
        byte[] before = Files.readAllBytes(out.resolve("robustness.csv"));
        Cli again = Cli.run(study(out));
        assertEquals(2, again.code(), "a finished run is not redone without --force");
        Cli forced = Cli.run(study(out, "--force"));
        assertEquals(0, forced.code(), forced.err());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("robustness.csv")));

        // Analysis keys can change after training; a group becomes a row of its own.
        Cli grouped = Cli.run("analyze", out.toString(), "--quiet", "--force", "--group", "layer2,layer3");
        assertEquals(0, grouped.code(), grouped.err());
        Map<String, Double> withGroup = table(out.resolve("robustness.csv"), "unit,checkpoint,test_error,damage");
        assertTrue(withGroup.containsKey("layer2+layer3@0"), withGroup.keySet().toString());
        assertEquals(rob.get("layer1@0"), withGroup.get("layer1@0"), "other rows are unchanged");
        Cli report = Cli.run("report", out.toString());
        assertEquals(0, report.code(), report.err());
        assertTrue(Files.readString(out.resolve("report.html")).contains("layer2+layer3"));
    }

    private static Map<String, Double> table(Path csv, String header) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertEquals(header, lines.get(0));
        return lines.stream()
                .skip(1)
                .map(l -> l.split(","))
                .collect(Collectors.toMap(f -> f[0] + "@" + f[1], f -> Double.parseDouble(f[2])));
    }
}
