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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.testing.FolderState;
import org.layerlab.testing.MnistFolder;
import org.layerlab.testing.QuickStudy;

/**
 * Training variants (train.freeze, model.remove) and the joint-reset keys through the CLI: bad input is
 * refused with exit 2 and one line before anything is written; a run with a removed unit has no row for
 * it and says so; {@code groups: [robust]} on a run whose verdicts are withheld completes without the row
 * and says why.
 */
class CliTrainingVariantsTest {
    @TempDir
    Path tmp;

    private Path data;

    @BeforeEach
    void data() {
        data = MnistFolder.learnable(tmp.resolve("mnist"), 200, 100);
    }

    /** fcn-mnist-quick (FCN 3×256: layer1 784 → 256, layer2 and layer3 256 → 256, layer4 256 → 10), 1 epoch. */
    private String[] study(Path out, String... sets) {
        List<String> more = new ArrayList<>(List.of("--set", "analysis.eval_batch_size=100"));
        for (String s : sets) {
            more.add("--set");
            more.add(s);
        }
        return QuickStudy.args(out, data, more.toArray(String[]::new));
    }

    /** Exit 2, one line containing every {@code mention}, no stack trace, and no run folder. */
    private Cli refused(Path out, String[] args, String... mentions) {
        Cli r = Cli.run(args);
        assertEquals(2, r.code(), () -> Arrays.toString(args) + ": " + r.err());
        assertEquals(1, r.errLine().lines().count(), () -> "one line expected, got: " + r.err());
        for (String m : mentions) {
            assertTrue(r.errLine().contains(m), () -> "'" + r.errLine() + "' should mention " + m);
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(out), "nothing may be written to " + out);
        return r;
    }

    private static Cli ok(String... args) {
        Cli r = Cli.run(args);
        assertEquals(0, r.code(), () -> Arrays.toString(args) + ": " + r.err());
        return r;
    }

    @Test
    void removingAShapeChangingUnitNamesItsShapes() {
        Path out = tmp.resolve("run");
        refused(
                out,
                study(out, "model.remove=[layer1]"),
                "model.remove: layer1 cannot be replaced by the identity",
                "input 1×28×28, output 256");
        refused(out, study(out, "model.remove=[layer4]"), "model.remove: layer4", "input 256, output 10");
        // A residual block whose shortcut is a projection (stage 2 halves the resolution, doubles the width).
        refused(
                out,
                study(out, "model.arch=resnet", "model.width_multiplier=0.25", "model.remove=[stage2.resblk1]"),
                "model.remove: stage2.resblk1 cannot be replaced by the identity",
                "input 16×28×28, output 32×14×14");
    }

    @Test
    void unknownUnitsAreRefusedWithTheKnownOnes() {
        Path out = tmp.resolve("run");
        refused(
                out,
                study(out, "train.freeze=[layer9]"),
                "train.freeze: unknown unit 'layer9'",
                "layer1, layer2, layer3, layer4");
        refused(
                out,
                study(out, "model.remove=[block2]"),
                "model.remove: unknown unit 'block2'",
                "layer1, layer2, layer3, layer4");
        // On a one-unit model an unknown name is still an unknown name, not "every unit".
        refused(
                out,
                study(out, "model.depth=0", "model.remove=[bogus]"),
                "model.remove: unknown unit 'bogus'",
                "units: layer1");
    }

    /**
     * Removing every unit is not reachable with names of real units: the first unit of every architecture
     * takes the input (an image, token ids) to another shape and the last gives the classes, so neither can
     * be removed. The closest cases are refused as such: every unit listed, and the one unit of an FCN
     * without hidden layers.
     */
    @Test
    void removingEveryUnitIsRefused() {
        Path out = tmp.resolve("run");
        refused(
                out,
                study(out, "model.remove=[layer1,layer2,layer3,layer4]"),
                "model.remove",
                "would remove every unit");
        refused(out, study(out, "model.depth=0", "model.remove=[layer1]"), "model.remove", "would remove every unit");
    }

    @Test
    void aUnitBothFrozenAndRemovedIsRefused() {
        Path out = tmp.resolve("run");
        refused(
                out,
                study(out, "train.freeze=[layer2]", "model.remove=[layer2]"),
                "train.freeze: layer2 is also in model.remove");
    }

    @Test
    void aGroupNamingARemovedUnitIsRefusedBeforeTraining() {
        Path out = tmp.resolve("run");
        refused(
                out,
                study(out, "model.remove=[layer2]", "analysis.groups=[\"layer2,layer3\"]"),
                "analysis.groups: 'layer2,layer3'",
                "layer2",
                "model.remove");
    }

