package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.testing.FolderState;
import org.layerlab.testing.IdxFixtures;

/**
 * A ViT through the whole CLI on synthetic MNIST-shaped data: a spec the data cannot take is refused
 * before anything is written, and a tiny one trains, is analyzed by blocks and again, from the same run,
 * by parts.
 */
class CliTransformerStudyTest {
    @TempDir
    Path tmp;

    private Path blocks() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        int[] train = IntStream.range(0, 200).map(i -> i % 10).toArray();
        int[] test = IntStream.range(0, 50).map(i -> (i * 7) % 10).toArray();
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.blockImages(train)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.labels(train)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.blockImages(test)));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.labels(test)));
        return dir;
    }

    private Path spec(String model) throws IOException {
        Path spec = tmp.resolve("vit.yaml");
        Files.writeString(
                spec,
                "data:\n  name: mnist\nmodel:\n  arch: vit\n" + model
                        + "train:\n  epochs: 1\n  batch_size: 50\n  lr: 0.05\n  checkpoints: [0, 1]\n");
        return spec;
    }

    @Test
    void aPatchThatDoesNotDivideTheImagesIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path data = blocks();
        Path spec = spec("  depth: 1\n  patch: 5\n  dim: 8\n  heads: 2\n");
        var before = FolderState.of(tmp);
        Path out = tmp.resolve("run");
        Cli r = Cli.run("study", spec.toString(), "--quiet", "--out", out.toString(), "--data", data.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(
                "layerlab: model.patch: 5 does not divide the 1×28×28 images (choose one of 1, 2, 4, 7, 14, 28)",
                r.errLine());
        assertFalse(Files.exists(out));
        assertEquals(before, FolderState.of(tmp));
    }

    @Test
    void headsThatDoNotDivideDimAreRefused() throws IOException {
        Path data = blocks();
        Path out = tmp.resolve("run");
        Cli r = Cli.run(
                "study",
                spec("  depth: 1\n  patch: 7\n  dim: 8\n  heads: 3\n").toString(),
                "--quiet",
                "--out",
                out.toString(),
                "--data",
                data.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("layerlab: model.heads: 3 does not divide model.dim=8 (choose one of 1, 2, 4, 8)", r.errLine());
        assertFalse(Files.exists(out));
    }

    @Test
    void studyByBlocksThenByPartsFromTheSameRun() throws IOException {
        Path data = blocks();
        Path out = tmp.resolve("run");
        Cli study = Cli.run(
                "study",
                spec("  depth: 2\n  patch: 7\n  dim: 16\n  heads: 2\n").toString(),
                "--quiet",
                "--out",
                out.toString(),
                "--data",
                data.toString());
        assertEquals(0, study.code(), study.err());
        assertEquals(
                List.of("patch_embed", "cls_token", "pos_embed", "block1", "block2", "final_norm", "head", "fullmodel"),
                rows(out));
        byte[] checkpoint = Files.readAllBytes(out.resolve("checkpoints/epoch-001.ckpt"));

        Cli parts = Cli.run("analyze", out.toString(), "--quiet", "--force", "--set", "analysis.units=parts");
        assertEquals(0, parts.code(), parts.err());
        assertEquals(
                List.of(
                        "patch_embed",
                        "cls_token",
                        "pos_embed",
                        "block1.ln1",
                        "block1.attn",
                        "block1.ln2",
                        "block1.mlp",
                        "block2.ln1",
                        "block2.attn",
                        "block2.ln2",
                        "block2.mlp",
                        "final_norm",
                        "head",
                        "fullmodel"),
                rows(out));
        assertTrue(
                java.util.Arrays.equals(checkpoint, Files.readAllBytes(out.resolve("checkpoints/epoch-001.ckpt"))),
                "no retraining");
    }

    private static List<String> rows(Path run) throws IOException {
        Set<String> rows = new LinkedHashSet<>();
        Files.readAllLines(run.resolve("robustness.csv")).stream().skip(1).forEach(l -> rows.add(l.split(",")[0]));
        return List.copyOf(rows);
    }
}