    @Test
    void cumulativeRowsOnAOneUnitModelAreRefused() throws IOException {
        Path out = tmp.resolve("run");
        refused(
                out,
                study(out, "model.depth=0", "analysis.cumulative=both"),
                "analysis.cumulative: both needs two or more units",
                "layer1");
        // The same on re-analysis of a trained one-unit run: refused, and the run stays as it was.
        ok(study(out, "model.depth=0"));
        Map<String, String> before = FolderState.of(out);
        Cli r = Cli.run("analyze", out.toString(), "--quiet", "--force", "--set", "analysis.cumulative=bottom-up");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLine().lines().count(), r.err());
        assertTrue(r.errLine().contains("analysis.cumulative: bottom-up needs two or more units"), r.errLine());
        assertEquals(before, FolderState.of(out), "nothing may change in the run");
    }

    @Test
    void aRemovedUnitHasNoRowAndTheRunSaysItWasRemoved() throws IOException {
        Path out = tmp.resolve("run");
        ok(study(out, "model.remove=[layer2]", "analysis.remove=true", "analysis.cumulative=bottom-up"));
        List<String> rows = Files.readAllLines(out.resolve("robustness.csv")).stream()
                .skip(1)
                .map(l -> l.split(",")[0])
                .distinct()
                .toList();
        // The cumulative rows count the units that are there: layer1, layer3, layer4.
        assertEquals(List.of("layer1", "layer3", "layer4", "bottom-1", "bottom-2", "bottom-3", "fullmodel"), rows);
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("remove: [layer2]")
                || Files.readString(out.resolve("spec.yaml")).contains("- layer2"));
        JsonNode provenance =
                new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
        assertEquals("[\"layer2\"]", provenance.path("model").path("removed").toString(), provenance.toString());
        assertEquals("[]", provenance.path("model").path("frozen").toString());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("trained and measured without layer2"), "the report says layer2 was removed");
        // layer3 (256 → 256) can still be removed after training; layer2 is gone, so it has no Block Influence.
        List<String> scores = Files.readAllLines(out.resolve("scores.csv"));
        assertEquals("unit,block_influence", scores.get(0));
        assertEquals(
                List.of("layer3"),
                scores.stream().skip(1).map(l -> l.split(",")[0]).toList());
    }

    /**
     * A ViT with block2 removed, analyzed by parts with a group of block1's parts: the rows are the parts of
     * the blocks that are there, and the group (named by parts, which the analysis must still know with a
     * block removed) is measured.
     */
    @Test
    void aTransformerWithARemovedBlockIsAnalyzedByPartsWithGroupsOfParts() throws IOException {
        Path spec = tmp.resolve("vit.yaml");
        Files.writeString(spec, """
                data: {name: mnist}
                model: {arch: vit, depth: 2, patch: 7, dim: 16, heads: 2, remove: [block2]}
                train: {epochs: 1, batch_size: 50, lr: 0.05, checkpoints: [0, 1]}
                analysis: {units: parts, groups: ["block1.attn,block1.mlp", robust], eval_batch_size: 100}
                """);
        Path out = tmp.resolve("run");
        ok("study", spec.toString(), "--quiet", "--out", out.toString(), "--data", data.toString());
        List<String> rows = Files.readAllLines(out.resolve("robustness.csv")).stream()
                .skip(1)
                .map(l -> l.split(",")[0])
                .distinct()
                .toList();
        assertTrue(rows.contains("block1.attn+block1.mlp"), rows.toString());
        assertTrue(rows.containsAll(List.of("block1.ln1", "block1.attn", "block1.ln2", "block1.mlp")), rows.toString());
        assertTrue(rows.stream().noneMatch(r -> r.startsWith("block2")), "block2 was removed: " + rows);
    }

    /**
     * Decided: {@code groups: [robust]} on a run whose verdicts are withheld (the network does not beat
     * chance) is not bad input. Whether verdicts are withheld is known only once the trained network is
     * measured, and the rest of the analysis stands; so the run completes (exit 0) without the robust
     * row, and the report says why: no unit is called robust because no unit was judged.
     */
    @Test
    void theRobustGroupOfARunWithoutVerdictsHasNoRowAndTheReportSaysWhy() throws IOException {
        Path noise = MnistFolder.unlearnable(tmp.resolve("noise"), 200, 100);
        Path out = tmp.resolve("run");
        Cli r = ok(
                "study",
                "fcn-mnist-quick",
                "--quiet",
                "--out",
                out.toString(),
                "--data",
                noise.toString(),
                "--set",
                "train.epochs=1",
                "--set",
                "train.checkpoints=[0,1]",
                "--set",
                "analysis.groups=[robust]");
        assertEquals("", r.err());
        List<String> verdicts = Files.readAllLines(out.resolve("verdicts.csv"));
        assertTrue(verdicts.stream().skip(1).allMatch(l -> l.split(",")[1].equals("none")), verdicts.toString());
        assertTrue(
                Files.readAllLines(out.resolve("robustness.csv")).stream().noneMatch(l -> l.startsWith("robust")),
                "no robust row");
        String note = "the robust group has no row: verdicts are withheld";
        assertTrue(Files.readString(out.resolve("analysis.json")).contains(note), "analysis.json keeps the note");
        assertTrue(Files.readString(out.resolve("report.html")).contains(note), "the report says why");
    }
}
